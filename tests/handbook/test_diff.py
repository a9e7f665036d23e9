"""Word-level changes between two versions on the rendered text: what changed is marked with
<del> and <ins>, the rest passes through, and the output is balanced and sanitised."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.diff import changes, diff_html, summary
from handbook.paragraphs import blocks, plain_text
from tests.handbook.html_checks import XSS_VECTORS, problems

OLD = """# Ziekmelding

Meld je ziek vóór 9:00 uur bij je leidinggevende.

Je leidinggevende neemt binnen twee dagen contact op.

- Bel, mail niet.
- Geef door waar je verblijft.
"""


def count(tag, html):
    return len(re.findall(f"<{tag}>", html))


def marked(tag, html):
    return re.findall(f"<{tag}>(.*?)</{tag}>", html, re.DOTALL)


def test_one_word_change_gives_one_del_and_one_ins():
    new = OLD.replace("twee dagen", "drie dagen")
    result = diff_html(OLD, new)
    assert marked("del", result) == ["twee "]
    assert marked("ins", result) == ["drie "]
    assert "<p>Je leidinggevende neemt binnen <del>twee </del><ins>drie </ins>dagen" in result
    assert summary(OLD, new) == {
        "blocks_added": 0,
        "blocks_removed": 0,
        "blocks_changed": 1,
        "blocks_unchanged": 4,
        "words_inserted": 1,
        "words_deleted": 1,
    }


def test_unchanged_text_has_no_marks():
    result = diff_html(OLD, OLD)
    assert count("del", result) == count("ins", result) == 0
    assert result.count('class="para para-unchanged"') == 5
    assert summary(OLD, OLD)["blocks_unchanged"] == 5


def test_added_paragraph_shows_as_inserted():
    new = OLD.replace("Je leidinggevende", "Bij twijfel bel je HR.\n\nJe leidinggevende")
    result = diff_html(OLD, new)
    assert marked("ins", result) == ["Bij twijfel bel je HR."]
    assert count("del", result) == 0
    assert '<section class="para para-added"' in result
    assert summary(OLD, new)["blocks_added"] == 1
    assert summary(OLD, new)["words_inserted"] == 5


def test_removed_paragraph_shows_as_deleted_where_it_was():
    new = OLD.replace("Meld je ziek vóór 9:00 uur bij je leidinggevende.\n\n", "")
    result = diff_html(OLD, new)
    assert marked("del", result) == ["Meld je ziek vóór 9:00 uur bij je leidinggevende."]
    assert count("ins", result) == 0
    assert result.index("para-removed") < result.index("Je leidinggevende neemt")
    assert summary(OLD, new)["blocks_removed"] == 1
    assert summary(OLD, new)["words_deleted"] == 9


def test_rewritten_paragraph_is_removed_and_added_not_interleaved():
    old = "Verlof vraag je aan via het personeelssysteem."
    new = "De werkgever betaalt de reiskosten voor woon-werkverkeer."
    assert [change.status for change in changes(old, new)] == ["added", "removed"]


def test_edited_paragraphs_pair_with_their_old_text_past_a_removed_one():
    old = (
        "Verlof vraag je aan via het personeelssysteem.\n\n"
        "Ziekte meld je voor negen uur bij je leidinggevende.\n\n"
        "Je leidinggevende belt je binnen twee dagen terug."
    )
    new = (
        "Ziekte meld je voor tien uur bij je leidinggevende.\n\n"
        "Je leidinggevende belt je binnen drie dagen terug."
    )
    found = changes(old, new)
    assert [change.status for change in found] == ["removed", "changed", "changed"]
    assert [(c.words_deleted, c.words_inserted) for c in found] == [(7, 0), (1, 1), (1, 1)]


def test_moved_paragraph_is_unchanged():
    parts = ["Eerste alinea.", "Tweede alinea.", "Derde alinea."]
    result = diff_html("\n\n".join(parts), "\n\n".join([parts[2], parts[0], parts[1]]))
    assert count("del", result) == count("ins", result) == 0
    assert result.index("Derde") < result.index("Eerste")


def test_changed_block_carries_both_anchors():
    new = OLD.replace("twee dagen", "drie dagen")
    old_anchor = blocks(OLD)[2].anchor
    new_anchor = blocks(new)[2].anchor
    assert (
        f'<section class="para para-changed" data-anchor="{new_anchor}" '
        f'data-previous-anchor="{old_anchor}">'
    ) in diff_html(OLD, new)


def test_removed_table_row_keeps_its_structure():
    old = "| Dag | Uren |\n|---|---|\n| ma | 8 |\n| di | 6 |"
    new = "| Dag | Uren |\n|---|---|\n| ma | 8 |"
    result = diff_html(old, new)
    assert "<tr>\n<td><del>di</del></td>\n<td><del>6</del></td>\n</tr>" in result
    assert problems(result) == []


def test_changed_table_cell():
    old = "| Dag | Uren |\n|---|---|\n| ma | 8 |"
    new = "| Dag | Uren |\n|---|---|\n| ma | 7 |"
    assert "<td><del>8</del><ins>7</ins></td>" in diff_html(old, new)


def test_removed_list_item_inside_an_item():
    old = "- boven\n  - weg\n  - blijft"
    new = "- boven\n  - blijft"
    result = diff_html(old, new)
    assert "<li><del>weg</del></li>" in result
    assert problems(result) == []


def test_changed_link_target_is_a_change_of_the_tag():
    old = "Zie [de regeling](https://example.org/oud)."
    new = "Zie [de regeling](https://example.org/nieuw)."
    result = diff_html(old, new)
    assert '<a href="https://example.org/nieuw" rel="noopener noreferrer">' in result
    assert "example.org/oud" not in result
    assert problems(result) == []


def test_text_is_escaped():
    result = diff_html("a < b & c", "a < b & d")
    assert "a &lt; b &amp; <del>c</del><ins>d</ins>" in result


@pytest.mark.parametrize("side", ["old", "new", "both"])
@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_attack_vectors_never_survive_the_diff(vector, side):
    clean = "Meld je ziek.\n\nNog een alinea."
    dirty = f"Meld je ziek {vector}.\n\n{vector}\n\n- {vector}"
    old = dirty if side in ("old", "both") else clean
    new = dirty if side in ("new", "both") else clean
    if side == "both":
        new = new.replace("Meld je ziek", "Meld je beter")
    assert problems(diff_html(old, new)) == []


_WORDS = ["ziek", "beter", "verlof", "HR", "PVT", "**vet**", "*schuin*", "`code`", "[link](/a)"]
_PREFIXES = ["", "", "# ", "- ", "1. ", "> "]
_block = st.one_of(
    st.builds(
        lambda prefix, words: prefix + " ".join(words),
        st.sampled_from(_PREFIXES),
        st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8),
    ),
    st.builds(
        lambda cells: "| a | b |\n|---|---|\n" + "\n".join(f"| {x} | {y} |" for x, y in cells),
        st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_WORDS)), max_size=3),
    ),
    st.sampled_from(XSS_VECTORS),
)
_document = st.lists(_block, max_size=7).map("\n\n".join)


def _without_whitespace(text):
    return "".join(text.split())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_document, _document)
def test_diff_is_balanced_sanitised_and_reads_as_the_new_version(old, new):
    result = diff_html(old, new)
    assert problems(result) == []
    # Take out what was deleted: what is left is the new version's text.
    kept = re.sub(r"<del>.*?</del>", "", result, flags=re.DOTALL)
    new_text = " ".join(block.text for block in blocks(new))
    assert _without_whitespace(plain_text(kept)) == _without_whitespace(new_text)
    # Take out what was inserted: every old word is there.
    gone = re.sub(r"<ins>.*?</ins>", "", result, flags=re.DOTALL)
    old_text = " ".join(block.text for block in blocks(old))
    assert sorted(_without_whitespace(plain_text(gone))) == sorted(_without_whitespace(old_text))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_document)
def test_a_version_against_itself_has_no_changes(text):
    result = diff_html(text, text)
    assert "<del>" not in result
    assert "<ins>" not in result
    counts = summary(text, text)
    assert counts["blocks_unchanged"] == len(blocks(text))
    assert counts["words_inserted"] == counts["words_deleted"] == 0
