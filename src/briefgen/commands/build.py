"""``briefgen build``: the records rendered into the site, swapped in only when all went well."""

from __future__ import annotations

import argparse
import logging
import sys
from logging import DEBUG

from briefgen.archive import load_settings
from briefgen.build import build_site
from briefgen.cache import Cache
from briefgen.errors import BriefgenError, unexpected_error
from briefgen.files import SITE_NAME
from briefgen.progress import progress_for

log = logging.getLogger("briefgen")


def run(args: argparse.Namespace) -> int:
    try:
        cache = Cache(None if args.no_cache else args.cache)
        with progress_for(args.quiet) as progress:
            summary = build_site(args.briefings, args.out, args.templates, cache, progress)
    except BriefgenError as exc:
        log.error("%s", exc)
        log.error("build failed; %s is left as it was", args.out)
        return 1
    except Exception as exc:  # OSError (disk full…) or a bug: no traceback, the site is intact
        log.error("%s", unexpected_error(args.out, exc), exc_info=log.isEnabledFor(DEBUG))
        log.error("build failed; %s is left as it was", args.out)
        return 1
    if load_settings(args.briefings).base_url is None:
        log.warning(
            "%s: base_url is not set: the sitemap and feeds have relative addresses, which "
            "search engines and feed readers do not accept; set it to where the site is published",
            args.briefings / SITE_NAME,
        )
    print(f"Built {args.out}/: {summary}.", file=sys.stderr)
    return 0
