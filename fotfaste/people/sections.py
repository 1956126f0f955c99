"""The sections of the person page, registered by the apps that own them.

Each app adds its section from its AppConfig.ready() with `register(Section(...))`; the person
page (people.views.detail) shows them in `order`, so this app never imports the apps above it.
A section's `build(actor, person, sharing, today)` returns its template context, or None when the
viewer has nothing to see there; the context is available to `template` under `name`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    name: str
    template: str
    order: int
    build: Callable[..., dict | None]


_sections: dict[str, Section] = {}


def register(section: Section) -> None:
    _sections[section.name] = section


def registered() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.name))
