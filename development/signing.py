"""What a signature of an interview's agreements covers: the canonical text of the agreement and
its SHA-256.

The canonical text holds, in this order, the development goals, the training wishes (in their
order), the support and the follow-up date, as one JSON object with sorted keys, no whitespace
of its own and every character past ASCII escaped (so even a lone surrogate an API client sent
encodes). JSON escapes every separator inside a value, so two different agreements
never share a text: any change of a character, of the order or number of the wishes, or of the
date gives another hash, and the same agreement always gives the same one. A signature stores
the hash of the text its signer saw (`Signature.text_hash`); the services compare it with the
hash of the text as it is now.

Pure: strings and a date in, a string out."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import date

# Raised if the shape of the canonical text ever changes, so that no old hash matches a new text.
VERSION = 1
# How many characters of the hash a printed record shows.
SHORT = 12


def canonical_text(
    *, goals: str, training_wishes: Sequence[str], support: str, follow_up_on: date | None
) -> str:
    """The text a signature covers."""
    return json.dumps(
        {
            "version": VERSION,
            "goals": goals,
            "training_wishes": list(training_wishes),
            "support": support,
            "follow_up_on": follow_up_on.isoformat() if follow_up_on is not None else None,
        },
        sort_keys=True,
        separators=(",", ":"),
    )


def agreement_hash(
    *, goals: str, training_wishes: Sequence[str], support: str, follow_up_on: date | None
) -> str:
    """The SHA-256 (64 hex digits) of the canonical text."""
    text = canonical_text(
        goals=goals, training_wishes=training_wishes, support=support, follow_up_on=follow_up_on
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def short(text_hash: str) -> str:
    """The first characters of a hash, as a printed record shows them."""
    return text_hash[:SHORT]
