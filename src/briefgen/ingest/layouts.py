"""The house layouts briefgen reads, one declarative entry each.

A layout says how an issue's articles are put together: the line that ends an article and
names its authors, what may follow that line, whether bracketed title prefixes are tags, where
footnotes are printed, and the boxes inside an article. The parser reads these entries and
nothing else about layouts, so a fourth layout is one more entry here (and its test).

Patterns name their groups: ``names`` (the authors), ``rest`` (what follows on the same line).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass

#: CJK ideographs, as character-class contents.
CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: One to several names separated by spaces or list commas: 沈湘 王丽, 袁 洁, 张娟、黄茹.
_NAMES = rf"[{CJK}·][{CJK}·\s、，,]{{0,30}}"
#: What a byline calls the people who wrote or compiled an article: 编译：张三, 文/张三.
_WRITERS = "执笔|作者|编译|编辑|撰稿人|撰稿|撰文|供稿|整理|编写|编著|翻译|文|译|记者"
#: Who else a byline names after them, not the article's authors: （编译：张三 审核：李四）.
_REVIEWERS = "审核|审校|审稿|校对|责任编辑|责编|编审|签发"
#: Where the people a byline names work: 张三 / 中国科学院成都文献情报中心.
_INSTITUTION = (
    rf"[{CJK}A-Za-z（）()·\s]{{0,40}}"
    r"(?:中心|研究所|研究院|大学|学院|实验室|委员会|协会|图书馆|院|所|局|部|处|室|馆|会|司|社)"
)
#: A role word standing among names (（张三 编译）) names no one.
ROLE_WORDS = frozenset((_WRITERS + "|" + _REVIEWERS).split("|"))


class Notes(enum.Enum):
    """Where a layout prints footnotes and how it numbers them."""

    #: At the page bottom, numbering restarts on every page.
    PAGE_BOTTOM_PER_PAGE = "page bottom, numbered per page"
    #: At the page bottom, numbered through the issue.
    PAGE_BOTTOM_RUNNING = "page bottom, numbered through the issue"
    #: None: sources are cited after the attribution instead.
    NONE = "none"
    #: Wherever the typography shows them (a PDF read by its type sizes).
    AS_PRINTED = "where the type shows them"


@dataclass(frozen=True, slots=True)
class Boxes:
    """Labelled blocks inside an article."""

    #: An opening paragraph with this label is the editor's note (label removed).
    editor_note: re.Pattern[str] | None = re.compile(r"^编者按\s*[:：]\s*")
    #: A paragraph of exactly this text starts a quoted block that runs to the article's end.
    extension: str | None = "【快报延伸】"
    #: A short paragraph like this is a figure's caption: the figure itself is not in the
    #: text, so the body keeps a placeholder image with the caption (``![图 1 …]()``).
    figure_caption: re.Pattern[str] | None = re.compile(
        r"^图\s*\d{1,3}(?:[-.．]\d{1,3})?\s+\S.{0,78}$"
    )


@dataclass(frozen=True, slots=True)
class Layout:
    """One house layout of briefing issues."""

    name: str
    #: Who prints it, and how to recognise it at a glance (for messages and README).
    description: str
    #: The line that ends an article and names its authors (group ``names``); None for the
    #: layouts an issue is read in when no author line ends its articles.
    attribution: re.Pattern[str] | None
    #: After the attribution come source URLs (also in its group ``rest``) and an
    #: ``原文标题：…`` line, all part of the article's end block.
    end_block: bool = False
    #: A bracketed title prefix (``[半导体] 美智库发布…``) is a tag, not part of the title.
    tag_prefix: bool = False
    notes: Notes = Notes.PAGE_BOTTOM_PER_PAGE
    boxes: Boxes = Boxes()


LAYOUTS: tuple[Layout, ...] = (
    Layout(
        name="jiwei",
        description="集微技术信息简报: articles end with （执笔：沈湘 王丽）",
        attribution=re.compile(
            rf"^[（(]\s*(?:执笔|作者|编译|撰稿|供稿)\s*[:：]\s*(?P<names>{_NAMES})\s*[）)]$"
        ),
        notes=Notes.PAGE_BOTTOM_PER_PAGE,
    ),
    Layout(
        name="casdc",
        description=(
            "成都文献情报中心: articles end with '黄茹 供稿自' and the source URLs, then "
            "'原文标题：…'; '[半导体]' title prefixes are tags"
        ),
        attribution=re.compile(
            rf"^(?P<names>[{CJK}·]{{2,5}}(?:[\s、，,]+[{CJK}·]{{2,5}})*)\s*供稿自\s*(?P<rest>.*)$"
        ),
        end_block=True,
        tag_prefix=True,
        notes=Notes.NONE,
    ),
    Layout(
        name="topical",
        description="专题 / 项目资助: articles end with the author in brackets, （董金鑫）",
        attribution=re.compile(rf"^[（(]\s*(?P<names>{_NAMES})\s*[）)]$"),
        notes=Notes.PAGE_BOTTOM_RUNNING,
    ),
)

#: Other houses' bylines: a role then the names, bracketed or not, a reviewer after them; a
#: dash before the names; or the names, then where they work. Read only in an issue none of
#: the houses' own author lines ends an article of: in theirs, "图片来源 / 新华社" or "——结语"
#: is text.
BYLINE = Layout(
    name="byline",
    description=(
        "other houses: articles end (or open) with a role and names, （编辑：张三）, "
        "编译：张三, 文/张三, （撰稿：张三 审核：李四）, ——张三, 张三 / 某研究所"
    ),
    attribution=re.compile(
        rf"^(?:——\s*|[（(]?\s*(?:{_WRITERS})\s*[:：/／|｜]\s*"
        rf"|(?={_NAMES}?\s*[/／|｜]\s*{_INSTITUTION}$))"
        rf"(?P<names>{_NAMES}?)"
        rf"(?:\s+(?:{_REVIEWERS})\s*[:：/／]\s*{_NAMES}|\s*[/／|｜]\s*{_INSTITUTION})?"
        r"\s*[）)]?$"
    ),
    notes=Notes.AS_PRINTED,
)

#: An issue from a house none of the layouts above describes, whose articles end with no
#: author line they know (or none at all), is still read when its typography (a PDF's type
#: sizes and weights) tells titles from body text: each article runs from its title to the
#: next, and its authors are left for the editor.
BY_HEADINGS = Layout(
    name="headings",
    description="articles told apart by their titles' type, no known author line",
    attribution=None,
    notes=Notes.AS_PRINTED,
)

#: The same for a text (no type to tell titles): where no author line of the layouts above ends
#: any article, each runs from a title to the next, a title told by its shape in the text: a
#: short paragraph of its own ending no sentence, no numbered heading, caption or URL, after a
#: sentence's end (or a section's name) and before body text (ingest/title_shapes.py). Notes
#: are matched to markers as in any text.
BY_TITLE_SHAPE = Layout(
    name="titles",
    description="articles told apart by their titles' shape in the text, no known author line",
    attribution=None,
    notes=Notes.AS_PRINTED,
)

#: A section's heading may carry a number or a mark before its name, or brackets around it:
#: 一、政策计划, （一）政策计划, 01 政策计划, 【政策计划】, ◆ 政策计划.
_SECTION_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]"
    r"|\d{1,2}(?:\s*[.．、]|\s)|[◆◇■□●○▲△▶►▪★☆◎※▍▌|｜]+)?"
    r"\s*[【\[［〔]?(?P<name>[^【】\[\]［］〔〕]+?)[】\]］〕]?$"
)
_SECTION_NAME = re.compile(rf"[{CJK}]{{2,10}}")
#: Characters a section's heading may run to: its name, spaces, number and marks.
_LONGEST_SECTION_HEADING = 40


def section_name(text: str) -> str | None:
    """The name a section's heading gives, without its number, mark, brackets or inner spaces
    ("专  题" is 专题); None when ``text`` names no section (two to ten Chinese characters)."""
    if len(text) > _LONGEST_SECTION_HEADING:
        return None  # and the pattern's marks and lazy name never meet a long line
    heading = _SECTION_HEADING.match(text.strip())
    if heading is None:
        return None
    name = re.sub(r"\s+", "", heading.group("name"))
    return name if _SECTION_NAME.fullmatch(name) else None


#: A line under a title that only dates the article: 2024-07-12, 2024年7月12日, 日期：….
DATELINE = re.compile(
    r"^\s*(?:(?:发布)?(?:日期|时间)\s*[:：]\s*)?"
    r"(\d{4})\s*[-./／年]\s*(\d{1,2})\s*[-./／月]\s*(\d{1,2})\s*日?\s*$"
)

#: ``原文标题：…`` in an end block.
ORIGINAL_TITLE = re.compile(r"^原文标题\s*[:：]\s*(?P<rest>.*)$")
#: A title carries a tag or two ("【芯片】【美国】…"); more would be scanned once each, in a
#: long line of brackets that is quadratic.
MAX_TITLE_TAGS = 8
#: ``[半导体] title`` in layouts whose title prefixes are tags.
TAGGED_TITLE = re.compile(r"^[\[［【](?P<tag>[^\]］】]{1,16})[\]］】]\s*(?P<rest>.+)$")


@dataclass(frozen=True, slots=True)
class Attribution:
    """An article's closing line, read by the layout it belongs to."""

    layout: Layout
    names: list[str]
    #: Source URLs printed on the attribution line itself.
    urls: list[str]


