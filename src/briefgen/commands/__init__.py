"""The commands of the command line, a module each, with a ``run(args) -> int``; ``cli`` holds
the argument parser and imports a command's module only when that command runs, so that
``briefgen check`` does not load the renderer and ``briefgen build`` not the part-of-speech
tagger of ``entities --suggest``. This package itself holds only the commands' defaults, which
the parser shows in its help."""

from __future__ import annotations

from pathlib import Path

#: Where ``build`` and ``serve`` write the site.
DEFAULT_SITE = Path("site")
DEFAULT_PORT = 8000
#: Seconds one source may take to parse; a file that takes longer is reported by name.
DEFAULT_TIME_LIMIT = 120.0
#: Articles read by OCR with a lower confidence (Tesseract's, 0-100) are listed to proofread.
DEFAULT_OCR_THRESHOLD = 85
