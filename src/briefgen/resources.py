"""Where the files briefgen ships beside its code live: site templates, live reload, starter.

In the repository the site templates are the top-level ``templates/`` folder; an installed
briefgen (``pip install .`` or a wheel) carries the same files as ``briefgen/templates``, so
``briefgen build`` works from any folder.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
#: The live-reload script and stylesheet that only ``briefgen serve`` adds to pages it serves.
LIVERELOAD = PACKAGE / "livereload"
#: What ``briefgen new`` copies into a new archive.
STARTER = PACKAGE / "starter"


def default_templates() -> Path:
    """The templates installed with the package, else those of the source checkout."""
    installed = PACKAGE / "templates"
    if installed.is_dir():
        return installed
    return PACKAGE.parent.parent / "templates"  # src/briefgen/ -> the repository's templates/
