"""The text a signature covers and its hash: the same agreement gives the same hash, any change
another."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from development.signing import agreement_hash, canonical_text, short

BASE = {
    "goals": "Regie voeren op complexe casussen",
    "training_wishes": ["SCHIP-training", "Traumasensitief werken"],
    "support": "Intervisie elke 6 weken",
    "follow_up_on": date(2027, 3, 1),
}


def test_hash_is_sha256_hex_of_the_canonical_text():
    import hashlib

    text = canonical_text(**BASE)
    assert agreement_hash(**BASE) == hashlib.sha256(text.encode()).hexdigest()
    assert len(agreement_hash(**BASE)) == 64


def test_the_same_agreement_gives_the_same_hash():
    assert agreement_hash(**BASE) == agreement_hash(
        **{**BASE, "training_wishes": tuple(BASE["training_wishes"])}
    )


def test_canonical_text_holds_every_part_in_order():
    text = canonical_text(**BASE)
    assert text.index("follow_up_on") < text.index("goals") < text.index("support")
    assert '"training_wishes":["SCHIP-training","Traumasensitief werken"]' in text
    assert '"follow_up_on":"2027-03-01"' in text


def test_each_change_gives_another_hash():
    original = agreement_hash(**BASE)
    changes = [
        {"goals": BASE["goals"] + "."},
        {"training_wishes": list(reversed(BASE["training_wishes"]))},
        {"training_wishes": BASE["training_wishes"][:1]},
        {"training_wishes": ["SCHIP-training, Traumasensitief werken"]},
        {"support": ""},
        {"follow_up_on": date(2027, 3, 2)},
        {"follow_up_on": None},
    ]
    hashes = {agreement_hash(**{**BASE, **change}) for change in changes}
    assert original not in hashes
    assert len(hashes) == len(changes)


def test_text_moved_between_parts_gives_another_hash():
    one = agreement_hash(goals="a", training_wishes=[], support="b", follow_up_on=None)
    other = agreement_hash(goals="", training_wishes=["a"], support="b", follow_up_on=None)
    third = agreement_hash(goals="ab", training_wishes=[], support="", follow_up_on=None)
    assert len({one, other, third}) == 3


def test_short_is_the_first_twelve_characters():
    assert short(agreement_hash(**BASE)) == agreement_hash(**BASE)[:12]


agreements = st.fixed_dictionaries(
    {
        "goals": st.text(max_size=40),
        "training_wishes": st.lists(st.text(max_size=15), max_size=4),
        "support": st.text(max_size=40),
        "follow_up_on": st.none()
        | st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    }
)


@given(agreements, agreements)
def test_hash_is_equal_exactly_when_the_agreements_are(one, other):
    same = {**one, "training_wishes": list(one["training_wishes"])} == {
        **other,
        "training_wishes": list(other["training_wishes"]),
    }
    assert (agreement_hash(**one) == agreement_hash(**other)) == same


@given(agreements)
def test_hash_is_stable_and_hex(agreement):
    first = agreement_hash(**agreement)
    assert first == agreement_hash(**agreement)
    assert len(first) == 64 and set(first) <= set("0123456789abcdef")


def test_hash_of_text_with_a_lone_surrogate():
    # json.loads gives one from "\\ud800"; the hash must not fail on it
    assert (
        len(agreement_hash(goals="\ud800", training_wishes=[], support="", follow_up_on=None)) == 64
    )


@given(agreements, st.sampled_from(sorted(BASE)), st.data())
def test_changing_one_part_changes_the_hash(agreement, part, data):
    changed = data.draw(agreements)[part]
    if part == "training_wishes":
        same = list(changed) == list(agreement[part])
    else:
        same = changed == agreement[part]
    assert (agreement_hash(**{**agreement, part: changed}) == agreement_hash(**agreement)) == same
