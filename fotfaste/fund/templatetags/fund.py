from django import template

from fotfaste.fund.rules import kronor as format_kronor

register = template.Library()


@register.filter
def kronor(amount) -> str:
    """12300 -> "12 300", with a no-break space as Swedish groups thousands."""
    return format_kronor(int(amount or 0))
