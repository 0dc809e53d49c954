"""The state a PDF content stream sets, and what it prints: text spans and drawn rules.

pdf_content.py follows the stream's operators; each changes this state (the current matrix,
font, spacing, text rise, marked content, the path being built) or prints with it. Printing
is here: where each glyph lands, how glyphs join into spans, which drawn lines are rules.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from pypdf.generic import DictionaryObject

from briefgen.ingest.pdf_glyphs import FontCodes, font_codes

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
#: A TJ displacement wider than this share of the font size separates two spans.
_SPAN_GAP = 0.1
#: A glyph printing one already printed again nearer than this share of the font size is
#: bold faked by overprinting: one character, in bold.
_OVERPRINT = 0.1


def _quarter_turn(a: float, b: float) -> int:
    """90, 180 or 270 when text runs straight up, left or down (the direction of the text
    matrix's x axis, counterclockwise); 0 for any other slant."""
    if abs(a) < 0.01 * abs(b):
        return 90 if b > 0 else 270
    if a < 0 and abs(b) < 0.01 * abs(a):
        return 180
    return 0


#: A clipping rectangle in page space: left, bottom, right, top.
Clip = tuple[float, float, float, float]


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    """The point (x, y) mapped by the matrix."""
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def mul(m: Matrix, n: Matrix) -> Matrix:
    """m × n, PDF's row-vector order: apply m first, then n."""
    return (
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    )


@dataclass(slots=True)
class Span:
    """Text printed in one go: one font, one baseline, glyphs following each other."""

    text: str
    x: float
    #: Baseline, raised by the text rise.
    y: float
    size: float
    width: float
    font: str
    bold: bool
    #: The text rise (``Ts``) in page units: a superscript marker's evidence.
    rise: float = 0.0
    #: Which text object (BT … ET) printed it: a marker or note number set apart has its own.
    block: int = 0
    #: Superior digits only (FontCodes.superiors): a marker set at the text's own size.
    superior: bool = False


@dataclass(frozen=True, slots=True)
class Rule:
    """A drawn horizontal line (or thin filled box): from x0 to x1 at height y."""

    x0: float
    x1: float
    y: float


@dataclass(slots=True)
class PageContent:
    spans: list[Span] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    #: Spans dropped because they are rotated (watermarks).
    rotated: int = 0
    #: Glyphs set upright, and those set a quarter, half or three quarters turned (by 90,
    #: 180 or 270 degrees counterclockwise): a page printed turned onto its sheet.
    glyphs: dict[int, int] = field(default_factory=dict)
    #: The turn the page was read back from (0: none).
    turned: int = 0


@dataclass(slots=True)
class TextState:
    font: FontCodes | None = None
    font_key: str = ""
    size: float = 0.0
    char_space: float = 0.0
    word_space: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0


#: Character codes the fonts of one document may map in all, each map counted once however
#: many fonts share it. The largest test print's map 132,000. A ranged /W or bfrange entry of
#: 20 bytes maps 65,536 codes and a predefined CMap 30,000, so a file of a few thousand small
#: fonts asked for gigabytes and minutes (13 GB for 800 KB); past this it is refused.
MAX_MAPPED_CODES = 4_000_000


class TooComplex(ValueError):
    """A page asks for more work than any issue's could: the file is damaged, or made to
    exhaust memory or time. Its message says what (``pdf.read_pdf`` names file and page)."""


class FontMapsTooLarge(TooComplex):
    """A document's fonts map more codes than any issue's could (MAX_MAPPED_CODES)."""


class DocumentFonts(dict[str, FontCodes]):
    """The fonts read so far in one document, by key (``ContentState.font``), and how many
    codes their maps hold."""

    def __init__(self) -> None:
        super().__init__()
        self.mapped = 0
        #: The maps counted so far: fonts that share a ToUnicode stream share its map, which
        #: costs its memory once (identity, not equality: equal copies cost theirs each).
        self._counted: set[int] = set()

    def add(self, key: str, codes: FontCodes) -> None:
        self[key] = codes
        for table in (codes.text, codes.widths):
            if id(table) not in self._counted:
                self._counted.add(id(table))
                self.mapped += len(table)
        if self.mapped > MAX_MAPPED_CODES:
            raise FontMapsTooLarge(
                f"its fonts map more than {MAX_MAPPED_CODES:,} character codes in all "
                f"({len(self):,} fonts so far), which no issue's do"
            )


@dataclass(slots=True)
class ActualText:
    """An ``/ActualText`` span being read: its glyphs print, its text replaces theirs."""

    text: str
    first: Span | None = None
    right: float = 0.0


class ContentState:
    """What the operators of a content stream set and print: the graphics and text state,
    the marked-content stack, the path being built; and the spans and rules printed so far."""

    def __init__(self, fonts: DocumentFonts) -> None:
        self.fonts = fonts
        self.out = PageContent()
        self.ts = TextState()
        self.tm = self.tlm = IDENTITY
        self.ctm = IDENTITY
        self.stack: list[tuple[Matrix, TextState, Clip | None]] = []
        #: Where text shows, in page space: the rectangles clipped to so far (None: anywhere).
        self.clip: Clip | None = None
        #: The points of the path's lines being built (m, l), in user space.
        self.points: list[tuple[float, float]] = []
        self.marked: list[ActualText | None] = []
        self.path: list[tuple[float, float, float, float]] = []
        self.boxes: list[tuple[float, float, float, float]] = []  # rectangles of the path
        self.point = (0.0, 0.0)
        self.rise = 0.0  # the text rise of the string being shown, in page units
        self.block = 0  # counts text objects
        #: Operations the page's forms draw (pdf_content.MAX_FORM_OPERATIONS), counted before
        #: each is drawn and as they are drawn; each form's operations, parsed once, by its
        #: object's number; and how many drawing a form performs, by ``_Form.key``.
        self.form_operations = 0
        self.form_operations_drawn = 0
        self.forms: dict[str, list] = {}
        self.form_sizes: dict[str, int] = {}
        #: Whose resources the stream being run names things in: the page's, or a form's
        #: (its object's number and generation).
        self.names_of = "page"
        #: Each glyph printed so far, by its text, size and cell of a grid "a hair" wide
        #: (``_OVERPRINT``): where it is and the span it went into.
        self.printed: dict[tuple[str, float, int, int], tuple[float, float, Span]] = {}

    # ------------------------------------------------------------------ resources

    def font(self, resources: DictionaryObject, name: object) -> tuple[FontCodes, str]:
        """The font a resource name stands for, read once per document; and its key."""
        fonts = resources.get("/Font")
        ref = fonts.get_object().get(name) if fonts is not None else None
        obj = ref.get_object() if ref is not None else None
        # An indirect font is one object however many pages use it.
        idnum = getattr(ref, "idnum", None)
        key = f"{idnum} {getattr(ref, 'generation', 0)}" if idnum is not None else f"@{id(obj)}"
        if key not in self.fonts:
            self.fonts.add(key, font_codes(obj))
        return self.fonts[key], key

    # ------------------------------------------------------------------ printing

    def show(self, data: bytes) -> None:
        ts = self.ts
        if ts.font is None:
            return
        m = mul(self.tm, self.ctm)
        a, b, c, d, e, f = m
        square = abs(b) <= 0.01 * abs(a) + 1e-9 and abs(c) <= 0.01 * abs(d) + 1e-9
        # Mirrored left to right (a logo's reversed E, "XƎTEX"): upright text, each glyph
        # drawn leftwards of its origin (a mirrored string of several reads backwards, as
        # it shows).
        mirrored = square and a < 0 < d
        if not (square and a > 0) and not mirrored:
            self.out.rotated += 1  # diagonal or vertical text: a watermark, never body text
            glyphs = ts.font.decode(data)
            turn = _quarter_turn(a, b)
            if turn:
                self.out.glyphs[turn] = self.out.glyphs.get(turn, 0) + len(data)
            self.advance(sum(glyph[1] for glyph in glyphs) * ts.size)
            return
        self.out.glyphs[0] = self.out.glyphs.get(0, 0) + len(data)
        size = round(ts.size * math.hypot(c, d), 2)
        self.rise = ts.rise * d
        span: Span | None = None
        tx = 0.0
        for text, width, space, superior in ts.font.decode(data):
            step = (width * ts.size + ts.char_space + (ts.word_space if space else 0)) * ts.scale
            x = e + a * (tx + step if mirrored else tx) + c * ts.rise
            y = f + d * ts.rise
            if self.shows(x, y + 0.3 * size):
                span = self.glyph(text, x, y, size, abs(step * a), span, superior)
            else:
                span = None  # clipped away: never seen
            tx += step
        self.tm = mul((1.0, 0.0, 0.0, 1.0, tx, 0.0), self.tm)

    def shows(self, x: float, y: float) -> bool:
        """Is the point inside the clipping rectangle (a point's width of slack)?"""
        clip = self.clip
        return clip is None or (clip[0] - 1 <= x <= clip[2] + 1 and clip[1] - 1 <= y <= clip[3] + 1)

    def clip_to(self, box: tuple[float, float, float, float]) -> None:
        """Clip to a rectangle of user space (x, y, width, height) as well."""
        x, y, w, h = box
        if abs(w) < 1 or abs(h) < 1:
            return  # no area: a producer's placeholder, not a window onto the text
        corners = [apply(self.ctm, px, py) for px in (x, x + w) for py in (y, y + h)]
        xs, ys = [p[0] for p in corners], [p[1] for p in corners]
        new = (min(xs), min(ys), max(xs), max(ys))
        old = self.clip or new
        self.clip = (
            max(old[0], new[0]),
            max(old[1], new[1]),
            min(old[2], new[2]),
            min(old[3], new[3]),
        )

    def glyph(
        self,
        text: str,
        x: float,
        y: float,
        size: float,
        width: float,
        span: Span | None,
        superior: bool = False,
    ) -> Span | None:
        actual = next((m for m in reversed(self.marked) if m is not None), None)
        if actual is not None:
            if actual.first is None:
                ts = self.ts
                assert ts.font is not None
                actual.first = Span(
                    "", x, y, size, 0.0, ts.font_key, ts.font.bold, self.rise, self.block
                )
            actual.right = x + width
            return span
        ts = self.ts
        assert ts.font is not None
        first = self._printed_before(text, x, y, size)
        if first is not None:
            first.bold = True
            return span
        last = span or (self.out.spans[-1] if self.out.spans else None)
        if (
            last is not None
            and last.block == self.block
            and abs(last.y - y) < 0.01
            and last.size == size
            and last.bold == ts.font.bold
            and last.superior == superior
            and abs(last.x + last.width - x) <= _SPAN_GAP * size
        ):
            last.text += text
            last.width = x + width - last.x
            self._remember(text, x, y, size, last)
            return last
        span = Span(
            text, x, y, size, width, ts.font_key, ts.font.bold, self.rise, self.block, superior
        )
        self.out.spans.append(span)
        self._remember(text, x, y, size, span)
        return span

    def _printed_before(self, text: str, x: float, y: float, size: float) -> Span | None:
        """The span that already holds this glyph, printed a hair from here: bold faked by
        overprinting. CJKutf8's ``CJKbold`` prints each glyph three times 0.015 em apart; Qt
        (wkhtmltopdf) draws a bold string twice 0.02 em apart, the copy marked as no text
        (/ActualText), a mark that printing the file again (pdftocairo) drops."""
        near = _OVERPRINT * size
        if near <= 0 or not text.strip():
            return None
        cx, cy = math.floor(x / near), math.floor(y / near)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                found = self.printed.get((text, size, cx + dx, cy + dy))
                if found is not None and abs(found[0] - x) <= near and abs(found[1] - y) <= near:
                    return found[2]
        return None

    def _remember(self, text: str, x: float, y: float, size: float, span: Span) -> None:
        near = _OVERPRINT * size
        if near > 0 and text.strip():
            key = (text, size, math.floor(x / near), math.floor(y / near))
            self.printed.setdefault(key, (x, y, span))

    def advance(self, tx: float) -> None:
        self.tm = mul((1.0, 0.0, 0.0, 1.0, tx * self.ts.scale, 0.0), self.tm)

    def next_line(self, tx: float, ty: float) -> None:
        self.tlm = mul((1.0, 0.0, 0.0, 1.0, tx, ty), self.tlm)
        self.tm = self.tlm

    def rule(self, x0: float, y0: float, x1: float, y1: float) -> None:
        p, q = apply(self.ctm, x0, y0), apply(self.ctm, x1, y1)
        if abs(p[1] - q[1]) <= 2.5 and abs(p[0] - q[0]) >= 8:
            self.out.rules.append(Rule(min(p[0], q[0]), max(p[0], q[0]), (p[1] + q[1]) / 2))
