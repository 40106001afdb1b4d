"""``python -m smtui.docs_gen [--check] [--docs DIR]``: write or check the reference pages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from smtui.docs_gen import REGENERATE, stale_pages, write_pages

DEFAULT_DOCS = Path(__file__).resolve().parents[2] / "docs"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m smtui.docs_gen", description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if a page is not current")
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="the docs directory")
    args = parser.parse_args(argv)
    if not args.docs.is_dir():
        print(f"docs_gen: no docs directory at {args.docs}", file=sys.stderr)
        return 2
    if args.check:
        stale = stale_pages(args.docs)
        for page in stale:
            print(f"docs/{page} is not current: run `{REGENERATE}` to regenerate", file=sys.stderr)
        return 1 if stale else 0
    for page in write_pages(args.docs):
        print(f"wrote docs/{page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
