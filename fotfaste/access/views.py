from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from fotfaste.accounts.models import User
from fotfaste.core.export import streamed_csv_response

from .decorators import installation_administrator_required
from .forms import ReadLogForm
from .logreview import (
    CHANGE_HISTORY_LIMIT,
    WHAT_PAGE,
    change_history,
    export_rows,
    formatted_personnummer,
    newest_first_page,
    read_log,
    record_review,
)
from .services import Actor


@installation_administrator_required
def readlog(request):
    form = ReadLogForm(request.GET or None)
    context = {"form": form, "nav_active": "readlog"}
    if form.is_bound and form.is_valid():
        query = form.query()
        entries, next_cursor = newest_first_page(read_log(query), request.GET.get("efter"), settings.PAGE_SIZE)
        changes, more_changes = change_history(query)
        # Recorded after the page is read, so a review does not list itself.
        record_review(Actor.from_request(request), query, WHAT_PAGE, shown=[e.personnummer for e in entries])
        params = query.as_params()
        names = _names([query.username, *(e.username for e in entries), *(c.username for c in changes)])
        context.update(
            query=query,
            query_personnummer=formatted_personnummer(query.personnummer),
            query_user=names.get(query.username, query.username),
            rows=[
                (entry, formatted_personnummer(entry.personnummer), names.get(entry.username, entry.username))
                for entry in entries
            ],
            next_page=urlencode({**params, "efter": next_cursor}) if next_cursor else "",
            first_page=urlencode(params) if request.GET.get("efter") else "",
            export_params=urlencode(params),
            changes=[(change, names.get(change.username, change.username)) for change in changes],
            more_changes=more_changes,
            change_limit=CHANGE_HISTORY_LIMIT,
        )
    return render(request, "access/readlog.html", context)


def _names(usernames) -> dict[str, str]:
    """ "Karin Ahlgren (kaa)" for each username still belonging to a user with a name (the log keeps the username)."""
    users = User.objects.filter(username__in={u for u in usernames if u}).only("username", "first_name", "last_name")
    return {u.username: f"{u.display_name()} ({u.username})" for u in users if u.get_full_name()}


@installation_administrator_required
def export(request):
    form = ReadLogForm(request.GET)
    if not form.is_valid():
        return render(request, "access/readlog.html", {"form": form, "nav_active": "readlog"}, status=400)
    # Each person is written to the read log as the rows revealing them are sent (logreview.logged_entries).
    rows = export_rows(Actor.from_request(request), form.query())
    return streamed_csv_response(rows, f"loggkontroll-{timezone.localdate():%Y-%m-%d}.csv")
