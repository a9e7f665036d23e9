"""The change history of a sickness episode: what it looked like before and after each write
(reported, recovered, partly recovered, corrected with a reason, passed to ArboNed), shown on the
episode page."""

from __future__ import annotations

from datetime import date

from absence.models import Episode, EpisodeChange

DETAIL_FIELDS = [
    "expected_duration",
    "contact_address",
    "contact_phone",
    "availability",
    "safety_net",
    "work_accident",
    "third_party_liable",
]
CORRECTABLE_FIELDS = ["first_sick_day", "recovered_on", *DETAIL_FIELDS]


def snapshot(episode: Episode) -> dict:
    data = {f: getattr(episode, f) for f in CORRECTABLE_FIELDS}
    data["partial_recoveries"] = [
        [p.start.isoformat(), str(p.percentage)]
        for p in episode.partial_recoveries.order_by("start")
    ]
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}


def log_change(episode: Episode, actor, action: str, *, before=None, reason: str = "") -> None:
    EpisodeChange.objects.create(
        episode=episode,
        actor=actor,
        action=action,
        reason=reason,
        before=before or {},
        after=snapshot(episode),
    )
