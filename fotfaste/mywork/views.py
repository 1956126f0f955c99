from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from fotfaste.access.services import Actor, log_reads, require_person_access

from .tasks import my_work


@login_required
def my_tasks(request):
    actor = Actor.from_request(request)
    require_person_access(actor)
    today = timezone.localdate()
    work = my_work(request.user, today)
    log_reads(actor, work.persons, "mina uppgifter")
    return render(
        request,
        "mywork/my_tasks.html",
        {"work": work, "today": today, "counts": work.counts(today), "nav_active": "mywork"},
    )
