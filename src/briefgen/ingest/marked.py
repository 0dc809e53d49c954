"""Text with footnote markers beside it: where a marker stood, kept as data, not as characters.

A marker found in a line (a superscript, or a number matched to a footnote on the page) is
taken out of the text and kept as a ``Marker`` at its offset, so no text can be mistaken for
one and joins, strips and escapes keep it in place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Marker:
    """A footnote marker that stood before ``text[offset]``."""

    offset: int
    #: The number printed.
    number: int
    #: The footnote it was matched to (an index into the issue's footnotes), once matched.
    note: int | None = None


@dataclass(frozen=True, slots=True)
class MarkedText:
    """Text and the footnote markers standing in it, in offset order."""

    text: str
    markers: tuple[Marker, ...] = ()

    def joined(self, text: str, following: MarkedText) -> MarkedText:
        """``text`` is this text with ``following.text`` joined to its end (maybe by a space)."""
        shift = len(text) - len(following.text)
        moved = tuple(replace(m, offset=m.offset + shift) for m in following.markers)
        return MarkedText(text, self.markers + moved)

    def strip(self) -> MarkedText:
        lead = len(self.text) - len(self.text.lstrip())
        return self.drop(lead, len(self.text.rstrip()))

    def drop(self, start: int, end: int | None = None) -> MarkedText:
        """The text from ``start`` to ``end``, its markers with it (those at the cut edges too)."""
        end = len(self.text) if end is None else end
        kept = tuple(
            replace(m, offset=min(max(m.offset - start, 0), end - start)) for m in self.markers
        )
        return MarkedText(self.text[start:end], kept)

    def with_marker(self, start: int, end: int, marker: Marker) -> MarkedText:
        """The printed marker ``text[start:end]`` taken out and kept as ``marker`` at ``start``."""
        width = end - start
        moved = [
            replace(m, offset=m.offset - width) if m.offset >= end else m for m in self.markers
        ]
        markers = sorted([*moved, replace(marker, offset=start)], key=lambda m: m.offset)
        return MarkedText(self.text[:start] + self.text[end:], tuple(markers))

    def pieces(self) -> Iterator[str | Marker]:
        """The text cut at its markers: text, marker, text, … (empty pieces left out)."""
        at = 0
        for marker in self.markers:
            if marker.offset > at:
                yield self.text[at : marker.offset]
                at = marker.offset
            yield marker
        if at < len(self.text):
            yield self.text[at:]

    def render(self, text: Callable[[str], str], marker: Callable[[Marker], str]) -> str:
        return "".join(text(p) if isinstance(p, str) else marker(p) for p in self.pieces())
