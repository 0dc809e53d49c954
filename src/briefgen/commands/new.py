"""``briefgen new``: a starter archive (settings, a sample issue, a publishing workflow)."""

from __future__ import annotations

import argparse
import logging
import sys

from briefgen.errors import BriefgenError
from briefgen.starter import create_starter

log = logging.getLogger("briefgen")


def run(args: argparse.Namespace) -> int:
    try:
        written = create_starter(args.folder)
    except BriefgenError as exc:
        log.error("%s", exc)
        return 1
    for path in written:
        log.info("%s", path)
    print(
        f"Created {args.folder}/: {len(written)} file(s). Next: cd {args.folder} && briefgen serve",
        file=sys.stderr,
    )
    return 0
