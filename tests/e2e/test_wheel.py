"""The wheel installs alone and works: built from this tree, installed with a plain
`pip install smtui-*.whl` into a fresh venv (no system site-packages; dependencies resolved
from the package index or pip's cache), then run from that venv only: its themes, its
price data, the sandbox, and the console's first screen in a terminal (tmux).

Slow (a build and an install): about a minute on a quiet 2-core machine with a warm pip
cache; it needs the package index (or a warm cache) for the dependencies.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest

from smtui import __version__

# one xdist worker builds and installs once for both tests (make test: --dist loadgroup)
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600), pytest.mark.xdist_group("wheel")]

ROOT = Path(__file__).resolve().parents[2]


def run(*cmd: str | Path, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=540
    )
    assert done.returncode == 0, f"{cmd}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


def clean_env() -> dict[str, str]:
    """The test's environment (conftest's isolated config and AWS settings) without
    anything pointing back at this source tree or the test venv."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PYTHONNOUSERSITE"] = "1"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The venv's bin directory, with the freshly built wheel installed in it."""
    tmp = tmp_path_factory.mktemp("wheel")
    env = clean_env()
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp / "dist", ROOT,
        cwd=tmp, env=env)  # fmt: skip
    (wheel,) = (tmp / "dist").glob("smtui-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert f"smtui-{__version__}.dist-info/licenses/LICENSE" in names
    assert "smtui/data/sagemaker_prices.json" in names
    assert "smtui/_themes/smtui-dark.toml" in names
    assert "smtui/_iam/operator-policy.json" in names
    venv = tmp / "venv"
    base = getattr(sys, "_base_executable", sys.executable)  # not this venv's python
    run(base, "-m", "venv", venv, cwd=tmp, env=env)
    assert "include-system-site-packages = false" in (venv / "pyvenv.cfg").read_text()
    run(venv / "bin" / "python", "-m", "pip", "install", "-q", wheel, cwd=tmp, env=env)
    return venv / "bin"


def test_the_installed_wheel_works_alone(installed: Path, tmp_path: Path) -> None:
    env = clean_env()
    smtui = installed / "smtui"
    where = run(installed / "python", "-c", "import smtui; print(smtui.__file__)",
                cwd=tmp_path, env=env)  # fmt: skip
    assert where.stdout.strip().startswith(str(installed.parent)), where.stdout
    assert run(smtui, "--version", cwd=tmp_path, env=env).stdout.strip() == f"smtui {__version__}"
    themes = json.loads(run(smtui, "themes", "-o", "json", cwd=tmp_path, env=env).stdout)
    shipped = {t["name"] for t in themes if t["source"] == "shipped"}
    assert {"smtui-dark", "smtui-light", "smtui-256"} <= shipped
    estimate = run(smtui, "cost", "estimate", "--instance-type", "ml.g5.2xlarge", "--hours", "10",
                   "--region", "us-east-1", "-o", "json", cwd=tmp_path, env=env)  # fmt: skip
    priced = next(r for r in json.loads(estimate.stdout) if r["Item"] == "compute")
    assert priced["PriceSource"].startswith("bundled table") and priced["CostUSD"] > 0
    jobs = run(smtui, "jobs", "--sandbox", "--limit", "5", "-o", "json", cwd=tmp_path, env=env)
    assert len(json.loads(jobs.stdout)) == 5
    doctor = run(smtui, "doctor", "--sandbox", "-o", "json", cwd=tmp_path, env=env)
    assert all(c["status"] in ("OK", "WARN") for c in json.loads(doctor.stdout))


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed")
def test_the_installed_console_shows_its_first_screen(installed: Path) -> None:
    from tests.e2e.test_tmux import wait_screen

    session = f"smtui-wheel-{uuid.uuid4().hex[:8]}"
    env = " ".join(f"{k}={v}" for k, v in clean_env().items() if k.startswith("SMTUI_"))
    cmd = f"env -u PYTHONPATH {env} TERM=xterm-256color {installed / 'smtui'} --sandbox"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30", cmd], check=True
    )
    try:
        screen = wait_screen(session, "Training jobs  [200]", timeout=90)
        lines = screen.splitlines()
        assert "NAME" in lines[2] and "STATUS" in lines[2]
        assert any(s in screen for s in ("InProgress", "Completed", "Failed", "Stopped"))
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
