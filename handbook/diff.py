"""Word-level changes between two versions of a chapter, on the rendered text.

The rule: both texts are split into blocks (`handbook.paragraphs`). A block whose anchor is in
both versions is unchanged, also when it moved; it shows at its new place. The other blocks are
lined up by the order of the anchors (difflib over the anchor lists): in each stretch between
unchanged blocks a new block is paired with the next old block still unpaired if at least
`PAIR_SIMILARITY` of their words match, else with the most similar of the `PAIR_WINDOW` old
blocks after it that does, and shown as changed; a new block without a partner is added, an
old one without a partner (or skipped over) removed.

Inside a changed block the sanitised HTML of both sides is cut into tags and words (a word
keeps the whitespace after it) and compared with difflib. The new version's tags are all kept,
in order, so the output has the new block's structure and is balanced; inserted words are
wrapped in `<ins>`, deleted words in `<del>`. Deleted tags of the old version are kept only
where they form a balanced group (a removed table row or list item shows as such); otherwise
only their words show, at the next place where text may stand (not directly inside a list,
table or row). An added block is all `<ins>`, a removed one all `<del>`.

Nothing of the input reaches the output as markup: every tag is rebuilt from the allow-list of
`handbook.markdown` (name and allowed attributes, values escaped) and every text is escaped.
Each block is wrapped in `<section class="para para-<status>" data-anchor="...">`, the status
being unchanged, changed, added or removed (a changed block also carries
`data-previous-anchor`).

Pure: strings in, strings out.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from html.parser import HTMLParser
from typing import Literal

from handbook.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, LINK_REL
from handbook.paragraphs import Block, blocks

# Two blocks pair up as "changed" when at least this share of their words matches.
PAIR_SIMILARITY = 0.4
# How many old blocks ahead a new block looks for its partner.
PAIR_WINDOW = 20

VOID_TAGS = frozenset({"br", "hr"})
# Elements whose direct content is other elements only: deleted words wait until past them.
STRUCTURAL_TAGS = frozenset({"ul", "ol", "table", "thead", "tbody", "tr"})

Status = Literal["unchanged", "changed", "added", "removed"]
Kind = Literal["start", "end", "void", "word", "space"]

_WORDS = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class _Token:
    kind: Kind
    key: str  # what is compared
    out: str  # what is written: escaped text or a rebuilt tag
    tag: str = ""


def _rebuild(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    allowed = ALLOWED_ATTRIBUTES.get(tag, set())
    parts = [tag]
    for name, value in attrs:
        if name in allowed and value is not None:
            parts.append(f'{name}="{html_lib.escape(value, quote=True)}"')
    if tag == "a":
        parts.append(f'rel="{LINK_REL}"')
    return "<" + " ".join(parts) + ">"


class _Tokenizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[_Token] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            return
        out = _rebuild(tag, attrs)
        self.tokens.append(_Token("void" if tag in VOID_TAGS else "start", out, out, tag))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ALLOWED_TAGS:
            out = _rebuild(tag, attrs)
            self.tokens.append(_Token("void", out, out, tag))

    def handle_endtag(self, tag: str) -> None:
        if tag in ALLOWED_TAGS and tag not in VOID_TAGS:
            self.tokens.append(_Token("end", f"</{tag}>", f"</{tag}>", tag))

    def handle_data(self, data: str) -> None:
        for piece in _WORDS.findall(data):
            word = piece.strip()
            kind: Kind = "word" if word else "space"
            self.tokens.append(_Token(kind, word or " ", html_lib.escape(piece), ""))


def _tokens(html: str) -> list[_Token]:
    tokenizer = _Tokenizer()
    tokenizer.feed(html)
    tokenizer.close()
    return tokenizer.tokens


def _is_text(token: _Token) -> bool:
    return token.kind in ("word", "space")


def _words(tokens: list[_Token]) -> int:
    return sum(1 for token in tokens if token.kind == "word")


def _balanced(tokens: list[_Token]) -> bool:
    stack: list[str] = []
    for token in tokens:
        if token.kind == "start":
            stack.append(token.tag)
        elif token.kind == "end" and (not stack or stack.pop() != token.tag):
            return False
    return not stack


def _deleted_words(words: list[str]) -> str:
    return "<del>" + html_lib.escape(" ".join(words)) + " </del>"


class _Writer:
    """Writes one block: the new side's tags in order, words marked as inserted or deleted."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.open: list[str] = []  # the new side's open elements
        self.pending: list[
            str
        ] = []  # deleted words (unescaped) waiting for a place where text may stand
        self.inserted = 0
        self.deleted = 0

    def _text_allowed(self) -> bool:
        return not self.open or self.open[-1] not in STRUCTURAL_TAGS

    def _flush_deleted(self) -> None:
        if self.pending and self._text_allowed():
            self.out.append(_deleted_words(self.pending))
            self.pending.clear()

    def _text(self, run: list[_Token], wrapper: str | None) -> None:
        if not run:
            return
        self._flush_deleted()
        text = "".join(token.out for token in run)
        if wrapper and any(token.kind == "word" for token in run):
            text = f"<{wrapper}>{text}</{wrapper}>"
        self.out.append(text)
        run.clear()

    def keep(self, tokens: list[_Token], *, inserted: bool = False) -> None:
        """Write new-side tokens; their words marked inserted when `inserted`."""
        wrapper = "ins" if inserted else None
        if inserted:
            self.inserted += _words(tokens)
        run: list[_Token] = []
        for token in tokens:
            if _is_text(token):
                run.append(token)
                continue
            self._text(run, wrapper)
            self.out.append(token.out)
            if token.kind == "start":
                self.open.append(token.tag)
            elif token.kind == "end" and self.open:
                self.open.pop()
            self._flush_deleted()
        self._text(run, wrapper)

    def delete(self, tokens: list[_Token]) -> None:
        """Write old-side tokens that are gone from the new side."""
        words = _words(tokens)
        self.deleted += words
        if not words:
            return
        top_level_words = any(token.kind == "word" for token in _top_level(tokens))
        if _balanced(tokens) and (self._text_allowed() or not top_level_words):
            self._flush_deleted()
            run: list[_Token] = []
            for token in tokens:
                if _is_text(token):
                    run.append(token)
                    continue
                self._text(run, "del")
                self.out.append(token.out)
            self._text(run, "del")
            return
        self.pending.extend(token.key for token in tokens if token.kind == "word")
        self._flush_deleted()

    def html(self) -> str:
        self._flush_deleted()
        if self.pending:  # not reached for balanced input: the block ends at the top level
            self.out.append(_deleted_words(self.pending))
            self.pending.clear()
        return "".join(self.out)


