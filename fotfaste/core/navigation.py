"""The main menu, with items registered by the apps that own the pages.

An app adds its item from its AppConfig.ready() with `register(MenuItem(...))`; `href(user, scope)`
returns the item's address for a user who may use the page, or None to leave it out, so nobody is
offered a page they cannot use. core never imports the apps above it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class MenuItem:
    key: str  # what a page passes as nav_active
    label: str
    order: int
    href: Callable[..., str | None]


_items: dict[str, MenuItem] = {}


def register(item: MenuItem) -> None:
    _items[item.key] = item


def items_for(user, scope) -> list[tuple[str, str, str]]:
    """(address, label, key) of the items this user may use, in menu order."""
    shown = []
    for item in sorted(_items.values(), key=lambda i: (i.order, i.key)):
        url = item.href(user, scope)
        if url:
            shown.append((url, str(item.label), item.key))
    return shown
