"""Finding words in the handbook's text (handbook.search, pure): without case and accents, the
places in the original text, and snippets and highlights that are escaped HTML with nothing
but <mark> added."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from handbook.search import MAX_TERMS, contains_all, fold, highlight, snippet, spans, terms


def test_folding_drops_case_and_accents():
    assert fold("Beëindiging ÉÉN")[0] == "beeindiging een"


def test_folding_keeps_the_place_of_each_character():
    folded, origin = fold("Straße")  # ß folds to "ss": two characters from one
    assert folded == "strasse"
    assert origin == [0, 1, 2, 3, 4, 4, 5]


def test_terms_are_folded_distinct_and_bounded():
    assert terms("  Ziek ziek  VERLOF ") == ["ziek", "verlof"]
    assert len(terms(" ".join(f"w{i}" for i in range(20)))) == MAX_TERMS
    assert terms("   ") == []


def test_spans_are_in_the_original_text_and_merged():
    text = "Bij beëindiging: Beëindigingsvergoeding"
    assert spans(text, terms("beeindiging")) == [(4, 15), (17, 28)]
    assert spans("abcdef", ["abc", "cde"]) == [(0, 5)]


def test_every_term_must_occur():
    assert contains_all("Ziekmelding bij de leidinggevende", terms("ziek LEIDING"))
    assert not contains_all("Ziekmelding", terms("ziek verlof"))
    assert not contains_all("Ziekmelding", [])


def test_highlight_escapes_then_marks():
    assert highlight("<b>ziek</b> & Ziek", ["ziek"]) == (
        "&lt;b&gt;<mark>ziek</mark>&lt;/b&gt; &amp; <mark>Ziek</mark>"
    )


def test_a_script_never_comes_out_as_markup():
    out = highlight('<script>alert("x")</script>', terms("script"))
    assert "<script" not in out
    assert out.startswith("&lt;<mark>script</mark>&gt;")


def test_a_snippet_is_cut_around_the_first_match():
    text = " ".join(f"woord{i}" for i in range(100)) + " verpleegadres " + "slot " * 50
    piece = snippet(text, terms("verpleegadres"), width=80)
    assert piece.startswith("…") and piece.endswith("…")
    assert "<mark>verpleegadres</mark>" in piece
    assert len(re.sub("<[^>]+>", "", piece)) <= 82


def test_a_short_text_is_shown_whole():
    assert snippet("Kort en ziek.", ["ziek"]) == "Kort en <mark>ziek</mark>."


ALPHABET = st.characters(blacklist_categories=("Cs",))


@given(st.text(ALPHABET, max_size=300), st.text(ALPHABET, min_size=1, max_size=12))
def test_highlight_and_snippet_add_nothing_but_mark(text, query):
    wanted = terms(query)
    for out in (highlight(text, wanted), snippet(text, wanted, width=60)):
        tags = re.findall(r"<[^>]*>", out)
        assert set(tags) <= {"<mark>", "</mark>"}
        assert tags.count("<mark>") == tags.count("</mark>")
    # the highlight is the whole text, escaped
    assert html.unescape(re.sub(r"</?mark>", "", highlight(text, wanted))) == text
