"""Demo consents, teams and party records for Örebro's young people in KAA.

Towards AF, some have a consent in force, some withdrew theirs, some let it expire, some were
asked and have not answered or said no, and most have none: so the demo `arbetsformedlare`
sees some of Örebro's young people and not others. AF's own records of people it works with
(without consent) stay invisible to the municipality.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.models import OwnBasis, OwnGround
from fotfaste.consent.models import (
    Consent,
    ConsentConfirmation,
    ConsentMethod,
    ConsentRecipient,
    ConsentStatus,
    GivenBy,
)
from fotfaste.core.demo import full_name
from fotfaste.orgs.models import Unit
from fotfaste.people.models import Person
from fotfaste.records.models import PartyRecord

from .models import TeamMember, TeamRole

PURPOSE = "Samordnat stöd till arbete eller studier enligt den lokala överenskommelsen"
# Shares of the people in KAA, in this order; the rest have no consent at all. "obekraftat": given
# a few days ago and confirmed by KAA, but Arbetsförmedlingen, which knows the person from its own
# register, has not yet confirmed it (so the demo's arbetsformedlare has consents to confirm).
OUTCOMES = (
    ("lamnat", 0.12),
    ("aterkallat", 0.03),
    ("utgatt", 0.03),
    ("begart", 0.02),
    ("nekat", 0.01),
    ("obekraftat", 0.01),
)
AF_TITLES = ("Inskriven som arbetssökande", "Deltar i Jobbgarantin för ungdomar", "Deltar i Rusta och matcha")


def add_demo_collaboration(
    rng: random.Random,
    today: date,
    persons: Sequence[Person],
    units: Mapping[str, Unit],
    users: Mapping[str, object],
) -> dict[str, int]:
    """`units` by role-ish key: kaa, af, social, mentor, syv; `users` by demo username."""
    made: Counter = Counter()
    people = sorted(persons, key=lambda p: p.personnummer)
    rng.shuffle(people)
    start = 0
    for outcome, share in OUTCOMES:
        # At least one of each outcome, so that even a small demo shows every state.
        count = max(1, round(len(people) * share))
        for person in people[start : start + count]:
            _consent(rng, today, person, outcome, units, users)
            made[outcome] += 1
        start += count
    # AF's own caseload: registered there, known to AF only.
    af_own = OwnGround.objects.filter(unit=units["af"]).select_related("person")[:200]
    PartyRecord.objects.bulk_create(
        PartyRecord(
            person=i.person,
            unit=units["af"],
            kind="af",
            title=AF_TITLES[0],
            start_date=i.start_date,
            recorded_by_name=full_name("arbetsformedlare"),
        )
        for i in af_own
    )
    made["af_egna"] = len(af_own)
    made["team"] = TeamMember.objects.filter(person__in=people).count()
    return dict(made)


def _consent(rng, today, person, outcome, units, users) -> None:
    if outcome == "obekraftat":
        _unconfirmed_consent(rng, today, person, units, users)
        return
    given_on = today - timedelta(days=rng.randint(20, 200))
    status = {"utgatt": ConsentStatus.GIVEN, "aterkallat": ConsentStatus.WITHDRAWN}.get(outcome, outcome)
    decided = status != ConsentStatus.REQUESTED
    under_18 = person.age_on(given_on) < 18
    with_social = outcome == "lamnat" and rng.random() < 0.25
    consent = Consent.objects.create(
        person=person,
        agreement=units["kaa"].party.agreement,
        purpose=PURPOSE,
        status=status,
        method=rng.choice([ConsentMethod.SIGNED_FORM, ConsentMethod.SIGNED_FORM, ConsentMethod.DIGITAL])
        if status in (ConsentStatus.GIVEN, ConsentStatus.WITHDRAWN)
        else "",
        given_by=(GivenBy.PERSON_AND_GUARDIAN if under_18 else GivenBy.PERSON)
        if status in (ConsentStatus.GIVEN, ConsentStatus.WITHDRAWN)
        else "",
        guardian_name="Vårdnadshavare (demo)" if under_18 and decided else "",
        valid_from=given_on if status in (ConsentStatus.GIVEN, ConsentStatus.WITHDRAWN) else None,
        valid_until=(today - timedelta(days=rng.randint(1, 30)))
        if outcome == "utgatt"
        else (given_on + timedelta(days=365) if status in (ConsentStatus.GIVEN, ConsentStatus.WITHDRAWN) else None),
        decided_on=given_on if decided else None,
        withdrawn_at=timezone.make_aware(datetime.combine(today - timedelta(days=rng.randint(1, 15)), time(10)))
        if outcome == "aterkallat"
        else None,
        withdrawn_note="Ringde och ville inte längre att uppgifter delas." if outcome == "aterkallat" else "",
        recorded_by_unit=units["kaa"],
        recorded_by=users.get("kaa"),
        recorded_by_name=full_name("kaa"),
        covers_identity=True,
        covers_occupation_plan=True,
        covers_employment_service=True,
        covers_income_support=with_social,
    )
    _name_municipality_and_af(consent, units)
    if status not in (ConsentStatus.GIVEN, ConsentStatus.WITHDRAWN):
        return
    # The team formed while the consent was in force; AF's part of it ends with the consent.
    af_end = None if outcome == "lamnat" else (consent.valid_until or today - timedelta(days=1))
    members = [
        _kaa_main_contact(person, units, users, given_on),
        TeamMember(
            person=person,
            unit=units["af"],
            user=users.get("arbetsformedlare"),
            name=full_name("arbetsformedlare"),
            role=TeamRole.EMPLOYMENT_OFFICER,
            start_date=given_on,
            end_date=af_end,
        ),
    ]
    if rng.random() < 0.4:
        members.append(
            TeamMember(
                person=person,
                unit=units["mentor"],
                user=users.get("mentor"),
                name=full_name("mentor"),
                role=TeamRole.MENTOR,
                start_date=given_on + timedelta(days=7),
            )
        )
    TeamMember.objects.bulk_create(members)
    # Each holder confirmed the consent for what it holds: KAA (with the identity it holds on its
    # duty) when recording it, AF and the other units when they joined the work.
    confirmations = [
        ConsentConfirmation(
            consent=consent, unit=units["kaa"], holds_identity=True, confirmed_by_name=full_name("kaa")
        ),
        ConsentConfirmation(consent=consent, unit=units["af"], confirmed_by_name=full_name("arbetsformedlare")),
    ]
    if any(m.unit == units["mentor"] for m in members):
        confirmations.append(
            ConsentConfirmation(consent=consent, unit=units["mentor"], confirmed_by_name=full_name("mentor"))
        )
    if with_social:
        confirmations.append(
            ConsentConfirmation(consent=consent, unit=units["social"], confirmed_by_name=full_name("socialsekreterare"))
        )
    ConsentConfirmation.objects.bulk_create(confirmations)
    OwnGround.objects.get_or_create(
        person=person, unit=units["kaa"], end_date=None, defaults={"start_date": given_on, "basis": OwnBasis.TEAM}
    )
    PartyRecord.objects.create(
        person=person,
        unit=units["af"],
        kind="af",
        title=rng.choice(AF_TITLES),
        start_date=given_on + timedelta(days=3),
        recorded_by_name=full_name("arbetsformedlare"),
    )
    if with_social:
        PartyRecord.objects.create(
            person=person,
            unit=units["social"],
            kind="forsorjningsstod",
            title="Beviljat försörjningsstöd",
            start_date=given_on - timedelta(days=30),
            recorded_by_name=full_name("socialsekreterare"),
        )


def _unconfirmed_consent(rng, today, person, units, users) -> None:
    given_on = today - timedelta(days=rng.randint(1, 6))
    consent = Consent.objects.create(
        person=person,
        agreement=units["kaa"].party.agreement,
        purpose=PURPOSE,
        status=ConsentStatus.GIVEN,
        method=ConsentMethod.SIGNED_FORM,
        given_by=GivenBy.PERSON_AND_GUARDIAN if person.age_on(given_on) < 18 else GivenBy.PERSON,
        guardian_name="Vårdnadshavare (demo)" if person.age_on(given_on) < 18 else "",
        valid_from=given_on,
        valid_until=given_on + timedelta(days=365),
        decided_on=given_on,
        recorded_by_unit=units["kaa"],
        recorded_by=users.get("kaa"),
        recorded_by_name=full_name("kaa"),
        covers_identity=True,
        covers_occupation_plan=True,
        covers_employment_service=True,
    )
    _name_municipality_and_af(consent, units)
    ConsentConfirmation.objects.create(
        consent=consent, unit=units["kaa"], holds_identity=True, confirmed_by_name=full_name("kaa")
    )
    _kaa_main_contact(person, units, users, given_on).save()
    OwnGround.objects.get_or_create(
        person=person, unit=units["kaa"], end_date=None, defaults={"start_date": given_on, "basis": OwnBasis.TEAM}
    )
    # AF knows the person from its own register of jobseekers, which is why it is asked.
    OwnGround.objects.get_or_create(
        person=person,
        unit=units["af"],
        end_date=None,
        defaults={"start_date": given_on - timedelta(days=rng.randint(10, 60)), "basis": OwnBasis.REGISTER},
    )


def _name_municipality_and_af(consent, units) -> None:
    """The municipality as a whole (its units share what the kinds allow) and AF."""
    ConsentRecipient.objects.bulk_create(
        [
            ConsentRecipient(consent=consent, party=units["kaa"].party),
            ConsentRecipient(consent=consent, party=units["af"].party),
        ]
    )


def _kaa_main_contact(person, units, users, start: date) -> TeamMember:
    return TeamMember(
        person=person,
        unit=units["kaa"],
        user=users.get("kaa"),
        name=full_name("kaa"),
        role=TeamRole.KAA,
        is_main_contact=True,
        start_date=start,
    )


def demo_step(run) -> None:
    from fotfaste.core.demo import OREBRO

    made = add_demo_collaboration(
        run.rng,
        run.today,
        run.kaa_people.get(OREBRO, []),
        {
            "kaa": run.unit("Förvaltningen förskola och skola – KAA"),
            "af": run.unit("Arbetsförmedlingen Örebro, ungdomsteam"),
            "social": run.unit("Försörjningsstöd"),
            "mentor": run.unit("Mentorsverksamheten"),
        },
        run.users,
    )
    run.lines.append(
        _(
            "Samtycken mot Arbetsförmedlingen i Örebro: %(lamnat)d lämnade, %(aterkallat)d återkallade, "
            "%(utgatt)d utgångna, %(begart)d obesvarade, %(nekat)d nekade, %(obekraftat)d som väntar på "
            "Arbetsförmedlingens bekräftelse; %(team)d teammedlemmar"
        )
        % {k: made.get(k, 0) for k in ("lamnat", "aterkallat", "utgatt", "begart", "nekat", "obekraftat", "team")}
    )
