"""AWS profiles for the fan-out tests: each points at its own sandbox (``endpoint_url``
in the profile, as botocore reads it from the config file), one cannot get credentials.

tests/conftest.py points AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE at the test's
temporary directory; this writes those files.
"""

from __future__ import annotations

import os
from pathlib import Path

from smtui.sandbox import SANDBOX_ACCESS_KEY, Sandbox

B_ACCESS_KEY = "team-b-key"
"""Profile b signs with its own key: the sandbox's STS then names another account."""


def write_profiles(a: Sandbox, b: Sandbox, *, region: str = "us-east-1") -> None:
    config = Path(os.environ["AWS_CONFIG_FILE"])
    credentials = Path(os.environ["AWS_SHARED_CREDENTIALS_FILE"])
    config.write_text(
        f"[profile a]\nregion = {region}\nendpoint_url = {a.url}\n\n"
        f"[profile b]\nregion = {region}\nendpoint_url = {b.url}\n\n"
        # A credential_process that fails: botocore raises CredentialRetrievalError.
        f"[profile broken]\nregion = {region}\ncredential_process = false\n"
    )
    credentials.write_text(
        f"[a]\naws_access_key_id = {SANDBOX_ACCESS_KEY}\naws_secret_access_key = x\n\n"
        f"[b]\naws_access_key_id = {B_ACCESS_KEY}\naws_secret_access_key = x\n"
    )
