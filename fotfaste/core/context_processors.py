from fotfaste.access.scope import scope_for

from .navigation import items_for


def navigation(request):
    """The main menu, shown by role so nobody is offered a page they cannot use."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    scope = scope_for(user)
    return {"nav_items": items_for(user, scope), "user_scope": scope}
