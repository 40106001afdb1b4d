"""`smtui doctor` against moto (an AWS mock nobody here wrote): credentials from the
environment, identity from moto's STS, reads moto answers allowed; what moto does not
implement (some List operations, IAM SimulatePrincipalPolicy) is a WARN naming it, not a
FAIL: doctor tells "denied" from "could not ask"."""

from __future__ import annotations

import json

import pytest

from smtui.cli import main

pytestmark = [pytest.mark.moto, pytest.mark.xdist_group("moto")]


def test_doctor_on_moto(moto_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["doctor", "--endpoint-url", moto_env, "-o", "json"])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    checks = {c["name"]: c for c in json.loads(out.out)}
    assert checks["credentials"]["status"] == "OK"
    assert checks["credentials"]["detail"].startswith("env ")  # botocore's provider method
    assert checks["identity"]["status"] == "OK"
    assert checks["endpoint"]["status"] == "OK" and moto_env in checks["endpoint"]["detail"]
    assert checks["clock"]["status"] in ("OK", "WARN")
    assert checks["reads"]["status"] in ("OK", "WARN") and checks["reads"]["denied"] == []
    assert checks["permissions"]["status"] in ("OK", "WARN")
    assert checks["permissions"]["denied"] == []
    assert all("\n" not in c["detail"] for c in checks.values())  # one line each, no HTML
    assert code == 0
