from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor, log_reads
from fotfaste.core.keyset import next_page_query

from . import tasks
from .tasks import my_work

CURSOR = "efter"  # the page of "Nya för dig"


@login_required
def my_tasks(request):
    actor = Actor.from_request(request)
    scope = scope_for(request.user)
    # Those who see no person (the steering group, administrators) still have the annual cycle's work;
    # my_work() gives them nothing else. Without any role there is nothing here at all.
    if not scope.sees_persons and not scope.agreement_roles:
        raise PermissionDenied("Din roll ger inte åtkomst till uppgifter om enskilda personer.")
    today = timezone.localdate()
    work = my_work(request.user, today, new_cursor=request.GET.get(CURSOR))
    log_reads(actor, work.persons, "mina uppgifter")
    return render(
        request,
        "mywork/my_tasks.html",
        {
            "work": work,
            "today": today,
            "counts": work.counts(today),
            "new_next_page": next_page_query(work.new_next_cursor),
            "new_later_page": bool(request.GET.get(CURSOR)),
            "limit": tasks.LIMIT,
            "sees_persons": scope.sees_persons,
            "nav_active": "mywork",
        },
    )
