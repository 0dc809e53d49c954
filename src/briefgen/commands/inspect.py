"""``briefgen inspect``: each PDF line's role and why, as HTML pages beside the PDF."""

from __future__ import annotations

import argparse
import logging
import sys

from briefgen.errors import BriefgenError
from briefgen.ingest.pdf_inspect import inspect_pdf

log = logging.getLogger("briefgen")


def run(args: argparse.Namespace) -> int:
    out = args.out or args.pdf.with_name(f"{args.pdf.stem}-inspect")
    try:
        written = inspect_pdf(args.pdf, out, args.pages)
    except (BriefgenError, ValueError, OSError) as exc:
        log.error("%s", exc)
        return 1
    print(f"Wrote {len(written) - 1} page(s) to {out}/; open {written[0]}", file=sys.stderr)
    return 0
