"""Sources: the (profile, region) cross product, merged-row keys and cells, per-source
polls that fail on their own, the header summary, the settings and the sandbox's STS."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from smtui.aws.errors import AwsError
from smtui.aws.identity import Identity
from smtui.sandbox.services.sts import account_for
from smtui.services import sources
from smtui.services.registry import Column, ResourceKind
from smtui.services.settings import SettingsError, load_settings
from smtui.services.sources import Source, Sources
from smtui.services.table_index import TableRow


def _backend(account: str | None = None) -> Any:
    identity = Identity(account, "arn", "id") if account else None
    return SimpleNamespace(
        identity=identity, clients=object(), explain=lambda error: f"explained {error.code}"
    )


def _kind(pages: list[list[dict[str, str]]] | Exception) -> ResourceKind:
    def list_pages(clients: Any, params: dict[str, Any], cancelled: Any) -> Any:
        if isinstance(pages, Exception):
            raise pages
        yield from pages

    return ResourceKind(
        name="things",
        title="Things",
        columns=(Column("NAME", 20), Column("STATUS", 10)),
        list_pages=list_pages,
        key=lambda item: item["name"],
        row=lambda item, now: TableRow(
            item["name"],
            (item["name"], item["status"]),
            (item["name"], item["status"]),
            item["name"],
        ),
        default_sort=(1, True),
    )


def test_names_split_trim_and_dedupe() -> None:
    assert sources.split_names("a, b,,a ,c") == ["a", "b", "c"]
    assert sources.split_names(None) == []
    assert sources.split_names(["x", " y "]) == ["x", "y"]


def test_pairs_are_the_cross_product_profile_major() -> None:
    assert sources.pairs(["a", "b"], ["x", "y"]) == [("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")]
    assert sources.pairs(["a", "b"], []) == [("a", None), ("b", None)]
    assert sources.pairs([], ["x", "y"]) == [(None, "x"), (None, "y")]


def test_summary_names_what_varies() -> None:
    def of(*pairs: tuple[str, str]) -> Sources:
        return Sources(tuple(Source(p, r) for p, r in pairs))

    assert of(("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")).summary() == "2 profiles × 2 regions"
    assert of(("a", "x"), ("b", "x"), ("c", "x")).summary() == "3 profiles"
    assert of(("a", "x"), ("a", "y")).summary() == "2 regions"
    assert not of(("a", "x")).multi and of(("a", "x"), ("a", "y")).multi


def test_keys_are_prefixed_and_split_back_even_with_colons() -> None:
    one, two = Source("a", "us-east-1"), Source("team:b", "eu-west-1")
    group = Sources((one, two))
    assert one.key("job-1") == "a/us-east-1:job-1"
    assert group.split(one.key("job-1")) == (one, "job-1")
    assert group.split(two.key("arn:aws:x")) == (two, "arn:aws:x")
    assert group.split("job-1") is None


def test_source_row_leads_with_account_and_region() -> None:
    source = Source("b", "eu-west-1", backend=_backend("210987654321"))
    row = sources.source_row(source, TableRow("j", ("j", "Failed"), ("j", 3), "j failed"))
    assert row.key == "b/eu-west-1:j"
    assert row.cells == (("210987654321", "muted"), "eu-west-1", "j", "Failed")
    assert row.sort_values == ("210987654321", "eu-west-1", "j", 3)
    assert "eu-west-1" in row.search_text and "b" in row.search_text.split()
    unknown = sources.source_row(Source("c", "x", backend=_backend()), row)
    assert unknown.cells[0] == ("…", "muted")


def test_merged_columns_and_sort_shift_by_the_source_columns() -> None:
    kind = _kind([])
    assert [c.label for c in sources.merged_columns(kind)] == [
        "ACCOUNT",
        "REGION",
        "NAME",
        "STATUS",
    ]
    assert sources.merged_sort(kind) == (3, True)
    widths = [c.width for c in sources.merged_columns(kind, ["us-east-1", "ap-southeast-2"])]
    assert widths[:2] == [12, len("ap-southeast-2")]
    assert sources.merged_columns(kind, ["us-east-1"])[1].width == len("us-east-1")


def test_a_source_poll_tags_rows_seen_and_keeps_items() -> None:
    kind = _kind([[{"name": "j1", "status": "InProgress"}], [{"name": "j2", "status": "Failed"}]])
    source = Source("a", "us-east-1", backend=_backend("111111111111"))
    batches = list(sources.poll(kind, source, {}))
    last = batches[-1]
    assert last.done and last.error is None
    assert last.seen == {"a/us-east-1:j1", "a/us-east-1:j2"}
    rows = [r for b in batches for r in b.rows]
    assert [r.key for r in rows] == ["a/us-east-1:j1", "a/us-east-1:j2"]
    items = [i for b in batches for i in b.items]
    assert items[0] == {"name": "j1", "status": "InProgress"}  # the kind's own item


def test_a_failing_source_yields_its_error_and_no_removal() -> None:
    kind = _kind(AwsError("ExpiredTokenException", "The security token included is expired"))
    batches = list(sources.poll(kind, Source("b", "x", backend=_backend()), {}))
    assert len(batches) == 1
    assert batches[0].error is not None and batches[0].error.code == "ExpiredTokenException"
    assert batches[0].seen is None and not batches[0].removed


def test_a_source_that_could_not_be_built_reports_why() -> None:
    failure = AwsError("ProfileNotFound", "The config profile (nope) could not be found")
    source = Source("nope", "-", failure=failure)
    batches = list(sources.poll(_kind([]), source, {}))
    assert batches[0].error is failure
    assert source.explain(failure).startswith("profile nope (-): ProfileNotFound")
    assert Sources((source, Source("a", "x", backend=_backend()))).working[0].profile == "a"


def test_the_config_names_profiles_and_regions(tmp_path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('fan_out_profiles = ["a", "b"]\nfan_out_regions = "us-east-1,eu-west-1"\n')
    settings = load_settings(None, path=path, environ={})
    assert settings.fan_out_profiles == ("a", "b")
    assert settings.fan_out_regions == ("us-east-1", "eu-west-1")
    path.write_text("fan_out_regions = 3\n")
    with pytest.raises(SettingsError, match="fan_out_regions"):
        load_settings(None, path=path, environ={})


def test_sandbox_sts_names_an_account_per_access_key() -> None:
    assert account_for("sandbox") == account_for(None) == "123456789012"
    other = account_for("team-b-key")
    assert other != "123456789012" and len(other) == 12 and other.isdigit()
    assert account_for("team-b-key") == other  # stable
