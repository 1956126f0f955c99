import hashlib
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from fotfaste.access.grounds import restrict
from fotfaste.access.models import OwnGround
from fotfaste.accounts.models import User
from fotfaste.core import demo
from fotfaste.employers.models import Candidate, CollaborationAgreement, EmployerContact, Placement
from fotfaste.fund.models import BudgetLine
from fotfaste.meetings.models import Meeting
from fotfaste.orgs.models import Agreement, Membership, RoleSetting
from fotfaste.people.identity import parse_identity_number
from fotfaste.people.models import Person
from fotfaste.programmes.models import Selection
from fotfaste.reference import data as reference
from fotfaste.registers.models import Certificate, EmploymentSpell, Enrolment, RegisterImport

pytestmark = pytest.mark.django_db

FIXED_DAY = date(2026, 6, 1)
USERNAMES = {
    "admin",
    "arbetsgivarkontakt",
    "kaa",
    "syv",
    "mentor",
    "socialsekreterare",
    "arbetsformedlare",
    "samordnare",
    "styrgrupp",
    "kaa.lekeberg",
}


def run(**options) -> str:
    out = StringIO()
    call_command("demodata", stdout=out, today=FIXED_DAY, force=True, **options)
    return out.getvalue()


def digest() -> str:
    """Everything generated about persons and involvements, without database ids."""
    h = hashlib.sha256()
    for row in Person.objects.order_by("personnummer").values_list(
        "personnummer",
        "first_name",
        "last_name",
        "sex",
        "street_address",
        "postal_code",
        "postal_town",
        "phone",
        "email",
        "home_municipality_id",
        "background",
        "protection",
    ):
        h.update(repr(row).encode())
    for row in OwnGround.objects.order_by("person__personnummer", "unit__name").values_list(
        "person__personnummer", "unit__name", "start_date", "end_date"
    ):
        h.update(repr(row).encode())
    return h.hexdigest()


def wipe() -> None:
    # Register facts keep their imports (provenance), so they go first.
    Enrolment.objects.all().delete()
    Certificate.objects.all().delete()
    EmploymentSpell.objects.all().delete()
    Person.objects.all().delete()
    # A recorded selection keeps its place period, which the agreement's programme would take with it.
    Selection.objects.all().delete()
    # Meetings and the fund's lines refer to units, which the agreements take with them.
    Meeting.objects.all().delete()
    BudgetLine.objects.all().delete()
    # Placements and contacts keep their employer and unit (PROTECT): they go before the agreements.
    Candidate.objects.all().delete()
    Placement.objects.all().delete()
    EmployerContact.objects.all().delete()
    CollaborationAgreement.objects.all().delete()
    RegisterImport.objects.all().delete()
    Agreement.objects.all().delete()
    User.objects.all().delete()
    RoleSetting.objects.all().delete()


def test_default_run_creates_the_demo_world():
    output = run(seed=1)

    assert set(User.objects.values_list("username", flat=True)) == USERNAMES
    for username in USERNAMES:
        client = Client()
        assert client.login(username=username, password="demo"), username
        # No second factor is required, so the start page opens directly.
        assert client.get("/").status_code == 200, username
    assert set(Agreement.objects.values_list("name", flat=True)) == {demo.OREBRO_AGREEMENT, demo.LEKEBERG_AGREEMENT}
    assert list(Agreement.objects.get(name=demo.OREBRO_AGREEMENT).municipalities.values_list("code", flat=True)) == [
        "1880"
    ]
    assert Person.objects.filter(home_municipality_id="1880").count() == 3000
    assert Person.objects.filter(home_municipality_id="1814").count() == 300

    allowed = set(reference.test_identity_numbers())
    numbers = list(Person.objects.values_list("personnummer", flat=True))
    assert set(numbers) <= allowed
    assert all(15 <= parse_identity_number(n).age_on(FIXED_DAY) <= 22 for n in numbers)
    for p in Person.objects.all()[:200]:
        assert p.sex == parse_identity_number(p.personnummer).sex
        assert p.phone == "" or "070-174 06 05" <= p.phone <= "070-174 06 99"
        assert p.email == "" or p.email.endswith("@example.se")
    protections = set(Person.objects.values_list("protection", flat=True))
    assert {"sekretessmarkering", "skyddad_folkbokforing"} <= protections
    assert {"svensk", "utlandsk_fodd_i_sverige", "fodd_utomlands", ""} <= set(
        Person.objects.values_list("background", flat=True)
    )
    assert "Personer: 3300" in output
    assert "kaa.lekeberg" in output and "demo" in output
    assert_the_annual_cycle_is_there(output)


def assert_the_annual_cycle_is_there(output: str) -> None:
    """Both agreements have the default wheel for this year and next, the past done but the last month's, and
    the demo users find their part of it in Mina uppgifter — the steering group too (issue 11)."""
    from fotfaste.cycle.models import CycleOccurrence
    from fotfaste.cycle.services import default_wheel
    from fotfaste.mywork.tasks import my_work

    assert "Årshjul: " in output
    for agreement in Agreement.objects.all():
        assert agreement.cycle_activities.count() == len(default_wheel())
        years = set(
            CycleOccurrence.objects.filter(activity__agreement=agreement).values_list("due_on__year", flat=True)
        )
        assert years == {FIXED_DAY.year, FIXED_DAY.year + 1}
    long_past = CycleOccurrence.objects.filter(due_on__lt=date(2026, 5, 1))
    assert long_past.exists() and not long_past.filter(done_on__isnull=True).exists()
    assert not long_past.exclude(note="Genomfört enligt plan.").exists()
    assert not CycleOccurrence.objects.filter(responsible__isnull=True).exists()
    for username in ("samordnare", "styrgrupp", "kaa", "kaa.lekeberg"):
        assert my_work(User.objects.get(username=username), FIXED_DAY).cycle, username


