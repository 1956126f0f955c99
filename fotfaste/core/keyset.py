"""Keyset pagination: pages continue after the last row's sort key, never with OFFSET.

The cursor is the last row's model and primary key, signed and short-lived. It
carries no names or identity numbers (it ends up in URLs and server logs), and
its position is looked up inside the caller's own, access-restricted queryset,
so it cannot be used to probe where a row the user may not see would sort.
"""

from urllib.parse import urlencode

from django.core import signing
from django.db.models import Q, QuerySet

SALT = "fotfaste.keyset"
MAX_AGE_SECONDS = 24 * 3600


def encode_cursor(model, pk: int) -> str:
    return signing.dumps([model._meta.label, pk], salt=SALT, compress=False)


def decode_cursor(model, cursor: str) -> int | None:
    try:
        value = signing.loads(cursor, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:  # also raised for an expired cursor
        return None
    if isinstance(value, list) and len(value) == 2 and value[0] == model._meta.label and isinstance(value[1], int):
        return value[1]
    return None


def keyset_page(qs: QuerySet, fields: tuple[str, ...], cursor: str | None, size: int):
    """Rows after `cursor` in ascending `fields` order (the last field unique, e.g. id).

    Returns (rows, next_cursor or None). An unreadable cursor starts from the beginning.
    """
    qs = qs.order_by(*fields)
    pk = decode_cursor(qs.model, cursor) if cursor else None
    if pk is not None:
        # Looked up within `qs` itself: a row outside the caller's scope gives no position.
        values = qs.filter(pk=pk).values_list(*(f.lstrip("-") for f in fields)).first()
        if values is not None:
            qs = qs.filter(after(fields, values))
    rows = list(qs[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        next_cursor = encode_cursor(qs.model, rows[-1].pk)
    return rows, next_cursor


def after(fields: tuple[str, ...], values: tuple) -> Q:
    """(a, b, c) > (x, y, z), written out because not every database compares row values.

    A field written "-name" sorts descending, so "after" means smaller there.
    """
    condition = Q()
    for i, field in enumerate(fields):
        name, lookup = (field[1:], "lt") if field.startswith("-") else (field, "gt")
        step = Q(**{f"{name}__{lookup}": values[i]})
        for prev_field, prev_value in zip(fields[:i], values[:i], strict=True):
            step &= Q(**{prev_field.lstrip("-"): prev_value})
        condition |= step
    return condition


def next_page_query(next_cursor: str | None, **params: str) -> str:
    """The query string of the next page (for templates/includes/next_page.html), or ""."""
    if not next_cursor:
        return ""
    return urlencode({**{k: v for k, v in params.items() if v}, "efter": next_cursor})