def _top_level(tokens: list[_Token]) -> list[_Token]:
    depth = 0
    result = []
    for token in tokens:
        if token.kind == "end":
            depth -= 1
        elif depth == 0:
            result.append(token)
        if token.kind == "start":
            depth += 1
    return result


@dataclass(frozen=True)
class BlockChange:
    """One block of the comparison with its marked-up HTML and its word counts."""

    status: Status
    old: Block | None
    new: Block | None
    html: str
    words_inserted: int
    words_deleted: int

    @property
    def anchor(self) -> str:
        block = self.new or self.old
        assert block is not None  # every change has a side
        return block.anchor


def _compare_blocks(old: Block | None, new: Block | None) -> BlockChange:
    writer = _Writer()
    old_tokens = _tokens(old.html) if old else []
    new_tokens = _tokens(new.html) if new else []
    if old is None:
        writer.keep(new_tokens, inserted=True)
        status: Status = "added"
    elif new is None:
        writer.delete(old_tokens)
        status = "removed"
    elif old.anchor == new.anchor:
        writer.keep(new_tokens)
        status = "unchanged"
    else:
        status = "changed"
        matcher = SequenceMatcher(
            None, [t.key for t in old_tokens], [t.key for t in new_tokens], autojunk=False
        )
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op in ("delete", "replace"):
                writer.delete(old_tokens[i1:i2])
            writer.keep(new_tokens[j1:j2], inserted=op != "equal")
    return BlockChange(status, old, new, writer.html(), writer.inserted, writer.deleted)


