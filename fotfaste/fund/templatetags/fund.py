from django import template

from fotfaste.core.disclosure import is_small, masked_count
from fotfaste.fund.rules import kronor as format_kronor

register = template.Library()


@register.filter
def kronor(amount) -> str:
    """12300 -> "12 300", with a no-break space as Swedish groups thousands."""
    return format_kronor(int(amount or 0))


@register.filter
def masked(count) -> str:
    """A count on an aggregate page: 1 and 2 become "färre än 3" (fotfaste.core.disclosure)."""
    return masked_count(int(count or 0))


@register.filter
def small(count) -> bool:
    return is_small(int(count or 0))
