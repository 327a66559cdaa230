"""A saved web page → the text of its main content, one line per paragraph, one line per table row.

The main content is the deepest block that holds most of the page's text; navigation, menus, footers
and share bars outside it are dropped. Lines outside it that state the page's metadata (发布日期:…,
索引号:…) or head it (the h1 title) are kept: they carry the plan's publication date, number and title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .residue import residue_kind
from .text import normalize
from .titles import is_plan_title

_DROP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "svg",
        "canvas",
        "select",
        "option",
        "button",
        "input",
        "textarea",
        "object",
        "embed",
        "head",
        "map",
        "audio",
        "video",
        "link",
        "meta",
        "title",
    ]
)
_BLOCK = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "aside",
        "header",
        "footer",
        "nav",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "blockquote",
        "pre",
        "center",
        "form",
        "fieldset",
        "figure",
        "figcaption",
        "address",
        "hr",
        "body",
        "caption",
    ]
)
_HEADINGS = frozenset(["h1", "h2", "h3"])
_CONTAINERS = frozenset(
    ["div", "section", "article", "main", "td", "table", "tbody", "body", "center", "form", "font", "span"]
)
_FURNITURE_TAGS = frozenset(["nav", "footer", "aside", "header", "menu"])
_FURNITURE_ATTR = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|position|location|footer|foot|sidebar|share|"
    r"toolbar|print|pagination|pager|copyright|related|friendlink|search|login|topbar|qrcode|ewm)(?:[\s_\d-]|$)",
    re.IGNORECASE,
)
_SPACE = re.compile(r"[ \t\r\n\f]+")
# Share of the page's text the main-content block must hold
MAIN_SHARE = 0.7


@dataclass
class _Line:
    text: str
    containers: tuple[int, ...]
    furniture: bool
    link_chars: int
    heading: bool


class _Builder:
    def __init__(self) -> None:
        self.lines: list[_Line] = []
        self.buf: list[str] = []
        self.link_chars = 0
        self.ctx: tuple[tuple[int, ...], bool, bool] = ((), False, False)

    def add(self, text: str, ctx: tuple[tuple[int, ...], bool, bool], in_link: bool) -> None:
        if not self.buf:
            self.ctx = ctx
        self.buf.append(text)
        if in_link:
            self.link_chars += len(text.strip())

    def flush(self) -> None:
        text = "".join(self.buf).strip(" \t")
        if text:
            containers, furniture, heading = self.ctx
            self.lines.append(_Line(text, containers, furniture, self.link_chars, heading))
        self.buf = []
        self.link_chars = 0


def _is_furniture(node) -> bool:
    if node.tag in _FURNITURE_TAGS:
        return True
    attrs = node.attributes
    marks = " ".join(v for k, v in attrs.items() if k in ("id", "class", "role") and v)
    return bool(marks) and _FURNITURE_ATTR.search(marks) is not None


def _walk(root) -> list[_Line]:
    out = _Builder()
    # (node, containers, furniture, in_link, heading) or ("exit", tag) events; iterative, pages nest deeply
    stack: list = [(root, (), False, False, False)]
    while stack:
        item = stack.pop()
        if item[0] == "exit":
            tag = item[1]
            if tag in ("td", "th"):
                if out.buf:
                    out.buf.append("\t")
            elif tag in _BLOCK:
                out.flush()
            continue
        node, containers, furniture, in_link, heading = item
        tag = node.tag
        if tag == "-text":
            text = _SPACE.sub(" ", node.text(deep=False) or "")
            if text.strip() or out.buf:
                out.add(text, (containers, furniture, heading), in_link)
            continue
        if tag in _DROP or tag.startswith("-"):
            continue
        if tag == "br":
            out.flush()
            continue
        if tag in _BLOCK:
            out.flush()
        furniture = furniture or _is_furniture(node)
        if tag in _CONTAINERS:
            containers = (*containers, node.mem_id)
        child_ctx = (containers, furniture, in_link or tag == "a", heading or tag in _HEADINGS)
        stack.append(("exit", tag))
        stack.extend((child, *child_ctx) for child in reversed(list(node.iter(include_text=True))))
    out.flush()
    return out.lines


def _content_weight(line: _Line) -> int:
    return 0 if line.furniture or line.link_chars * 2 > len(line.text) else len(line.text)


def _main_container(lines: list[_Line]) -> int | None:
    total = sum(_content_weight(ln) for ln in lines)
    if not total:
        return None
    weight: dict[int, int] = {}
    depth: dict[int, int] = {}
    for ln in lines:
        w = _content_weight(ln)
        for d, c in enumerate(ln.containers):
            weight[c] = weight.get(c, 0) + w
            depth[c] = d
    holding = [c for c, w in weight.items() if w >= MAIN_SHARE * total]
    return max(holding, key=lambda c: depth[c]) if holding else None


def _keep_outside(line: _Line) -> bool:
    """Outside the main content only the page's metadata and its heading are worth keeping."""
    if line.link_chars * 2 > len(line.text):
        return False
    # rules match normalised text (发布时间：… with a full-width colon)
    return (
        residue_kind(normalize(line.text)) == "meta"
        or (line.heading and not line.furniture)
        or is_plan_title(line.text)
    )


def html_to_text(html: str) -> str:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    if root is None:
        return ""
    lines = _walk(root)
    main = _main_container(lines)
    kept = []
    for ln in lines:
        inside = main is None or main in ln.containers
        if (inside and not ln.furniture) or (not inside and _keep_outside(ln)):
            kept.append(ln.text.rstrip("\t "))
    return "\n".join(kept)