def test_second_run_changes_nothing():
    run(seed=1, persons=200)
    before = (Person.objects.count(), OwnGround.objects.count(), User.objects.count(), digest())

    output = run(seed=2, persons=500)

    assert "Demodata är redan inläst" in output
    assert (Person.objects.count(), OwnGround.objects.count(), User.objects.count(), digest()) == before


def test_same_seed_gives_same_data_and_another_seed_other_data():
    run(seed=7, persons=300)
    first = digest()
    wipe()
    run(seed=7, persons=300)
    assert digest() == first
    wipe()
    run(seed=8, persons=300)
    assert digest() != first


def test_each_login_sees_what_its_role_allows():
    run(seed=1, persons=400)
    orebro = set(Person.objects.filter(home_municipality_id="1880").values_list("pk", flat=True))
    lekeberg = set(Person.objects.filter(home_municipality_id="1814").values_list("pk", flat=True))

    def seen(username):
        return set(restrict(User.objects.get(username=username), on=FIXED_DAY).values_list("pk", flat=True))

    def in_register(code):
        # The KAA duty: in the municipality's KAA register today, or within the follow-up time after.
        from fotfaste.kaa.duty import follow_up_from
        from fotfaste.kaa.models import KaaPeriod

        return set(
            KaaPeriod.objects.filter(
                municipality_id=code, start_date__lte=FIXED_DAY, end_date__gte=follow_up_from(FIXED_DAY)
            ).values_list("person_id", flat=True)
        )

    kaa_orebro = in_register("1880")
    assert kaa_orebro
    assert seen("kaa") - kaa_orebro <= set(
        OwnGround.objects.filter(unit__name__icontains="KAA").active_on(FIXED_DAY).values_list("person_id", flat=True)
    )
    assert kaa_orebro <= seen("kaa") and len(seen("kaa")) < len(orebro)
    assert seen("kaa.lekeberg") >= in_register("1814") and not seen("kaa.lekeberg") & (orebro - lekeberg)
    assert seen("styrgrupp") == set()
    assert seen("admin") == set()
    caseloads = {u: seen(u) for u in ("syv", "mentor", "socialsekreterare", "samordnare", "arbetsformedlare")}
    for username, persons in caseloads.items():
        assert persons and persons < orebro, username
    # The employment officer sees AF's own caseload and those whose consent towards AF is in force today:
    # not those who withdrew it, let it expire, refused or have not answered.
    from fotfaste.access.grounds import consents_in_force
    from fotfaste.consent.models import Consent

    af_own = set(
        OwnGround.objects.filter(unit__party__kind="af", unit__party__municipality__isnull=True)
        .filter(unit__party__agreement__name=demo.OREBRO_AGREEMENT)
        .active_on(FIXED_DAY)
        .values_list("person_id", flat=True)
    )
    consented = set(consents_in_force(FIXED_DAY).values_list("person_id", flat=True))
    not_in_force = set(Consent.objects.values_list("person_id", flat=True)) - consented
    assert consented and not_in_force
    assert caseloads["arbetsformedlare"] == af_own | consented
    assert not (not_in_force - af_own) & caseloads["arbetsformedlare"]
    # Some consents wait for AF's confirmation, so the demo's employment officer has something to confirm.
    from fotfaste.consent.services import waiting_for_user

    waiting = waiting_for_user(User.objects.get(username="arbetsformedlare"), FIXED_DAY)
    assert waiting and {c.person_id for c in waiting} <= af_own
    assert not waiting_for_user(User.objects.get(username="kaa"), FIXED_DAY)
    # Units share some young people, as in real collaboration.
    assert caseloads["samordnare"] & (caseloads["socialsekreterare"] | caseloads["arbetsformedlare"])


def test_taken_username_stops_the_load_without_changes():
    User.objects.create_user(username="syv", password="något-annat-lösenord")
    with pytest.raises(CommandError, match="syv"):
        run(seed=1, persons=50)
    assert not Agreement.objects.exists()
    assert not Person.objects.exists()
    assert not Membership.objects.exists()


def test_logins_text_lists_every_demo_user():
    text = demo.demo_logins_text()
    for username in USERNAMES:
        assert f"\n{username} " in text


def test_refuses_without_development_mode():
    with pytest.raises(CommandError, match="utvecklingsläge"):
        call_command("demodata", stdout=StringIO())
    assert not User.objects.exists()


def test_the_follow_up_shows_every_goal_with_status_and_trend():
    """After the demo, the steering group's dashboard has Örebro's goals, each with a status, and a trend."""
    from fotfaste.followup import services
    from fotfaste.followup.models import Goal
    from fotfaste.followup.periods import current_half_year

    run(seed=1, persons=400)
    agreement = Agreement.objects.get(name=demo.OREBRO_AGREEMENT)
    assert Goal.objects.filter(agreement=agreement).count() == 4
    summaries = services.dashboard(agreement, current_half_year(FIXED_DAY), FIXED_DAY)
    assert {s.status for s in summaries} <= {"i_fas", "inte_i_fas", "uppgift_saknas"}
    assert {s.status for s in summaries} & {"i_fas", "inte_i_fas"}
    assert any(t is not None for s in summaries for t in s.trends.values())
    client = Client()
    client.force_login(User.objects.get(username="styrgrupp"))
    page = client.get("/uppfoljning/").content.decode()
    assert "Färre unga ska vara beroende av försörjningsstöd" in page and "<svg" in page
