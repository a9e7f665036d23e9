"""Places on a page where other apps add a part of their own, such as the cards on the home
page or the entries of the main menu. The page knows only the place; each app registers, in its
AppConfig.ready(), a callable that returns its part, or None when it has nothing to show this
viewer. A part of a page is a Section: the page includes each as
``{% include s.template with section=s.context %}``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.utils.functional import Promise

T = TypeVar("T")


@dataclass(frozen=True)
class Section:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


class Slot(Generic[T]):
    """A place on a page. Builders are called with the page's arguments (e.g. viewer, today)."""

    def __init__(self) -> None:
        self._builders: dict[str, tuple[int, Callable[..., T | None]]] = {}

    def register(self, key: str, build: Callable[..., T | None], *, order: int) -> None:
        """Add a builder (registering the same key again replaces it); shown by `order`."""
        self._builders[key] = (order, build)

    def sections(self, *args: Any) -> list[T]:
        ordered = sorted(self._builders.items(), key=lambda item: (item[1][0], item[0]))
        built = (build(*args) for _key, (_order, build) in ordered)
        return [section for section in built if section is not None]


@dataclass(frozen=True)
class MenuItem:
    key: str
    label: str | Promise  # a lazy translation, shown in the user's language
    url: str


# The cards of the home page: (user, today) -> Section | None
home_cards: Slot[Section] = Slot()

# The main menu between Home and Management: (user) -> MenuItem | None
menu: Slot[MenuItem] = Slot()
