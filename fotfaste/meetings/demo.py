"""Demo meetings: next week's case review with its agenda, a few three-party talks, an information meeting."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.services import Actor
from fotfaste.orgs.models import Unit
from fotfaste.people.models import Person

from . import services
from .models import AgendaItem, Invitation, MappingTalk, Meeting, MeetingKind


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def add_demo_meetings(
    rng: random.Random,
    today: date,
    teamed: Sequence[Person],
    invitees: Sequence[Person],
    units: Mapping[str, Unit],
    users: Mapping[str, object],
) -> dict[str, int]:
    kaa = users["kaa"]
    review = Meeting.objects.create(
        kind=MeetingKind.CASE_REVIEW,
        unit=units["kaa"],
        title="Samverkansgruppen – ärendedragning",
        starts_at=_at(today + timedelta(days=(3 - today.weekday()) % 7 or 7), 13),
        place="Stadshuset, rum 3",
        created_by=kaa,
    )
    on_agenda = services.generate_agenda(Actor(kaa), review)
    talks = 0
    for person in sorted(teamed, key=lambda p: p.personnummer)[:5]:
        meeting = Meeting.objects.create(
            kind=MeetingKind.THREE_PARTY,
            unit=units["kaa"],
            title="Trepartssamtal",
            starts_at=_at(today - timedelta(days=rng.randint(5, 40)), 10),
            participants="Amir Haddadi (Arbetsförmedlingen), Karin Ahlgren (kommunen)",
            created_by=kaa,
        )
        AgendaItem.objects.create(
            meeting=meeting,
            person=person,
            person_present=True,
            decision="Vi ses igen om en månad och följer upp planen.",
        )
        talks += 1
    info = Meeting.objects.create(
        kind=MeetingKind.INFORMATION,
        unit=units["kaa"],
        title="Informationsmöte: stöd till arbete och studier",
        starts_at=_at(today - timedelta(days=7), 15),
        place="Mötesplatsen",
        created_by=kaa,
    )
    invited = sorted(invitees, key=lambda p: p.personnummer)[:12]
    Invitation.objects.bulk_create(
        Invitation(meeting=info, person=p, channel=rng.choice(["brev", "sms"]), attended=i % 3 == 0)
        for i, p in enumerate(invited)
    )
    booked = 0
    for i, p in enumerate(invited[::3]):
        MappingTalk.objects.create(
            person=p,
            unit=units["kaa"],
            starts_at=_at(today + timedelta(days=2 + i // 4), 9 + i % 4),
            meeting=info,
            booked_by=kaa,
        )
        booked += 1
    return {"dagordning": on_agenda, "trepartssamtal": talks, "inbjudna": len(invited), "bokade": booked}


def demo_step(run) -> None:
    from fotfaste.core.demo import OREBRO
    from fotfaste.team.models import TeamMember

    teamed = set(TeamMember.objects.values_list("person_id", flat=True))
    people = run.kaa_people.get(OREBRO, [])
    made = add_demo_meetings(
        run.rng,
        run.today,
        [p for p in people if p.pk in teamed],
        [p for p in people if p.pk not in teamed],
        {"kaa": run.unit("Förvaltningen förskola och skola – KAA")},
        run.users,
    )
    run.lines.append(
        _(
            "Möten: en ärendedragning med %(dagordning)d på dagordningen, %(trepartssamtal)d trepartssamtal, "
            "ett informationsmöte med %(inbjudna)d inbjudna och %(bokade)d bokade kartläggningssamtal"
        )
        % {k: made.get(k, 0) for k in ("dagordning", "trepartssamtal", "inbjudna", "bokade")}
    )
