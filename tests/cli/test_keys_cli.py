"""`smtui keys`: the effective keymap, from the real bindings, with config [keys] applied."""

from __future__ import annotations

import json
from pathlib import Path

from smtui.cli import main
from smtui.services.kinds import default_registry
from smtui.ui.app import SmtuiApp
from smtui.ui.screens.detail_screen import DetailScreen
from smtui.ui.screens.resource_screen import ResourceScreen
from smtui.ui.widgets.resource_table import ResourceTable


def _keys(capsys, *argv: str) -> tuple[list[dict[str, str]], str]:
    assert main(["keys", "--output", "json", *argv]) == 0
    out = capsys.readouterr()
    return json.loads(out.out), out.err


def test_keys_lists_every_binding_id_of_app_views_table_and_kinds(capsys) -> None:
    records, err = _keys(capsys)
    assert err == ""
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    expected = set()
    for cls in (SmtuiApp, ResourceScreen, DetailScreen, ResourceTable):
        expected |= {b.id for b in cls.BINDINGS if getattr(b, "id", None)}
    for kind in default_registry():
        expected |= {a.id for a in kind.actions} | {c.id for c in kind.children}
    assert expected <= set(ids)
    by_id = {r["id"]: r for r in records}
    assert by_id["table.cursor_down"]["keys"] == "down,j"
    assert by_id["table.half_page_down"]["keys"] == "ctrl+d"
    assert by_id["table.half_page_up"]["keys"] == "ctrl+u"
    assert by_id["view.filter"]["keys"] == "/" and by_id["view.filter"]["scope"] == "view"
    assert by_id["jobs.stop"]["scope"] == "jobs"
    assert ids.index("app.help") < ids.index("view.filter") < ids.index("table.home")


def test_keys_applies_config_and_warns_about_unknown_ids(tmp_path: Path, capsys) -> None:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(
        '[keys]\n"jobs.stop" = "x"\n"table.cursor_down" = "n,down"\n"nope.nothing" = "z"\n'
        '[profiles.prod.keys]\n"view.filter" = "f"\n'
    )
    records, err = _keys(capsys)
    by_id = {r["id"]: r for r in records}
    assert by_id["jobs.stop"]["keys"] == "x" and by_id["jobs.stop"]["default"] == "s"
    assert by_id["table.cursor_down"]["keys"] == "n,down"
    assert by_id["view.filter"]["keys"] == "/"
    assert "'nope.nothing' is not a binding id" in err
    records, _ = _keys(capsys, "--profile", "prod")
    assert {r["id"]: r for r in records}["view.filter"]["keys"] == "f"
    assert main(["keys"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["ID", "KEYS", "DOES", "WHERE"]
    assert any(line.split()[:2] == ["jobs.stop", "x"] for line in table)
