"""Read a page's content stream: every piece of text where it is printed, and the drawn rules.

pypdf's own text extraction guesses spaces from glyph displacements and hides what a producer
does to set text: the text rise (``Ts``) of a superscript marker, character and word spacing
(``Tc``, ``Tw``) of justified lines, ``/ActualText`` of marked content. This reader follows the
operators itself, so each span carries its real position, size and rise; short horizontal
lines (``re``, ``m``/``l``) are kept because a footnote zone starts under one. The state the
operators set, and how text and lines are printed with it, is in pdf_state.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pypdf import PageObject
from pypdf.generic import DictionaryObject, StreamObject

from briefgen.ingest.pdf_operations import operations_of
from briefgen.ingest.pdf_state import (
    IDENTITY,
    ActualText,
    ContentState,
    DocumentFonts,
    Matrix,
    PageContent,
    TextState,
    TooComplex,
    mul,
)

#: Form XObjects inside form XObjects: deeper nesting is a loop or an attack, not a layout.
_MAX_DEPTH = 8
#: Operations a page's forms may draw in all. A form drawn ten times by a form drawn ten
#: times, seven deep, is 2 KB of file and ten million drawings (it ran out the parse's
#: two-minute budget); a page's logo or watermark form is a few hundred.
MAX_FORM_OPERATIONS = 2_000_000


class TooManyFormOperations(TooComplex):
    """A page's forms draw more operations than MAX_FORM_OPERATIONS."""


def _num(value: object) -> float:
    return float(value)  # type: ignore[arg-type]


