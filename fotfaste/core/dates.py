"""Calendar arithmetic the rules share."""

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months (negative: back); a day past the month's end becomes its last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
