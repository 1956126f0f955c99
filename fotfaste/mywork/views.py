from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from fotfaste.access.services import Actor, log_reads, require_person_access
from fotfaste.core.keyset import next_page_query

from . import tasks
from .tasks import my_work

CURSOR = "efter"  # the page of "Nya för dig"


@login_required
def my_tasks(request):
    actor = Actor.from_request(request)
    require_person_access(actor)
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
            "nav_active": "mywork",
        },
    )
