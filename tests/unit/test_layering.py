"""The import rules of DESIGN.md: imports point down only, textual only in ui/,
boto3 only in aws/ and sandbox/, and nothing imports sagemaker at startup."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "smtui"

# layer -> top-level modules it must never import
FORBIDDEN = {
    "domain": {
        "textual",
        "boto3",
        "botocore",
        "smtui.aws",
        "smtui.services",
        "smtui.ui",
        "smtui.sandbox",
        "smtui.cli",
        "sagemaker",
    },
    "aws": {"textual", "smtui.services", "smtui.ui", "smtui.sandbox", "smtui.cli", "sagemaker"},
    "services": {
        "textual",
        "boto3",
        "botocore",
        "smtui.ui",
        "smtui.sandbox",
        "smtui.cli",
        "sagemaker",
    },
    "ui": {"boto3", "botocore", "smtui.aws", "smtui.sandbox", "smtui.cli", "sagemaker"},
    "sandbox": {"textual", "smtui.ui", "smtui.services", "smtui.aws", "smtui.cli", "sagemaker"},
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _violations(layer: str) -> list[str]:
    bad = []
    for path in sorted((ROOT / layer).rglob("*.py")):
        for name in _imports(path):
            for banned in FORBIDDEN[layer]:
                if name == banned or name.startswith(banned + "."):
                    bad.append(f"{path.relative_to(ROOT.parent)} imports {name}")
    return bad


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_point_down(layer: str) -> None:
    assert (ROOT / layer).is_dir()
    assert _violations(layer) == []


def test_the_rule_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "x.py"
    bad.write_text("import textual.app\nfrom boto3 import client\n")
    assert "textual.app" in _imports(bad) and "boto3" in _imports(bad)


def _modules_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_lower_layers_load_without_textual() -> None:
    mods = _modules_after(
        "import smtui.services.backend, smtui.services.refresh, smtui.aws.training, smtui.sandbox"
    )
    assert "textual" not in mods
    assert "sagemaker" not in mods


def test_domain_loads_without_boto3() -> None:
    mods = _modules_after("import smtui.domain.training, smtui.domain.timefmt")
    assert not {"boto3", "botocore", "textual"} & mods


def test_startup_never_imports_sagemaker() -> None:
    mods = _modules_after("import smtui.cli, smtui.ui.app")
    assert "sagemaker" not in mods
