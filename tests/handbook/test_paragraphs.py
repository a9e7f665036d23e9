"""Blocks of a chapter and their anchors: an unchanged block keeps its anchor from version to
version wherever it moved, a changed one gets a new one, repeats are numbered."""

import dataclasses
import hashlib
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.paragraphs import Block, blocks, render_with_anchors
from tests.handbook.html_checks import XSS_VECTORS, problems

CHAPTER = """# Ziekmelding

Meld je ziek vóór 9:00 uur bij je leidinggevende.

Je leidinggevende neemt binnen twee dagen contact op.

- Bel, mail niet.
- Geef door waar je verblijft.

| Week | Wat |
|---|---|
| 6 | Probleemanalyse |

> De bedrijfsarts adviseert.

```
code
```

---
"""


def anchors(text):
    return [block.anchor for block in blocks(text)]


def by_markdown(text):
    return {block.markdown: block.anchor for block in blocks(text)}


def test_anchor_is_sha256_of_the_normalised_source():
    expected = "p-" + hashlib.sha256(b"Een alinea met tekst.").hexdigest()[:10]
    assert anchors("Een alinea met tekst.") == [expected]
    assert anchors("Een   alinea\nmet\ttekst.  ") == [expected]


def test_each_top_level_element_and_list_item_is_a_block():
    found = blocks(CHAPTER)
    assert [block.markdown for block in found] == [
        "# Ziekmelding",
        "Meld je ziek vóór 9:00 uur bij je leidinggevende.",
        "Je leidinggevende neemt binnen twee dagen contact op.",
        "- Bel, mail niet.",
        "- Geef door waar je verblijft.",
        "| Week | Wat |\n|---|---|\n| 6 | Probleemanalyse |",
        "> De bedrijfsarts adviseert.",
        "```\ncode\n```",
        "---",
    ]
    assert found[0].html == "<h2>Ziekmelding</h2>"
    assert found[3].html == "<ul>\n<li>Bel, mail niet.</li>\n</ul>"
    assert found[5].text == "Week Wat 6 Probleemanalyse"
    assert found[1].text == "Meld je ziek vóór 9:00 uur bij je leidinggevende."


def test_block_is_a_frozen_dataclass():
    block = blocks("Tekst")[0]
    assert isinstance(block, Block)
    assert [f.name for f in dataclasses.fields(Block)] == ["anchor", "markdown", "html", "text"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        block.anchor = "p-x"  # type: ignore[misc]


def test_anchors_are_stable_across_an_edit_elsewhere():
    edited = CHAPTER.replace("binnen twee dagen", "binnen drie dagen")
    before, after = by_markdown(CHAPTER), by_markdown(edited)
    unchanged = [m for m in before if "twee dagen" not in m]
    assert all(after[m] == before[m] for m in unchanged)


def test_an_edited_paragraph_gets_a_new_anchor():
    edited = CHAPTER.replace("binnen twee dagen", "binnen drie dagen")
    old = by_markdown(CHAPTER)["Je leidinggevende neemt binnen twee dagen contact op."]
    new = by_markdown(edited)["Je leidinggevende neemt binnen drie dagen contact op."]
    assert old != new
    assert old not in anchors(edited)


def test_a_markup_change_is_a_change():
    assert anchors("Meld je **ziek**.") != anchors("Meld je ziek.")


def test_identical_paragraphs_are_numbered():
    found = anchors("Zelfde.\n\nAnders.\n\nZelfde.\n\nZelfde.")
    assert found[2] == found[0] + "-2"
    assert found[3] == found[0] + "-3"
    assert len(set(found)) == 4


def test_reordering_keeps_anchors():
    parts = ["Eerste alinea.", "Tweede alinea.", "Derde alinea.", "- een item"]
    before = by_markdown("\n\n".join(parts))
    after = by_markdown("\n\n".join(reversed(parts)))
    assert before == after


def test_renumbering_a_list_keeps_its_item_anchors():
    assert anchors("1. Bellen\n2. Mailen") == anchors("1. Bellen\n1. Mailen")
    assert anchors("- Bellen\n- Mailen") == anchors("* Bellen\n* Mailen")


def test_inserting_a_list_item_keeps_the_others():
    before = anchors("1. Bellen\n2. Mailen\n3. Melden")
    after = anchors("1. Eerst dit\n2. Bellen\n3. Mailen\n4. Melden")
    assert after[1:] == before


def test_ordered_item_shows_its_number_in_the_list():
    found = blocks("1. een\n1. twee\n1. drie")
    assert found[0].html == "<ol>\n<li>een</li>\n</ol>"
    assert found[2].html == '<ol start="3">\n<li>drie</li>\n</ol>'
    assert found[2].markdown == "1. drie"


def test_a_nested_list_stays_inside_its_item():
    found = blocks("- boven\n  - onder\n- volgende")
    assert [block.markdown for block in found] == ["- boven\n  - onder", "- volgende"]


def test_reference_links_resolve_inside_a_block():
    found = blocks("Zie [WOR][w].\n\n[w]: https://wetten.overheid.nl/BWBR0002747")
    assert len(found) == 1
    assert 'href="https://wetten.overheid.nl/BWBR0002747"' in found[0].html


def test_windows_line_ends_give_the_same_blocks():
    assert by_markdown("Een.\n\nTwee.") == by_markdown("Een.\r\n\r\nTwee.")


def test_empty_text_has_no_blocks():
    assert blocks("") == []
    assert blocks("\n\n  \n") == []
    assert render_with_anchors("") == ""


def test_render_with_anchors_wraps_each_block_in_a_section():
    found = blocks(CHAPTER)
    rendered = render_with_anchors(CHAPTER)
    sections = re.findall(r'<section class="para" id="([^"]+)" data-anchor="([^"]+)">', rendered)
    assert sections == [(block.anchor, block.anchor) for block in found]
    for block in found:
        assert (
            f'<section class="para" id="{block.anchor}" data-anchor="{block.anchor}">'
            f"{block.html}</section>"
        ) in rendered
    assert problems(rendered) == []


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_blocks_and_sections_are_sanitised(vector):
    text = f"Alinea.\n\n{vector}\n\n- {vector}"
    assert problems(render_with_anchors(text)) == []
    for block in blocks(text):
        assert problems(block.html) == []


_FIXED = [
    "Zelfde alinea.",
    "Meld je ziek.",
    "# Kop",
    "- item",
    "1. item",
    "> citaat",
    "| a |\n|---|\n| b |",
    "---",
    "```\nx\n```",
]
_line = st.one_of(
    st.sampled_from([*_FIXED, ""]),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
)
_body = st.lists(_line, max_size=10).map("\n\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_body)
def test_anchors_are_unique_deterministic_and_well_formed(text):
    found = anchors(text)
    assert len(found) == len(set(found))
    assert found == anchors(text)
    assert all(re.fullmatch(r"p-[0-9a-f]{10}(-[2-9]|-[1-9][0-9]+)?", anchor) for anchor in found)


_separate = st.one_of(
    st.sampled_from(_FIXED), st.from_regex(r"[a-zëé]{1,8}( [a-zëé]{1,8}){0,5}", fullmatch=True)
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_separate, max_size=8, unique=True), st.randoms(use_true_random=False))
def test_shuffling_blocks_keeps_their_anchors(parts, random):
    shuffled = list(parts)
    random.shuffle(shuffled)
    before = anchors("\n\n".join(parts))
    assert len(before) == len(parts)
    assert sorted(anchors("\n\n".join(shuffled))) == sorted(before)