def _similarity(old: Block, new: Block) -> float:
    matcher = SequenceMatcher(None, old.text.split(), new.text.split(), autojunk=False)
    if matcher.real_quick_ratio() < PAIR_SIMILARITY or matcher.quick_ratio() < PAIR_SIMILARITY:
        return 0.0
    return matcher.ratio()


def _stretch(olds: list[Block], news: list[Block], old_anchors: set[str]) -> list[BlockChange]:
    """The changes in one stretch between unchanged blocks; `olds` are gone from the new side."""
    result = []
    start = 0  # the first old block not yet paired or removed
    for new in news:
        if new.anchor in old_anchors:  # moved here unchanged
            result.append(_compare_blocks(new, new))
            continue
        best, best_score = -1, PAIR_SIMILARITY
        for k in range(start, min(start + PAIR_WINDOW, len(olds))):
            score = _similarity(olds[k], new)
            if score >= best_score and (best < 0 or score > best_score):
                best, best_score = k, score
            if k == start and best == start:  # edited in place: the usual case
                break
        if best < 0:
            result.append(_compare_blocks(None, new))
            continue
        result.extend(_compare_blocks(old, None) for old in olds[start:best])
        result.append(_compare_blocks(olds[best], new))
        start = best + 1
    result.extend(_compare_blocks(old, None) for old in olds[start:])
    return result


def changes(old_markdown: str, new_markdown: str) -> list[BlockChange]:
    """The blocks of the comparison, in the new version's order (removed ones where they were)."""
    old_blocks, new_blocks = blocks(old_markdown), blocks(new_markdown)
    old_anchors = {block.anchor for block in old_blocks}
    new_anchors = {block.anchor for block in new_blocks}
    matcher = SequenceMatcher(
        None,
        [block.anchor for block in old_blocks],
        [block.anchor for block in new_blocks],
        autojunk=False,
    )
    result: list[BlockChange] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            result.extend(_compare_blocks(block, block) for block in new_blocks[j1:j2])
            continue
        gone = [block for block in old_blocks[i1:i2] if block.anchor not in new_anchors]
        result.extend(_stretch(gone, new_blocks[j1:j2], old_anchors))
    return result


def _section(change: BlockChange) -> str:
    anchor = html_lib.escape(change.anchor, quote=True)
    previous = ""
    if change.status == "changed" and change.old is not None:
        previous = f' data-previous-anchor="{html_lib.escape(change.old.anchor, quote=True)}"'
    return (
        f'<section class="para para-{change.status}" data-anchor="{anchor}"{previous}>'
        f"{change.html}</section>"
    )


def diff_html(old_markdown: str, new_markdown: str) -> str:
    """The new version's sanitised HTML with `<del>` and `<ins>` at word level (see the rule)."""
    return "\n".join(_section(change) for change in changes(old_markdown, new_markdown))


def summary(old_markdown: str, new_markdown: str) -> dict[str, int]:
    """How many blocks were added, removed, changed and kept, and words inserted and deleted."""
    result = {
        "blocks_added": 0,
        "blocks_removed": 0,
        "blocks_changed": 0,
        "blocks_unchanged": 0,
        "words_inserted": 0,
        "words_deleted": 0,
    }
    for change in changes(old_markdown, new_markdown):
        result[f"blocks_{change.status}"] += 1
        result["words_inserted"] += change.words_inserted
        result["words_deleted"] += change.words_deleted
    return result
