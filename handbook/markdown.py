"""Markdown of a handbook chapter to safe HTML.

The rule: the stored Markdown is never changed; `render` is a pure function of the text. It is
parsed by markdown-it-py with the CommonMark preset plus tables, **raw HTML off** (an author's
`<script>` or `<b>` shows as the text typed), no images (`![alt](url)` becomes "!" and a link
to the picture) and no typographic replacements. Headings move one level down: the chapter
title is the page's `h1`, so a chapter's `#` becomes `h2`, and `#####` and `######` both become
`h6`.

Whatever markdown-it-py produces then goes through nh3 with an allow-list:

- tags: p, h2-h6 (h1 for completeness), ul, ol, li, strong, em, code, pre, blockquote, a,
  table, thead, tbody, tr, th, td, hr, br; anything else is dropped, and the content of script,
  style and their kin with it;
- attributes: `href` on `a` and `start` on `ol` (a list that starts at 3 still counts from 3);
  no id, class, title or style (a table column's alignment is lost), no event handlers;
- links: `http`, `https`, `mailto` and relative URLs (`#anchor`, `/path`, `page.html`) only,
  each with `rel="noopener noreferrer"`. A link whose text before the first `/`, `?` or `#`
  holds a colon is dropped unless that scheme is one of the three, judged after removing what
  browsers ignore (spaces, tabs, newlines and control characters), so `jav&#x09;ascript:`,
  `JAVASCRIPT:` and `jav%09ascript:` all lose their `href`.

The anchors of paragraphs (`handbook.paragraphs`) are put on wrappers built outside this
allow-list, so no author-supplied `id` ever reaches a page.
"""

from __future__ import annotations

import re
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

ALLOWED_TAGS = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "code",
        "pre",
        "blockquote",
        "a",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "hr",
        "br",
    }
)
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href"}, "ol": {"start"}}
# nh3 keeps `title` and `lang` on every tag unless "*" says otherwise.
_NH3_ATTRIBUTES: dict[str, set[str]] = {**ALLOWED_ATTRIBUTES, "*": set()}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"
# Dropped with everything inside them (the other tags outside the allow-list keep their text).
CONTENT_DROPPED = frozenset(
    {"script", "style", "template", "textarea", "title", "noscript", "xmp", "iframe", "object"}
)
# How far headings move down: `#` -> h2.
HEADING_SHIFT = 1

_PARSER = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .enable("table")
    .disable("image")
)
_URL_END_OF_SCHEME = re.compile(r"[/?#]")


def _safe_href(url: str) -> str | None:
    """`url` if it is relative or http(s)/mailto, else None (the attribute is dropped)."""
    # Browsers ignore spaces, tabs, newlines and control characters in a scheme.
    visible = "".join(ch for ch in url if ch > " " and ch != "\x7f")
    head = _URL_END_OF_SCHEME.split(visible, maxsplit=1)[0]
    if ":" in head and head.split(":", 1)[0].lower() not in URL_SCHEMES:
        return None
    return url


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return _safe_href(value)
    return value


def sanitize(html: str) -> str:
    """`html` cleaned with the handbook's allow-list."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(CONTENT_DROPPED),
        attributes=_NH3_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def parse(markdown: str, env: dict[str, Any] | None = None) -> list[Token]:
    """markdown-it-py's tokens for `markdown`, with the heading levels already shifted.

    `env` collects the link reference definitions (`[name]: url`) of the text."""
    tokens = _PARSER.parse(markdown, env if env is not None else {})
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = int(token.tag[1:]) + HEADING_SHIFT
            token.tag = f"h{min(level, 6)}"
    return tokens


def render_with_env(markdown: str, env: dict[str, Any]) -> str:
    """Like `render`, resolving reference links against `env` (from `parse` of the whole text),
    so that one block of a text renders as it does inside the text."""
    env = {**env, "references": dict(env.get("references", {}))}  # leave the caller's untouched
    tokens = parse(markdown, env)
    return sanitize(_PARSER.renderer.render(tokens, _PARSER.options, env))


def render(markdown: str) -> str:
    """The sanitised HTML of `markdown`."""
    return render_with_env(markdown, {})
