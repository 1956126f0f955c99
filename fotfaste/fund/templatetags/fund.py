from django import template

from fotfaste.core.disclosure import Shown
from fotfaste.fund.rules import kronor as format_kronor

register = template.Library()


@register.filter
def kronor(amount) -> str:
    """12300 -> "12 300", with a no-break space as Swedish groups thousands."""
    return format_kronor(int(amount or 0))


@register.filter
def shown_count(figure: Shown) -> str:
    """A disclosed count (fotfaste.core.disclosure.Shown): the number, "färre än 5" or "dolt"."""
    return figure.count_text()
