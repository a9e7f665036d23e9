"""The demo organisation (`manage.py load_demo`), put together from the part each app
registers in its AppConfig.ready(): the people and teams first, then their sickness, then what
is built on it. Each part is idempotent, so loading twice changes nothing; each says in a few
words what it loaded ("30 employees"), or nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

Part = Callable[[], str | None]

_parts: dict[str, tuple[int, Part]] = {}
_logins: list[Logins] = []


@dataclass(frozen=True)
class Logins:
    usernames: tuple[str, ...]
    password: str


def register(order: int, load: Part) -> None:
    """Add an app's part, loaded by `order` (registering the same function again replaces it)."""
    _parts[f"{load.__module__}.{load.__qualname__}"] = (order, load)


def register_logins(usernames: Sequence[str], password: str) -> None:
    """The demo logins that `load_demo` prints (the app that creates them registers them)."""
    _logins[:] = [Logins(tuple(usernames), password)]


def load_all() -> list[str]:
    """Load every part in order; what each part says it loaded, in that order."""
    said = []
    for _key, (_order, load) in sorted(_parts.items(), key=lambda item: (item[1][0], item[0])):
        summary = load()
        if summary:
            said.append(summary)
    return said


def logins() -> Logins | None:
    return _logins[0] if _logins else None
