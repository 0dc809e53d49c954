"""Read a page's content stream: every piece of text where it is printed, and the drawn rules.

pypdf's own text extraction guesses spaces from glyph displacements and hides what a producer
does to set text: the text rise (``Ts``) of a superscript marker, character and word spacing
(``Tc``, ``Tw``) of justified lines, ``/ActualText`` of marked content. This reader follows the
operators itself, so each span carries its real position, size and rise; short horizontal
lines (``re``, ``m``/``l``) are kept because a footnote zone starts under one.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from pypdf import PageObject
from pypdf.generic import ContentStream, DictionaryObject, StreamObject

from briefgen.ingest.pdf_glyphs import FontCodes, font_codes

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
#: A TJ displacement wider than this share of the font size separates two spans.
_SPAN_GAP = 0.1
#: Form XObjects inside form XObjects: deeper nesting is a loop or an attack, not a layout.
_MAX_DEPTH = 8


def _mul(m: Matrix, n: Matrix) -> Matrix:
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


@dataclass(slots=True)
class _TextState:
    font: FontCodes | None = None
    font_key: str = ""
    size: float = 0.0
    char_space: float = 0.0
    word_space: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0


@dataclass(slots=True)
class _Actual:
    """An ``/ActualText`` span being read: its glyphs print, its text replaces theirs."""

    text: str
    first: Span | None = None
    right: float = 0.0


class _Reader:
    def __init__(self, fonts: dict[str, FontCodes]) -> None:
        self.fonts = fonts
        self.out = PageContent()
        self.ts = _TextState()
        self.tm = self.tlm = _IDENTITY
        self.ctm = _IDENTITY
        self.stack: list[tuple[Matrix, _TextState]] = []
        self.marked: list[_Actual | None] = []
        self.path: list[tuple[float, float, float, float]] = []
        self.boxes: list[tuple[float, float, float, float]] = []  # rectangles of the path
        self.point = (0.0, 0.0)
        self.rise = 0.0  # the text rise of the string being shown, in page units
        self.block = 0  # counts text objects

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
            self.fonts[key] = font_codes(obj)
        return self.fonts[key], key

    # ------------------------------------------------------------------ running

    def run(self, content: object, resources: DictionaryObject, pdf: object, depth: int) -> None:
        stream = ContentStream(content, pdf)
        for operands, operator in stream.operations:
            handler = _HANDLERS.get(operator)
            if handler is not None:
                handler(self, operands, resources, pdf, depth)

    def show(self, data: bytes) -> None:
        ts = self.ts
        if ts.font is None:
            return
        m = _mul(self.tm, self.ctm)
        a, b, c, d, e, f = m
        if abs(b) > 0.01 * abs(a) + 1e-9 or abs(c) > 0.01 * abs(d) + 1e-9 or a <= 0:
            self.out.rotated += 1  # diagonal or vertical text: a watermark, never body text
            self.advance(sum(w for _t, w, _s in ts.font.decode(data)) * ts.size)
            return
        size = round(ts.size * math.hypot(c, d), 2)
        self.rise = ts.rise * d
        span: Span | None = None
        tx = 0.0
        for text, width, space in ts.font.decode(data):
            x = e + a * tx + c * ts.rise
            y = f + d * ts.rise
            step = (width * ts.size + ts.char_space + (ts.word_space if space else 0)) * ts.scale
            span = self.glyph(text, x, y, size, step * a, span)
            tx += step
        self.tm = _mul((1.0, 0.0, 0.0, 1.0, tx, 0.0), self.tm)

    def glyph(
        self, text: str, x: float, y: float, size: float, width: float, span: Span | None
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
        last = span or (self.out.spans[-1] if self.out.spans else None)
        if (
            last is not None
            and last.block == self.block
            and abs(last.y - y) < 0.01
            and last.size == size
            and last.bold == ts.font.bold
            and abs(last.x + last.width - x) <= _SPAN_GAP * size
        ):
            last.text += text
            last.width = x + width - last.x
            return last
        span = Span(text, x, y, size, width, ts.font_key, ts.font.bold, self.rise, self.block)
        self.out.spans.append(span)
        return span

    def advance(self, tx: float) -> None:
        self.tm = _mul((1.0, 0.0, 0.0, 1.0, tx * self.ts.scale, 0.0), self.tm)

    def next_line(self, tx: float, ty: float) -> None:
        self.tlm = _mul((1.0, 0.0, 0.0, 1.0, tx, ty), self.tlm)
        self.tm = self.tlm

    def rule(self, x0: float, y0: float, x1: float, y1: float) -> None:
        a, b, c, d, e, f = self.ctm
        p = (x0 * a + y0 * c + e, x0 * b + y0 * d + f)
        q = (x1 * a + y1 * c + e, x1 * b + y1 * d + f)
        if abs(p[1] - q[1]) <= 2.5 and abs(p[0] - q[0]) >= 8:
            self.out.rules.append(Rule(min(p[0], q[0]), max(p[0], q[0]), (p[1] + q[1]) / 2))


def _num(value: object) -> float:
    return float(value)  # type: ignore[arg-type]


def _op_q(r: _Reader, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    r.stack.append((r.ctm, _TextState(**{k: getattr(r.ts, k) for k in _TextState.__slots__})))


def _op_Q(r: _Reader, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    if r.stack:
        r.ctm, r.ts = r.stack.pop()


def _op_cm(r: _Reader, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    if len(ops) == 6:
        r.ctm = _mul(tuple(_num(v) for v in ops), r.ctm)  # type: ignore[arg-type]


def _op_BT(r: _Reader, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    r.tm = r.tlm = _IDENTITY
    r.block += 1


def _op_Tf(r: _Reader, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    if len(ops) == 2:
        r.ts.font, r.ts.font_key = r.font(res, ops[0])
        r.ts.size = _num(ops[1])


def _setter(name: str, factor: float = 1.0) -> Callable[..., None]:
    def handler(r: _Reader, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
        if ops:
            setattr(r.ts, name, _num(ops[0]) * factor)

    return handler


def _op_Td(r: _Reader, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    if len(ops) == 2:
        r.next_line(_num(ops[0]), _num(ops[1]))


def _op_TD(r: _Reader, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    if len(ops) == 2:
        r.ts.leading = -_num(ops[1])
        r.next_line(_num(ops[0]), _num(ops[1]))


def _op_Tm(r: _Reader, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    if len(ops) == 6:
        r.tm = r.tlm = tuple(_num(v) for v in ops)  # type: ignore[assignment]


def _op_Tstar(r: _Reader, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    r.next_line(0.0, -r.ts.leading)


def _bytes(value: object) -> bytes:
    if isinstance(value, bytes):
        return value
    data = getattr(value, "original_bytes", None)
    return data if isinstance(data, bytes) else str(value).encode("latin-1", "replace")


def _op_Tj(r: _Reader, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    if ops:
        r.show(_bytes(ops[0]))


def _op_quote(r: _Reader, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    _op_Tstar(r, ops, res, pdf, depth)
    if ops:
        r.show(_bytes(ops[-1]))


def _op_dquote(r: _Reader, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    if len(ops) == 3:
        r.ts.word_space, r.ts.char_space = _num(ops[0]), _num(ops[1])
    _op_quote(r, ops, res, pdf, depth)


def _op_TJ(r: _Reader, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    if not ops:
        return
    for item in ops[0]:
        if isinstance(item, (int, float)) or type(item).__name__ in ("FloatObject", "NumberObject"):
            r.advance(-_num(item) / 1000 * r.ts.size)
        else:
            r.show(_bytes(item))


def _op_BDC(r: _Reader, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    props = ops[1] if len(ops) > 1 else None
    if props is not None and not isinstance(props, DictionaryObject):
        named = res.get("/Properties")
        props = named.get_object().get(props) if named is not None else None
        props = props.get_object() if props is not None else None
    text = props.get("/ActualText") if isinstance(props, DictionaryObject) else None
    r.marked.append(_Actual(str(text)) if text is not None else None)


def _op_BMC(r: _Reader, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    r.marked.append(None)


def _op_EMC(r: _Reader, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    if not r.marked:
        return
    actual = r.marked.pop()
    if actual is not None and actual.first is not None and actual.text:
        span = actual.first
        span.text, span.width = actual.text, actual.right - span.x
        r.out.spans.append(span)


def _op_re(r: _Reader, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    if len(ops) == 4:
        x, y, w, h = (_num(v) for v in ops)
        if abs(h) <= 2.5:
            r.path.append((x, y + h / 2, x + w, y + h / 2))
        r.boxes.append((x, min(y, y + h), w, abs(h)))


def _bands(boxes: list[tuple[float, float, float, float]]) -> list[tuple[float, ...]]:
    """Thin bands between two nested boxes of one path: how WeasyPrint draws a border line.

    It fills an outer and an inner rectangle with the even-odd rule; where they share three
    edges, what shows is a line along the fourth.
    """
    bands: list[tuple[float, ...]] = []
    for k, (x, y, w, h) in enumerate(boxes):
        for x2, y2, w2, h2 in boxes[k + 1 :]:
            if abs(x - x2) > 0.5 or abs(w - w2) > 0.5 or not 0 < abs(h - h2) <= 2.5:
                continue
            if abs(y - y2) <= 0.5:  # same bottom: the band is at the top
                top = max(y + h, y2 + h2) - abs(h - h2) / 2
                bands.append((x, top, x + w, top))
            elif abs(y + h - y2 - h2) <= 0.5:  # same top: the band is at the bottom
                bottom = min(y, y2) + abs(h - h2) / 2
                bands.append((x, bottom, x + w, bottom))
    return bands


def _op_m(r: _Reader, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    if len(ops) == 2:
        r.point = (_num(ops[0]), _num(ops[1]))


def _op_l(r: _Reader, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    if len(ops) == 2:
        end = (_num(ops[0]), _num(ops[1]))
        r.path.append((*r.point, *end))
        r.point = end


def _op_paint(r: _Reader, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    for segment in [*r.path, *_bands(r.boxes)]:
        r.rule(*segment)
    r.path, r.boxes = [], []


def _op_n(r: _Reader, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    r.path, r.boxes = [], []


def _op_Do(r: _Reader, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    xobjects = res.get("/XObject")
    ref = xobjects.get_object().get(ops[0]) if xobjects is not None and ops else None
    form = ref.get_object() if ref is not None else None
    if not isinstance(form, StreamObject) or form.get("/Subtype") != "/Form" or depth >= _MAX_DEPTH:
        return
    saved = (r.ctm, r.ts, r.tm, r.tlm)
    matrix = form.get("/Matrix")
    if matrix is not None:
        r.ctm = _mul(tuple(_num(v) for v in matrix), r.ctm)  # type: ignore[arg-type]
    inner = form.get("/Resources")
    r.run(form, inner.get_object() if inner is not None else res, pdf, depth + 1)
    r.ctm, r.ts, r.tm, r.tlm = saved


_HANDLERS = {
    b"q": _op_q,
    b"Q": _op_Q,
    b"cm": _op_cm,
    b"BT": _op_BT,
    b"Tf": _op_Tf,
    b"Tc": _setter("char_space"),
    b"Tw": _setter("word_space"),
    b"Tz": _setter("scale", 0.01),
    b"TL": _setter("leading"),
    b"Ts": _setter("rise"),
    b"Td": _op_Td,
    b"TD": _op_TD,
    b"Tm": _op_Tm,
    b"T*": _op_Tstar,
    b"Tj": _op_Tj,
    b"'": _op_quote,
    b'"': _op_dquote,
    b"TJ": _op_TJ,
    b"BDC": _op_BDC,
    b"BMC": _op_BMC,
    b"EMC": _op_EMC,
    b"re": _op_re,
    b"m": _op_m,
    b"l": _op_l,
    b"S": _op_paint,
    b"s": _op_paint,
    b"f": _op_paint,
    b"F": _op_paint,
    b"f*": _op_paint,
    b"B": _op_paint,
    b"B*": _op_paint,
    b"b": _op_paint,
    b"b*": _op_paint,
    b"n": _op_n,
    b"Do": _op_Do,
}


def read_content(page: PageObject, fonts: dict[str, FontCodes]) -> PageContent:
    """The page's text spans and rules, in the order the content stream draws them."""
    reader = _Reader(fonts)
    contents = page.get_contents()
    if contents is None:
        return reader.out
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else DictionaryObject()
    reader.run(contents, resources, page.pdf, 0)
    return reader.out
