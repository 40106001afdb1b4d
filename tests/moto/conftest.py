"""A moto server (an AWS mock nobody here wrote) for the session, seeded once with boto3.

Tests point smtui and the AWS CLI at the same server and compare what they list
(issue 17: moto is the second oracle besides the sandbox).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.moto.cases import ALL_QUERIES
from tests.moto.oracle import Listed, Query, aws_lists
from tests.moto.seed import CREDENTIALS, seed
from tests.moto.server import running


@pytest.fixture(scope="session")
def moto_url() -> Iterator[str]:
    with running(CREDENTIALS) as url:
        seed(url)
        yield url


@pytest.fixture(scope="session")
def aws(moto_url: str) -> dict[Query, Listed]:
    """What the AWS CLI lists on the seeded server, for every query of tests/moto/cases.py
    (asked once: the tests only read the server)."""
    return aws_lists(moto_url, ALL_QUERIES)


@pytest.fixture
def moto_env(moto_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Dummy credentials and the region in this test's environment (after the isolation
    in tests/conftest.py removed the user's); returns the server's url."""
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    return moto_url


@pytest.fixture(autouse=True)
def no_retry_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """botocore still retries moto's 500s (an operation moto lacks) as it would AWS's, but
    without sleeping between attempts: the tests wait on answers, not on backoff."""
    from botocore.retries import standard

    monkeypatch.setattr(standard.ExponentialBackoff, "delay_amount", lambda self, context: 0)
