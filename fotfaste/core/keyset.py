"""Keyset pagination: pages continue after the last row's sort key, never with OFFSET.

The cursor is the last row's primary key, signed. It carries no names or
identity numbers (it ends up in URLs and server logs), and it cannot be forged
to probe where a row the user may not see would sort.
"""

from django.core import signing
from django.db.models import Q, QuerySet

SALT = "fotfaste.keyset"


def encode_cursor(pk: int) -> str:
    return signing.dumps(pk, salt=SALT, compress=False)


def decode_cursor(cursor: str) -> int | None:
    try:
        value = signing.loads(cursor, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def keyset_page(qs: QuerySet, fields: tuple[str, ...], cursor: str | None, size: int):
    """Rows after `cursor` in ascending `fields` order (the last field unique, e.g. id).

    Returns (rows, next_cursor or None). An unreadable cursor starts from the beginning.
    """
    qs = qs.order_by(*fields)
    pk = decode_cursor(cursor) if cursor else None
    if pk is not None:
        # The position is looked up from the row itself, so the cursor can stay opaque.
        values = qs.model._base_manager.filter(pk=pk).values_list(*fields).first()
        if values is not None:
            qs = qs.filter(after(fields, values))
    rows = list(qs[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        next_cursor = encode_cursor(rows[-1].pk)
    return rows, next_cursor


def after(fields: tuple[str, ...], values: tuple) -> Q:
    """(a, b, c) > (x, y, z), written out because not every database compares row values."""
    condition = Q()
    for i, field in enumerate(fields):
        step = Q(**{f"{field}__gt": values[i]})
        for prev_field, prev_value in zip(fields[:i], values[:i], strict=True):
            step &= Q(**{prev_field: prev_value})
        condition |= step
    return condition
