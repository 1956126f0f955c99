"""The main menu, with items registered by the apps that own the pages.

An app adds its item from its AppConfig.ready() with `register(MenuItem(...))`; `href(user, scope)`
returns the item's address for a user who may use the page, or None to leave it out, so nobody is
offered a page they cannot use. The start page shows the same items as cards with their
`description`, so the two never disagree. core never imports the apps above it.
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
    description: str = ""  # the start page's line about the page


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


def cards_for(user, scope) -> list[tuple[str, str, str]]:
    """(address, label, description) of the pages the start page offers this user."""
    shown = []
    for item in sorted(_items.values(), key=lambda i: (i.order, i.key)):
        if not item.description:
            continue
        url = item.href(user, scope)
        if url:
            shown.append((url, str(item.label), str(item.description)))
    return shown