@dataclass(frozen=True, slots=True)
class LayoutSet:
    """The layouts a parse reads, and what the parser asks of them together."""

    layouts: tuple[Layout, ...]
    #: Layouts whose author lines count only in an issue none of ``layouts``' ends an article
    #: of (other houses' bylines): the article walk reads ``strong`` first.
    weak: tuple[Layout, ...] = ()

    @property
    def every(self) -> tuple[Layout, ...]:
        return (*self.layouts, *self.weak)

    @property
    def strong(self) -> LayoutSet:
        """These layouts without the weak ones."""
        return LayoutSet(self.layouts)

    @property
    def tags(self) -> bool:
        """Some layout reads bracketed title prefixes as tags."""
        return any(layout.tag_prefix for layout in self.every)

    def attribution(self, text: str, *, bracketed_only: bool = False) -> Attribution | None:
        """The attribution ``text`` is, if any; ``bracketed_only``: one that may stand apart
        from its article (not the start of an end block)."""
        layouts = [lay for lay in self.every if not (bracketed_only and lay.end_block)]
        return read_attribution(text, layouts)

    def stands_alone(self, text: str) -> bool:
        """Lines that are a paragraph of their own whatever the whitespace around them says."""
        line = text.strip()
        return bool(
            any(lay.attribution and lay.attribution.match(line) for lay in self.every)
            or self.tagged(line)
            or ORIGINAL_TITLE.match(line)
        )

    def tagged(self, text: str) -> bool:
        return self.tags and TAGGED_TITLE.match(text.strip()) is not None

    def split_tags(self, title: str) -> tuple[list[str], str]:
        """``[半导体][芯片] 标题`` gives (["半导体", "芯片"], "标题") where prefixes are tags."""
        tags: list[str] = []
        while self.tags and len(tags) < MAX_TITLE_TAGS and (match := TAGGED_TITLE.match(title)):
            tags.append(match.group("tag").strip())
            title = match.group("rest").strip()
        return tags, title


