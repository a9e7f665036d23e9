"""Finding words in the handbook's text, and showing where they were found. Pure: strings in,
strings out.

The rule: a query is split on whitespace into terms (at most `MAX_TERMS`, the query cut at
`MAX_QUERY` characters). A text matches when every term occurs in it, compared without case
and without accents, so "ZIEKMELDING" finds "ziekmelding" and "beeindiging" finds
"beëindiging" (each character is folded on its own: NFKD, combining marks dropped, casefold).
Where a term occurs is given in the positions of the original text, so the text shown is the
text as written.

`highlight` and `snippet` return HTML: the text is escaped first, then every occurrence of a
term is wrapped in `<mark>`; no other markup ever comes out, whatever the text holds.
"""

from __future__ import annotations

import functools
import html
import unicodedata

MAX_QUERY = 100
MAX_TERMS = 8
SNIPPET_WIDTH = 180
ELLIPSIS = "…"


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str) -> tuple[str, list[int]]:
    """`text` folded (see the rule), and for each folded character the index of the original
    character it came from."""
    if text.isascii():  # the common case: one lower-case character per character
        return text.lower(), list(range(len(text)))
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        part = _fold_char(char)
        folded.append(part)
        origin.extend([index] * len(part))
    return "".join(folded), origin


def terms(query: str) -> list[str]:
    """The folded terms of a query: distinct, in the order typed, at most `MAX_TERMS`."""
    found: list[str] = []
    for word in query[:MAX_QUERY].split():
        term = fold(word)[0]
        if term and term not in found:
            found.append(term)
    return found[:MAX_TERMS]


def spans(text: str, wanted: list[str]) -> list[tuple[int, int]]:
    """Where the terms occur in `text`: (start, end) in the original text, merged and sorted."""
    folded, origin = fold(text)
    found: list[tuple[int, int]] = []
    for term in wanted:
        start = folded.find(term)
        while start != -1:
            end = start + len(term)
            found.append((origin[start], origin[end - 1] + 1))
            start = folded.find(term, end)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def matched_terms(text: str, wanted: list[str]) -> int:
    """How many of the terms occur in `text`."""
    folded = fold(text)[0]
    return sum(1 for term in wanted if term in folded)


def contains_all(text: str, wanted: list[str]) -> bool:
    return bool(wanted) and matched_terms(text, wanted) == len(wanted)


def _marked(text: str, found: list[tuple[int, int]], offset: int = 0) -> str:
    parts: list[str] = []
    position = 0
    for start, end in found:
        start, end = max(start - offset, 0), min(end - offset, len(text))
        if end <= position or start >= len(text):
            continue
        start = max(start, position)
        parts.append(html.escape(text[position:start]))
        parts.append(f"<mark>{html.escape(text[start:end])}</mark>")
        position = end
    parts.append(html.escape(text[position:]))
    return "".join(parts)


def highlight(text: str, wanted: list[str]) -> str:
    """The whole `text`, escaped, with every occurrence of a term in `<mark>`."""
    return _marked(text, spans(text, wanted))


def snippet(text: str, wanted: list[str], width: int = SNIPPET_WIDTH) -> str:
    """A piece of `text` of about `width` characters around the first occurrence of a term,
    cut at spaces, with "…" where it was cut; escaped, the terms in `<mark>`."""
    found = spans(text, wanted)
    if len(text) <= width:
        return _marked(text, found)
    first = found[0][0] if found else 0
    start = max(0, first - width // 3)
    if start > 0:
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space != -1 and first - space < width // 2 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > first else end
    piece = text[start:end]
    return (
        (ELLIPSIS if start > 0 else "")
        + _marked(piece, found, offset=start)
        + (ELLIPSIS if end < len(text) else "")
    )
