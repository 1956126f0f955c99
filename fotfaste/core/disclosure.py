"""Figures for people who may not see individuals (the steering group): small counts are masked.

A count of one or two in a small municipality can point at a person ("one grant for a driving
licence course"), so aggregate pages show "färre än 3" instead, and no amount for such a cell.
Zero is shown: that nobody is in a cell reveals nobody.
"""

from django.utils.translation import gettext as _

SMALL_COUNT = 3


def is_small(count: int, threshold: int = SMALL_COUNT) -> bool:
    return 0 < count < threshold


def masked_count(count: int, threshold: int = SMALL_COUNT) -> str:
    return _("färre än %(n)d") % {"n": threshold} if is_small(count, threshold) else str(count)