#: Every layout briefgen knows.
KNOWN = LayoutSet(LAYOUTS, weak=(BYLINE,))


def read_attribution(text: str, layouts: Iterable[Layout]) -> Attribution | None:
    """The attribution ``text`` is, in the first layout that reads it with valid names."""
    line = text.strip()
    for layout in layouts:
        match = layout.attribution.match(line) if layout.attribution else None
        if match is None:
            continue
        names = split_names(match.group("names"))
        if names is None:
            continue
        rest = match.groupdict().get("rest") or ""
        return Attribution(layout, names, re.findall(r"(?:https?|ftp)://\S+", rest))
    return None


def split_names(text: str) -> list[str] | None:
    """Names from an attribution, or None when they cannot be names.

    "袁 洁" is one name printed letter-spaced; "沈湘 王丽" is two names.
    """
    names: list[str] = []
    pending = ""
    for token in re.split(r"[\s、，,]+", text.strip()):
        if len(token) > 1 and token in ROLE_WORDS:
            continue  # （张三 编译）; a single 文 or 译 is a letter-spaced name's (吴 文 涛)
        if len(token) == 1:
            pending += token
            continue
        if pending:
            names.append(pending)
            pending = ""
        names.append(token)
    if pending:
        names.append(pending)
    if not names or any(len(n) > 5 or len(n) < 2 for n in names):
        return None
    return names


def matched_layout(endings: Iterable[Layout]) -> Layout | None:
    """The layout an issue is in: the one whose attribution ended most of its articles."""
    counts: dict[str, int] = {}
    by_name = {}
    for layout in endings:
        counts[layout.name] = counts.get(layout.name, 0) + 1
        by_name[layout.name] = layout
    if not counts:
        return None
    return by_name[max(counts, key=lambda name: counts[name])]
