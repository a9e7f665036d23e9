"""The blocks of a chapter's Markdown and their stable anchors, on which PVT comments hang.

The rule: a block is one top-level element of markdown-it-py's token stream (a paragraph, a
heading, a table, a code block, a block quote, a rule) or one item of a top-level list, and its
Markdown is the source lines of the token's `map`, trailing blank lines removed. Link reference
definitions (`[name]: url`) are no block; the blocks that use them still render their links.

Its anchor is `p-` and the first 10 hex characters of the SHA-256 of its normalised source: the
Markdown with every run of whitespace made one space and, for a list item, without its marker
(`-`, `*`, `3.`), so renumbering a list keeps the anchors of its items. The second and third
block with the same normalised source in one text get `-2`, `-3`. So a block unchanged in the
next version keeps its anchor wherever it moved, and a block whose text or markup changed gets a
new one. An unchanged block can still change anchor when an identical block is added or removed
before it (its `-2` becomes plain, or the other way round).

Pure: a string in, strings out.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from handbook.markdown import parse, render_with_env

ANCHOR_PREFIX = "p-"
ANCHOR_HEX = 10

_NEWLINE = re.compile(r"\r\n?|\n")
_LIST_MARKER = re.compile(r"^(\s*)(?:\d{1,9}[.)]|[-+*])(?=\s|$)")
# After these tags the plain text gets a space, so that "a</td><td>b" reads "a b".
_TEXT_BREAKS = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "pre",
        "blockquote",
        "table",
        "tr",
        "th",
        "td",
        "br",
        "hr",
    }
)


@dataclass(frozen=True)
class Block:
    """One block: its anchor, its Markdown source, its sanitised HTML and its plain text."""

    anchor: str
    markdown: str
    html: str
    text: str


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _TEXT_BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.handle_starttag(tag, [])

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def collapse(text: str) -> str:
    """`text` with every run of whitespace one space, without leading or trailing space."""
    return " ".join(text.split())


def plain_text(html: str) -> str:
    """The text of sanitised `html`, entities decoded and whitespace collapsed."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    return collapse("".join(extractor.parts))


def _without_marker(markdown: str) -> str:
    return _LIST_MARKER.sub(r"\1", markdown, count=1)


def _with_number(markdown: str, number: int, delimiter: str) -> str:
    """An ordered list item's source with the number it has in its list (CommonMark numbers
    items from the list's start, whatever they are written as)."""
    return _LIST_MARKER.sub(lambda m: f"{m.group(1)}{number}{delimiter}", markdown, count=1)


def _hash(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:ANCHOR_HEX]


def _source(lines: list[str], line_map: list[int]) -> str:
    return "\n".join(lines[line_map[0] : line_map[1]]).rstrip()


def blocks(markdown: str) -> list[Block]:
    """The blocks of `markdown` in order, each with its anchor (see the module's rule)."""
    env: dict[str, Any] = {}
    tokens = parse(markdown, env)
    lines = _NEWLINE.split(markdown)  # as markdown-it-py counts lines
    # (source, source to hash, source to render) per block
    found: list[tuple[str, str, str]] = []
    ordered_next: int | None = None  # the next item number inside a top-level ordered list
    for token in tokens:
        if token.map is None or token.nesting == -1:
            continue
        if token.level == 0 and token.type == "ordered_list_open":
            ordered_next = int(token.attrGet("start") or 1)
        elif token.level == 0 and token.type == "bullet_list_open":
            ordered_next = None
        elif token.level == 1 and token.type == "list_item_open":
            source = _source(lines, token.map)
            shown = source
            if ordered_next is not None:
                shown = _with_number(source, ordered_next, token.markup)
                ordered_next += 1
            found.append((source, _without_marker(source), shown))
        elif token.level == 0:
            source = _source(lines, token.map)
            found.append((source, source, source))
    result = []
    seen: dict[str, int] = {}
    for source, hashed, shown in found:
        base = ANCHOR_PREFIX + _hash(collapse(hashed))
        seen[base] = seen.get(base, 0) + 1
        anchor = base if seen[base] == 1 else f"{base}-{seen[base]}"
        html = render_with_env(shown, env).strip()
        result.append(Block(anchor=anchor, markdown=source, html=html, text=plain_text(html)))
    return result


def wrap(block: Block) -> str:
    """The block's HTML in its `<section>` carrying the anchor."""
    anchor = html_lib.escape(block.anchor, quote=True)
    return f'<section class="para" id="{anchor}" data-anchor="{anchor}">{block.html}</section>'


def render_with_anchors(markdown: str) -> str:
    """The sanitised HTML of `markdown`, each block in a `<section class="para">` whose `id`
    and `data-anchor` are the block's anchor."""
    return "\n".join(wrap(block) for block in blocks(markdown))
