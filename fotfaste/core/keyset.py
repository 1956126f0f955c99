"""Keyset pagination: pages continue after the last row's sort key, never with OFFSET."""

import base64
import json

from django.db.models import Q, QuerySet


def encode_cursor(values: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, ensure_ascii=False).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> list | None:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, UnicodeDecodeError):
        return None
    return values if isinstance(values, list) else None


def keyset_page(qs: QuerySet, fields: tuple[str, ...], cursor: str | None, size: int):
    """Rows after `cursor` in ascending `fields` order; returns (rows, next_cursor or None)."""
    qs = qs.order_by(*fields)
    values = decode_cursor(cursor) if cursor else None
    if values and len(values) == len(fields):
        # (a, b, c) > (x, y, z) written out, since not every database compares row values.
        after = Q()
        for i, field in enumerate(fields):
            step = Q(**{f"{field}__gt": values[i]})
            for prev_field, prev_value in zip(fields[:i], values[:i], strict=False):
                step &= Q(**{prev_field: prev_value})
            after |= step
        qs = qs.filter(after)
    rows = list(qs[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_cursor = encode_cursor([getattr(last, f) for f in fields])
    return rows, next_cursor
