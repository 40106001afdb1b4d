"""Who a sandbox is: its region and account, applied at the dispatch point.

Every area builds ARNs, role ARNs, bucket names and image URIs from the canonical
identity in :mod:`smtui.sandbox.constants` (us-east-1, 123456789012).  A sandbox of another
region or account does not thread its identity through those constructors: the dispatcher
runs each request through a :class:`Swap` instead, which exchanges the canonical region
with the sandbox's and the canonical account with the caller's, token by token, in every
string of the parsed input (before the handler) and of the output (after it), and in the
message of an error a hook or handler raises.

Why a swap (both directions at once) rather than a one-way rewrite: it is an involution, so
the same function maps inputs in and outputs out, and nothing collides.  In an eu-west-1
sandbox ``arn:aws:sagemaker:eu-west-1:<account>:training-job/x`` reaches the handler as
the canonical ARN and the canonical ARN leaves as the eu-west-1 one; a genuine reference to
us-east-1 in a request is held as eu-west-1 inside and comes back out as us-east-1.

What is swapped:
* the region as a token (not inside a longer word or number): ARNs
  (``arn:aws:logs:us-east-1:...``), bucket names (``sagemaker-us-east-1-123456789012``),
  hosts (``763104351884.dkr.ecr.us-east-1.amazonaws.com``, ``*.notebook.us-east-1.
  sagemaker.aws``), availability zones (``us-east-1a``) and plain values (environment
  variables, Cost Explorer's REGION dimension);
* the account as a 12-digit token: ARN account fields (``arn:aws:iam::123456789012:``),
  bucket names, the account's own ECR registry.  AWS's own accounts (ECR registries of the
  deep learning containers, public workteams, Studio images) are other numbers and stay.

Not swapped: blobs (S3 object bodies, whose ETag and length are of their bytes), and
services whose data is not the account's (``pricing``: its answers name every region).
A sandbox of the canonical identity swaps nothing, so it answers byte for byte as before.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .constants import SANDBOX_ACCESS_KEY, SANDBOX_ACCOUNT, SANDBOX_REGION
from .errors import ServiceError

UNTRANSLATED_SERVICES = frozenset({"pricing"})
"""Global services that answer about AWS, not about the caller's account or region."""

# Region codes as AWS spells them: "us-east-1", "eu-central-2", "ap-southeast-4",
# "us-gov-west-1" ("Regions and Availability Zones", AWS General Reference).
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d{1,2}")
_ACCOUNT = re.compile(r"\d{12}")


def account_for(access_key: str | None) -> str:
    """The account an access key belongs to in the sandbox: the default key (and an
    unsigned request) is 123456789012; any other key is its own account, a stable 12-digit
    id derived from the key, so fanning out over several profiles of one sandbox shows
    several accounts.  STS GetCallerIdentity and every ARN a sandbox answers agree on it."""
    if not access_key or access_key == SANDBOX_ACCESS_KEY:
        return SANDBOX_ACCOUNT
    digest = int(hashlib.sha256(access_key.encode()).hexdigest(), 16)
    return f"{digest % 10**12:012d}"


class Swap:
    """Exchanges the canonical region and account with another region and account."""

    def __init__(self, region: str, account: str) -> None:
        self.region = region
        self.account = account
        self._pairs: dict[str, str] = {}
        alternatives: list[str] = []
        if region != SANDBOX_REGION:
            self._pairs.update({SANDBOX_REGION: region, region: SANDBOX_REGION})
            names = "|".join(map(re.escape, (SANDBOX_REGION, region)))
            # A token: not inside a word ("xus-east-1") nor a longer number ("us-east-10");
            # a zone letter may follow ("us-east-1a" is the region's zone).
            alternatives.append(rf"(?<![A-Za-z0-9])(?:{names})(?![0-9])")
        if account != SANDBOX_ACCOUNT:
            self._pairs.update({SANDBOX_ACCOUNT: account, account: SANDBOX_ACCOUNT})
            alternatives.append(rf"(?<![0-9])(?:{SANDBOX_ACCOUNT}|{account})(?![0-9])")
        self._pattern = re.compile("|".join(alternatives)) if alternatives else None

    @property
    def active(self) -> bool:
        return self._pattern is not None

    def text(self, value: str) -> str:
        if self._pattern is None:
            return value
        return self._pattern.sub(lambda m: self._pairs[m.group()], value)

    def apply(self, value: Any) -> Any:
        """``value`` with every string swapped (dict keys too); other values as they are."""
        if self._pattern is None:
            return value
        return self._walk(value)

    def _walk(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {self._walk(k): self._walk(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(self._walk(v) for v in value)
        return value  # numbers, timestamps, blobs

    def error(self, err: ServiceError) -> ServiceError:
        """A copy of ``err`` (same class, same extra fields) with its texts swapped."""
        copy = type(err).__new__(type(err))
        copy.__dict__.update(err.__dict__)
        copy.message = self.text(err.message)
        copy.args = (f"{err.code}: {copy.message}",)
        fields = getattr(err, "fields", None)
        if isinstance(fields, dict):  # S3Error's <Key>, <BucketName>
            copy.__dict__["fields"] = self.apply(fields)
        return copy

    @contextmanager
    def errors(self) -> Iterator[None]:
        """Swap the message of a ServiceError raised inside (by a hook or a handler, which
        speak of the canonical identity)."""
        try:
            yield
        except ServiceError as err:
            if self._pattern is None:
                raise
            raise self.error(err) from None


NO_SWAP = Swap(SANDBOX_REGION, SANDBOX_ACCOUNT)


@lru_cache(maxsize=256)
def _swap(region: str, account: str) -> Swap:
    return Swap(region, account)


@dataclass(frozen=True)
class Identity:
    """A sandbox's region, and the account that owns its resources: fixed (by default the
    canonical one), or ``None``: the account of the key that signed each request
    (:func:`account_for`), so ARNs follow the key as STS does."""

    region: str = SANDBOX_REGION
    account: str | None = SANDBOX_ACCOUNT

    def __post_init__(self) -> None:
        if not _REGION.fullmatch(self.region):
            raise ValueError(f"not a region code: {self.region!r} (e.g. eu-west-1)")
        if self.account is not None and not _ACCOUNT.fullmatch(self.account):
            raise ValueError(f"an account id is 12 digits, not {self.account!r}")

    def account_of(self, access_key: str | None) -> str:
        """The account in the ARNs answered to a request signed with ``access_key``."""
        return self.account if self.account is not None else account_for(access_key)

    def caller_of(self, access_key: str | None) -> str:
        """The account STS GetCallerIdentity names: the sandbox's own for the default key
        (and an unsigned request), the key's own (:func:`account_for`) for any other, as
        a default sandbox has always answered."""
        default_key = not access_key or access_key == SANDBOX_ACCESS_KEY
        if self.account is not None and default_key:
            return self.account
        return account_for(access_key)

    def for_request(self, access_key: str | None, service: str) -> Swap:
        """The swap for one request to ``service`` signed with ``access_key``."""
        if service in UNTRANSLATED_SERVICES:
            return NO_SWAP
        account = self.account_of(access_key)
        if self.region == SANDBOX_REGION and account == SANDBOX_ACCOUNT:
            return NO_SWAP
        return _swap(self.region, account)