def _op_q(r: ContentState, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    text_state = TextState(**{k: getattr(r.ts, k) for k in TextState.__slots__})
    r.stack.append((r.ctm, text_state, r.clip))


def _op_Q(r: ContentState, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    if r.stack:
        r.ctm, r.ts, r.clip = r.stack.pop()


def _op_W(r: ContentState, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    """Clip to the path: followed when it is one rectangle (Qt clips each page's text to the
    page's own part of the document, and draws the row a page break cuts on both pages)."""
    xs, ys = {round(x, 2) for x, _ in r.points}, {round(y, 2) for _, y in r.points}
    if len(r.boxes) == 1 and not r.points:
        r.clip_to(r.boxes[0])
    elif not r.boxes and len(xs) == len(ys) == 2:  # a rectangle drawn as lines (Qt's)
        r.clip_to((min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))


def _op_cm(r: ContentState, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    if len(ops) == 6:
        r.ctm = mul(tuple(_num(v) for v in ops), r.ctm)  # type: ignore[arg-type]


def _op_BT(r: ContentState, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    r.tm = r.tlm = IDENTITY
    r.block += 1


def _op_Tf(r: ContentState, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    if len(ops) == 2:
        r.ts.font, r.ts.font_key = r.font(res, ops[0])
        r.ts.size = _num(ops[1])


def _setter(name: str, factor: float = 1.0) -> Callable[..., None]:
    def handler(r: ContentState, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
        if ops:
            setattr(r.ts, name, _num(ops[0]) * factor)

    return handler


def _op_Td(r: ContentState, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    if len(ops) == 2:
        r.next_line(_num(ops[0]), _num(ops[1]))


def _op_TD(r: ContentState, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    if len(ops) == 2:
        r.ts.leading = -_num(ops[1])
        r.next_line(_num(ops[0]), _num(ops[1]))


def _op_Tm(r: ContentState, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    if len(ops) == 6:
        r.tm = r.tlm = tuple(_num(v) for v in ops)  # type: ignore[assignment]


def _op_Tstar(r: ContentState, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    r.next_line(0.0, -r.ts.leading)


def _bytes(value: object) -> bytes:
    if isinstance(value, bytes):
        return value
    data = getattr(value, "original_bytes", None)
    return data if isinstance(data, bytes) else str(value).encode("latin-1", "replace")


def _op_Tj(r: ContentState, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    if ops:
        r.show(_bytes(ops[0]))


def _op_quote(r: ContentState, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    _op_Tstar(r, ops, res, pdf, depth)
    if ops:
        r.show(_bytes(ops[-1]))


def _op_dquote(r: ContentState, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    if len(ops) == 3:
        r.ts.word_space, r.ts.char_space = _num(ops[0]), _num(ops[1])
    _op_quote(r, ops, res, pdf, depth)


def _op_TJ(r: ContentState, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    if not ops:
        return
    for item in ops[0]:
        if isinstance(item, (int, float)) or type(item).__name__ in ("FloatObject", "NumberObject"):
            r.advance(-_num(item) / 1000 * r.ts.size)
        else:
            r.show(_bytes(item))


def _op_BDC(r: ContentState, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    props = ops[1] if len(ops) > 1 else None
    if props is not None and not isinstance(props, DictionaryObject):
        named = res.get("/Properties")
        props = named.get_object().get(props) if named is not None else None
        props = props.get_object() if props is not None else None
    text = props.get("/ActualText") if isinstance(props, DictionaryObject) else None
    r.marked.append(ActualText(str(text)) if text is not None else None)


def _op_BMC(r: ContentState, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    r.marked.append(None)


def _op_EMC(r: ContentState, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    if not r.marked:
        return
    actual = r.marked.pop()
    if actual is not None and actual.first is not None and actual.text:
        span = actual.first
        span.text, span.width = actual.text, actual.right - span.x
        r.out.spans.append(span)


def _op_re(r: ContentState, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
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


def _op_m(r: ContentState, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    if len(ops) == 2:
        r.point = (_num(ops[0]), _num(ops[1]))
        r.points.append(r.point)


def _op_l(r: ContentState, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    if len(ops) == 2:
        end = (_num(ops[0]), _num(ops[1]))
        r.path.append((*r.point, *end))
        r.point = end
        r.points.append(end)


def _op_paint(r: ContentState, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    for segment in [*r.path, *_bands(r.boxes)]:
        r.rule(*segment)
    r.path, r.boxes, r.points = [], [], []


def _op_n(r: ContentState, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    r.path, r.boxes, r.points = [], [], []


def _op_Do(r: ContentState, ops: list, res: DictionaryObject, pdf: object, depth: int) -> None:
    form = _drawn_form(r, ops, res, r.names_of, pdf, depth)
    if form is None:
        return
    if depth == 0:
        # Counted before it is drawn, with every form it draws: a page whose forms draw too
        # much is refused at once, not after millions of drawings.
        budget = MAX_FORM_OPERATIONS - r.form_operations
        r.form_operations += _drawn_operations(r, form, pdf, depth + 1, budget)
        if r.form_operations > MAX_FORM_OPERATIONS:
            raise _too_many_form_operations()
    saved = (r.ctm, r.ts, r.tm, r.tlm, r.clip, r.names_of)
    matrix = form.stream.get("/Matrix")
    if matrix is not None:
        r.ctm = mul(tuple(_num(v) for v in matrix), r.ctm)  # type: ignore[arg-type]
    r.names_of = form.names_of
    _perform(r, form.operations, form.resources, pdf, depth + 1)
    r.ctm, r.ts, r.tm, r.tlm, r.clip, r.names_of = saved


def _too_many_form_operations() -> TooManyFormOperations:
    return TooManyFormOperations(
        f"its forms draw more than {MAX_FORM_OPERATIONS:,} operations (forms drawn inside "
        "forms again and again), which no issue's page does"
    )


@dataclass(frozen=True, slots=True)
class _Form:
    """A form XObject a ``Do`` draws: its operations and the resources they use."""

    stream: StreamObject
    operations: list
    resources: DictionaryObject
    #: Whose resources its names are looked up in: its own (its object's number and
    #: generation), or those of what draws it (``ContentState.names_of``); "" for a form
    #: written inside a dictionary, which has no number.
    names_of: str
    #: What drawing it draws: its object, ``names_of`` and its depth (forms past _MAX_DEPTH
    #: are not drawn, so the same form draws less the deeper it is); "" where one of them
    #: has no name, and its count is not kept.
    key: str


def _drawn_form(
    r: ContentState, ops: list, res: DictionaryObject, names_of: str, pdf: object, depth: int
) -> _Form | None:
    """The form ``Do ops`` draws from a stream ``depth`` deep with resources ``res`` (those of
    ``names_of``); None when it names none, or is drawn too deep."""
    xobjects = res.get("/XObject")
    ref = xobjects.get_object().get(ops[0]) if xobjects is not None and ops else None
    form = ref.get_object() if ref is not None else None
    if not isinstance(form, StreamObject) or form.get("/Subtype") != "/Form" or depth >= _MAX_DEPTH:
        return None
    # A form drawn again is not parsed again: a page's forms are drawn many times each.
    idnum = getattr(ref, "idnum", None)
    key = f"{idnum} {getattr(ref, 'generation', 0)}" if idnum is not None else ""
    operations = r.forms.get(key) if key else None
    if operations is None:
        operations = operations_of(form, pdf)
        if key:
            r.forms[key] = operations
    inner = form.get("/Resources")
    if inner is not None:
        names_of, res = key, inner.get_object()
    drawn = f"{key} in {names_of} at {depth}" if key and names_of else ""
    return _Form(form, operations, res, names_of, drawn)


def _drawn_operations(r: ContentState, form: _Form, pdf: object, depth: int, budget: int) -> int:
    """The operations drawing ``form`` (``depth`` deep) performs, those of the forms it draws
    included, as ``_perform`` runs them; counted until they pass ``budget``."""
    known = r.form_sizes.get(form.key) if form.key else None
    if known is not None:
        return known
    total = len(form.operations)
    for operands, operator in form.operations:
        if total > budget:
            return total
        if operator == b"Do":
            inner = _drawn_form(r, operands, form.resources, form.names_of, pdf, depth)
            if inner is not None:
                total += _drawn_operations(r, inner, pdf, depth + 1, budget - total)
    if form.key:
        r.form_sizes[form.key] = total
    return total


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
    b"W": _op_W,
    b"W*": _op_W,
    b"Do": _op_Do,
}


def _run(
    r: ContentState, content: object, resources: DictionaryObject, pdf: object, depth: int
) -> None:
    _perform(r, operations_of(content, pdf), resources, pdf, depth)  # type: ignore[arg-type]


def _perform(
    r: ContentState, operations: list, resources: DictionaryObject, pdf: object, depth: int
) -> None:
    if depth:
        # What forms draw was counted before the page drew the first (``_op_Do``); counted
        # again as they run, should that count have missed a way to draw more.
        r.form_operations_drawn += len(operations)
        if r.form_operations_drawn > MAX_FORM_OPERATIONS:
            raise _too_many_form_operations()
    for operands, operator in operations:
        handler = _HANDLERS.get(operator)
        if handler is not None:
            handler(r, operands, resources, pdf, depth)


def read_content(page: PageObject, fonts: DocumentFonts) -> PageContent:
    """The page's text spans and rules, in the order the content stream draws them. A page
    whose text is mostly set turned by a right angle (a page printed sideways or two to a
    sheet: pdfpages, "2 pages per sheet") is read turned back, so that it reads upright."""
    content = _read(page, fonts, IDENTITY)
    upright = content.glyphs.get(0, 0)
    turn, turned = max(((t, n) for t, n in content.glyphs.items() if t), default=(0, 0))
    if turned < _TURNED_GLYPHS or turned < 2 * upright:
        return content
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    back = {90: (0.0, -1.0, 1.0, 0.0, 0.0, width), 270: (0.0, 1.0, -1.0, 0.0, height, 0.0)}
    content = _read(page, fonts, back.get(turn, (-1.0, 0.0, 0.0, -1.0, width, height)))
    content.turned = turn
    return content


#: Glyphs set turned that make a page one to read turned back, at least (a margin's vertical
#: note or watermark is fewer, and fewer than the upright text beside it).
_TURNED_GLYPHS = 40


def _read(page: PageObject, fonts: DocumentFonts, ctm: Matrix) -> PageContent:
    reader = ContentState(fonts)
    reader.ctm = ctm
    contents = page.get_contents()
    if contents is None:
        return reader.out
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else DictionaryObject()
    _run(reader, contents, resources, page.pdf, 0)
    return reader.out
