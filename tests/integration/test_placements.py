"""Placements (fotfaste.employers: publishing.py, matching.py, course.py and their pages): the list and the
placement page keep an anonymous listing's employer from other parties until their own candidate is
shortlisted, only the publishing party edits (compare-and-set), suggestions are explained and logged only as
shown, and a candidate's course runs from proposal to hired as a measure in the joint plan, held by its unit."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from fotfaste.access.models import ChangeLogEntry, ReadLogEntry
from fotfaste.access.services import Actor
from fotfaste.core.versioning import EditConflict
from fotfaste.employers import course, matching
from fotfaste.employers.models import Candidate, CandidateFollowUp, Employer, Occupation, Placement
from fotfaste.mapping.models import Mapping
from fotfaste.plans.models import Measure, Plan
from fotfaste.plans.services import ensure_catalogue
from tests.conftest import own_ground
from tests.integration.test_consent_access import give_consent

pytestmark = pytest.mark.django_db

EMPLOYER = "Lagerhuset i Örebro AB"
ORG_NUMBER = "212000-1355"
STREET = "Truckvägen 7"


def make_mapping(person, unit, **fields):
    data = {
        "talk_date": timezone.localdate(),
        "education_level": "gymnasium",
        "driving_licence": "b",
        "cv": "ja",
        "interests": "Lager och truckar",
        **fields,
    }
    return Mapping.objects.create(person=person, unit=unit, **data)


@pytest.fixture
def ladder(world):
    """Örebro's KAA unit publishes an anonymous warehouse placement (one place, B-körkort required) at an
    employer in Örebro; Åsa has a mapping about warehouses and a joint plan aiming at work."""
    ensure_catalogue()
    Occupation.objects.get_or_create(code="9", defaults={"name": "Yrken med krav på kortare utbildning"})
    today = timezone.localdate()
    orebro = world["agreements"]["orebro"]
    employer = Employer.objects.create(
        agreement=orebro,
        organisation_number=ORG_NUMBER,
        name=EMPLOYER,
        sector="privat",
        street_address=STREET,
        postal_code="702 10",
        city="Örebro",
        municipality_id="1880",
    )
    placement = Placement.objects.create(
        employer=employer,
        unit=world["units"]["kaa"],
        title="Lagerarbete",
        occupation=Occupation.objects.get(code="9"),
        ssyk="9",
        step="halvskyddad",
        places=1,
        start_date=today - timedelta(days=10),
        end_date=today + timedelta(days=80),
        requires_driving_licence=True,
        supervisor="Stina Handledare",
        anonymous=True,
    )
    asa = world["persons"]["asa"]
    make_mapping(asa, world["units"]["kaa"])
    plan = Plan.objects.create(person=asa, unit=world["units"]["kaa"], goal_kind="arbete", goal="Ett jobb på lager")
    return {"employer": employer, "placement": placement, "plan": plan, "today": today}


def url(name, *args):
    return reverse(f"employers:{name}", args=args)


def propose(world, ladder, person_key="asa", user="kaa"):
    return course.propose(
        Actor(world["users"][user]),
        ladder["placement"],
        world["persons"][person_key].pk,
        unit_id=None,
        today=ladder["today"],
    )


def opened(world, candidate, user="kaa"):
    return course.open_candidate(Actor(world["users"][user]), candidate.pk, "test")


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


# --- The list and the placement page: anonymity ---------------------------------------------------------


def test_the_publishing_party_sees_the_employer_in_the_list_and_on_the_page(world, login, ladder):
    kaa = login(world["users"]["kaa"])
    listed = page(kaa, url("placements"))
    assert EMPLOYER in listed and "Halvskyddad" in listed and "1 (0 pågår)" in listed
    shown = page(kaa, url("placement", ladder["placement"].pk))
    assert EMPLOYER in shown and ORG_NUMBER in shown and STREET in shown and "Stina Handledare" in shown


def test_another_party_sees_an_anonymous_listing_without_anything_that_names_the_employer(world, login, ladder):
    af = login(world["users"]["arbetsformedlare"])
    for path in (url("placements"), url("placement", ladder["placement"].pk)):
        shown = page(af, path)
        assert "Arbetsgivaren visas när en kandidat från er har gått vidare" in shown
        for secret in (EMPLOYER, ORG_NUMBER, STREET, "Stina Handledare", "702 10"):
            assert secret not in shown, (path, secret)
        assert "Privat sektor" in shown and "Örebro" in shown  # sector and municipality are fine
    assert EMPLOYER not in page(af, url("placements") + "?oppna=1&steg=halvskyddad&yrkesomrade=9")


def test_another_party_learns_the_employer_once_its_own_candidate_has_a_cv_sent(world, login, ladder):
    ali, af_unit = world["persons"]["ali"], world["units"]["af"]
    own_ground(ali, af_unit, date(2025, 1, 1))
    make_mapping(ali, af_unit, interests="lagerarbete")
    af = login(world["users"]["arbetsformedlare"])
    person_page = reverse("people:detail", args=[ali.pk])
    assert "Lagerarbete" in page(af, person_page) and EMPLOYER not in page(af, person_page)
    candidate = propose(world, ladder, "ali", "arbetsformedlare")
    assert candidate.unit == af_unit
    assert EMPLOYER not in page(af, url("placement", ladder["placement"].pk))  # proposed is not shortlisted
    course.move(
        Actor(world["users"]["arbetsformedlare"]),
        opened(world, candidate, "arbetsformedlare"),
        version=1,
        stage="cv_skickat",
        on=ladder["today"],
    )
    for path in (
        url("placements"),
        url("placement", ladder["placement"].pk),
        url("candidate", candidate.pk),
        person_page,
    ):
        assert EMPLOYER in page(af, path), path


def test_another_agreements_user_gets_404_and_an_empty_list(world, login, ladder):
    candidate = propose(world, ladder)
    lekeberg = login(world["users"]["kaa.lekeberg"])
    assert "Lagerarbete" not in page(lekeberg, url("placements"))
    for path in (
        url("placement", ladder["placement"].pk),
        url("placement_edit", ladder["placement"].pk),
        url("placement_close", ladder["placement"].pk),
        url("candidate", candidate.pk),
        url("candidate_action", candidate.pk, "starta"),
    ):
        assert lekeberg.get(path).status_code == 404, path
    assert (
        lekeberg.post(
            url("placement_propose", ladder["placement"].pk), {"person": world["persons"]["lekeberg"].pk}
        ).status_code
        == 404
    )
    # Nor can another agreement's employer be chosen when publishing.
    response = lekeberg.post(url("placement_new"), publish_data(ladder["employer"]))
    assert response.status_code == 200 and "Välj en arbetsgivare i listan" in response.content.decode()
    assert Placement.objects.count() == 1


def test_the_list_filters_by_step_group_and_open_and_pages_without_offset(world, login, ladder):
    p = ladder["placement"]
    for i in range(3):
        Placement.objects.create(
            employer=p.employer,
            unit=p.unit,
            title=f"Gammal plats {i}",
            occupation=p.occupation,
            ssyk="9",
            step="verklig",
            places=1,
            start_date=date(2024, 1, 1 + i),
            end_date=date(2024, 2, 1),
            closed=i == 0,
        )
    kaa = login(world["users"]["kaa"])
    assert "Gammal plats" not in page(kaa, url("placements") + "?oppna=1")
    assert "Lagerarbete" not in page(kaa, url("placements") + "?steg=verklig")
    assert "Lagerarbete" not in page(kaa, url("placements") + "?yrkesomrade=5")
    from fotfaste.employers import publishing

    rows, cursor = publishing.placement_list(world["users"]["kaa"], publishing.Filters(), ladder["today"], size=2)
    assert [r.title for r in rows] == ["Lagerarbete", "Gammal plats 2"] and cursor
    more, end = publishing.placement_list(world["users"]["kaa"], publishing.Filters(), ladder["today"], cursor, size=2)
    assert [r.title for r in more] == ["Gammal plats 1", "Gammal plats 0"] and end is None


# --- Publishing, editing and closing ----------------------------------------------------------------------


def publish_data(employer, **kw):
    today = timezone.localdate()
    return {
        "employer": employer.pk,
        "kind": "praktik",
        "title": "Butiksbiträde",
        "ssyk": "9",
        "step": "skyddad",
        "places": "2",
        "start_date": today.isoformat(),
        "end_date": (today + timedelta(days=60)).isoformat(),
        "paperwork_by": "Samverkan",
        **kw,
    }


def test_publish_creates_the_placement_and_preselects_the_employer(world, login, ladder):
    kaa = login(world["users"]["kaa"])
    form = page(kaa, url("placement_new") + f"?arbetsgivare={ladder['employer'].pk}")
    assert f'<option value="{ladder["employer"].pk}" selected>' in form and "praktiktrappan" in form
    response = kaa.post(url("placement_new"), publish_data(ladder["employer"], anonymous="on", ssyk="9412"))
    assert response.status_code == 302
    made = Placement.objects.get(title="Butiksbiträde")
    assert (made.unit, made.ssyk, made.occupation.code, made.anonymous) == (world["units"]["kaa"], "9412", "9", True)


def test_publish_with_errors_names_the_fields_and_saves_nothing(world, login, ladder):
    kaa = login(world["users"]["kaa"])
    today = timezone.localdate()
    response = kaa.post(
        url("placement_new"),
        publish_data(ladder["employer"], ssyk="94x", places="0", end_date=(today - timedelta(days=1)).isoformat()),
    )
    shown = response.content.decode()
    assert response.status_code == 200
    assert "Yrke (SSYK 2012-kod): Ange en SSYK 2012-kod med en till fyra siffror" in shown
    assert "Antal platser: Minst en plats." in shown
    assert "Till och med: Sista dagen kan inte vara före den första." in shown
    assert Placement.objects.count() == 1


def edit_data(placement, **kw):
    data = {f: getattr(placement, f) for f in ("kind", "title", "ssyk", "step", "places", "supervisor")}
    data.update(
        start_date=placement.start_date.isoformat(), end_date=placement.end_date.isoformat(), version=placement.version
    )
    data.update(requires_driving_licence="on", anonymous="on")
    data.update(kw)
    return data


def test_only_the_publishing_party_edits_and_a_stale_edit_is_refused(world, login, ladder):
    p = ladder["placement"]
    af = login(world["users"]["arbetsformedlare"])
    assert af.get(url("placement_edit", p.pk)).status_code == 403
    assert af.post(url("placement_edit", p.pk), edit_data(p, title="Kapat")).status_code == 403
    assert af.post(url("placement_close", p.pk), {"version": 1}).status_code == 403
    kaa = login(world["users"]["kaa"])
    assert kaa.post(url("placement_edit", p.pk), edit_data(p, places=3)).status_code == 302
    stale = kaa.post(url("placement_edit", p.pk), edit_data(p, title="Från en gammal flik"))
    assert "Dina ändringar är inte sparade" in stale.content.decode()
    p.refresh_from_db()
    assert (p.title, p.places, p.version) == ("Lagerarbete", 3, 2)
    assert kaa.post(url("placement_close", p.pk), {"version": 2}).status_code == 302
    p.refresh_from_db()
    assert p.closed and p.version == 3


# --- Matching and proposing ---------------------------------------------------------------------------------


def test_suggestions_are_explained_and_only_those_shown_are_logged(world, login, ladder):
    kaa = login(world["users"]["kaa"])
    ReadLogEntry.objects.all().delete()
    shown = page(kaa, url("placement", ladder["placement"].pk))
    assert "Förslag på kandidater" in shown and "Åsa Öberg" in shown
    assert "intresse: lager" in shown and "har B-körkort" in shown and "planens mål är arbete" in shown
    logged = set(ReadLogEntry.objects.filter(username="kaa").values_list("person_id_ref", flat=True))
    assert logged == {world["persons"]["asa"].pk}  # Ali and Sara have no mapping: neither shown nor logged


def test_a_missing_licence_speaks_against(world, login, ladder):
    Mapping.objects.filter(person=world["persons"]["asa"]).update(driving_licence="inget")
    shown = page(login(world["users"]["kaa"]), url("placement", ladder["placement"].pk))
    assert "kräver B-körkort, har inget" in shown


def test_proposing_makes_a_suggested_candidate_with_the_reasons(world, login, ladder):
    kaa = login(world["users"]["kaa"])
    asa = world["persons"]["asa"]
    response = kaa.post(url("placement_propose", ladder["placement"].pk), {"person": asa.pk})
    assert response.status_code == 302
    c = Candidate.objects.get()
    assert (c.person, c.unit, c.stage) == (asa, world["units"]["kaa"], "foreslagen")
    assert any(r.startswith("intresse: lager") for r in c.reasons)
    assert ChangeLogEntry.objects.filter(action="praktik", person=asa).exists()
    again = kaa.post(url("placement_propose", ladder["placement"].pk), {"person": asa.pk}, follow=True)
    assert "finns redan som er kandidat" in again.content.decode()
    # Someone the user may not see is a 404, not a candidate.
    assert (
        kaa.post(
            url("placement_propose", ladder["placement"].pk), {"person": world["persons"]["lekeberg"].pk}
        ).status_code
        == 404
    )
    assert Candidate.objects.count() == 1
    assert "Åsa Öberg" not in page(kaa, url("placement", ladder["placement"].pk)).split("Förslag på kandidater")[-1]


def test_suggestions_for_many_persons_take_a_few_queries(world, ladder, django_assert_max_num_queries):
    for key in ("ali", "protected"):
        make_mapping(world["persons"][key], world["units"]["kaa"], interests="lager")
    placement = matching.visible_placements(world["users"]["kaa"]).select_related("employer", "occupation").get()
    with django_assert_max_num_queries(8):
        found = matching.for_placement(world["users"]["kaa"], placement, ladder["today"])
    assert {s.person_id for s in found} == {world["persons"][k].pk for k in ("asa", "ali", "protected")}
    # A protected identity's postal code is never used: no "samma postnummerområde" for Sara.
    sara = next(s for s in found if s.person_id == world["persons"]["protected"].pk)
    assert "samma postnummerområde" not in sara.reasons


def test_another_units_candidate_is_invisible_without_consent(world, login, ladder):
    ali, af_unit = world["persons"]["ali"], world["units"]["af"]
    own_ground(ali, af_unit, date(2025, 1, 1))
    candidate = propose(world, ladder, "ali", "arbetsformedlare")
    kaa = login(world["users"]["kaa"])  # sees Ali by the KAA duty, not AF's candidacy
    assert "Ali Hassan" not in page(kaa, url("placement", ladder["placement"].pk)).split("Förslag på kandidater")[0]
    assert kaa.get(url("candidate", candidate.pk)).status_code == 404
    assert url("candidate", candidate.pk) not in page(kaa, reverse("people:detail", args=[ali.pk]))
    give_consent(
        ali, af_unit, {"identitet", "sysselsattning_plan"}, parties=(af_unit.party, world["units"]["kaa"].party)
    )
    assert "Ali Hassan" in page(kaa, url("placement", ladder["placement"].pk)).split("Förslag på kandidater")[0]
    assert "kan inte ändra den" in page(kaa, url("candidate", candidate.pk))


# --- A candidate's course --------------------------------------------------------------------------------


def test_from_suggested_to_hired_with_the_plan_measure(world, login, ladder):
    today = ladder["today"]
    candidate = propose(world, ladder)
    kaa = login(world["users"]["kaa"])
    assert (
        kaa.post(
            url("candidate_action", candidate.pk, "flytta"), {"version": 1, "stage": "cv_skickat", "on": today}
        ).status_code
        == 302
    )
    assert (
        kaa.post(
            url("candidate_action", candidate.pk, "flytta"), {"version": 2, "stage": "intervju", "on": today}
        ).status_code
        == 302
    )
    backwards = kaa.post(
        url("candidate_action", candidate.pk, "flytta"), {"version": 3, "stage": "cv_skickat", "on": today}
    )
    assert "det går bara framåt" in backwards.content.decode()
    start = {"version": 3, "started_on": today, "follow_up_on": today + timedelta(days=30)}
    assert kaa.post(url("candidate_action", candidate.pk, "starta"), start).status_code == 302
    candidate.refresh_from_db()
    measure = Measure.objects.get()
    assert (candidate.stage, candidate.started_on, candidate.measure) == ("pagar", today, measure)
    assert (measure.plan, measure.status, measure.measure_type.name) == (ladder["plan"], "pagaende", "Praktik")
    assert EMPLOYER not in measure.description  # others read the plan under consent; the listing is anonymous
    follow = {"on": today, "assessment": "bra", "supervisor_note": "Punktlig och noggrann"}
    assert kaa.post(url("candidate_action", candidate.pk, "uppfoljning"), follow).status_code == 302
    assert CandidateFollowUp.objects.get().supervisor_note == "Punktlig och noggrann"
    no_form = kaa.post(
        url("candidate_action", candidate.pk, "avsluta"), {"version": 4, "ended_on": today, "outcome": "anstalld"}
    )
    assert "Ange anställningsformen" in no_form.content.decode()
    end = {"version": 4, "ended_on": today, "outcome": "anstalld", "employment_form": "visstid"}
    assert kaa.post(url("candidate_action", candidate.pk, "avsluta"), end).status_code == 302
    candidate.refresh_from_db()
    measure.refresh_from_db()
    assert (candidate.stage, candidate.outcome, candidate.employment_form) == ("avslutad", "anstalld", "visstid")
    assert (measure.status, measure.end_reason, measure.actual_end) == ("avslutad", "borjat_arbeta", today)
    shown = page(kaa, url("candidate", candidate.pk))
    assert "Anställd (visstidsanställning)" in shown and "Punktlig och noggrann" in shown


def test_ending_early_needs_a_reason_and_ends_the_measure_as_interrupted(world, ladder):
    today, actor = ladder["today"], Actor(world["users"]["kaa"])
    candidate = propose(world, ladder)
    course.start(actor, opened(world, candidate), version=1, started_on=today, follow_up_on=today)
    with pytest.raises(ValidationError) as refused:
        course.end(actor, opened(world, candidate), version=2, ended_on=today, outcome="avbruten")
    assert "end_reason" in refused.value.message_dict
    course.end(actor, opened(world, candidate), version=2, ended_on=today, outcome="avbruten", end_reason="Flyttade")
    assert Measure.objects.get().end_reason == "avbruten"


def test_a_follow_up_sent_while_the_placement_was_ended_is_refused(world, ladder):
    """The follow-up form was opened while the placement ran; it was ended before the follow-up was saved."""
    today, actor = ladder["today"], Actor(world["users"]["kaa"])
    candidate = propose(world, ladder)
    course.start(actor, opened(world, candidate), version=1, started_on=today, follow_up_on=today)
    seen_running = opened(world, candidate)
    course.end(actor, opened(world, candidate), version=2, ended_on=today, outcome="fullfoljd")
    with pytest.raises(ValidationError, match="Bara en praktik som pågår följs upp."):
        course.follow_up(actor, seen_running, on=today, assessment="bra")
    assert not CandidateFollowUp.objects.exists()


def test_starting_without_an_open_plan_is_refused_with_a_link(world, login, ladder):
    ladder["plan"].delete()
    candidate = propose(world, ladder)
    today = ladder["today"]
    response = login(world["users"]["kaa"]).post(
        url("candidate_action", candidate.pk, "starta"), {"version": 1, "started_on": today, "follow_up_on": today}
    )
    shown = response.content.decode()
    assert (
        "har ingen öppen gemensam plan som du ser" in shown
        and reverse("plans:create", args=[candidate.person_id]) in shown
    )
    candidate.refresh_from_db()
    assert candidate.stage == "foreslagen" and not Measure.objects.exists()


def test_two_starts_racing_for_the_last_place_take_it_once(world, ladder):
    sara = world["persons"]["protected"]
    make_mapping(sara, world["units"]["kaa"])
    Plan.objects.create(person=sara, unit=world["units"]["kaa"], goal_kind="arbete", goal="Jobb")
    today, actor = ladder["today"], Actor(world["users"]["kaa"])
    first, second = propose(world, ladder), propose(world, ladder, "protected")
    a, b = opened(world, first), opened(world, second)  # both pages opened while one place was free
    course.start(actor, a, version=1, started_on=today, follow_up_on=today)
    with pytest.raises(ValidationError) as refused:
        course.start(actor, b, version=1, started_on=today, follow_up_on=today)
    assert "Alla 1 platser är tagna" in str(refused.value)
    assert Candidate.objects.filter(stage="pagar").count() == 1 and Measure.objects.count() == 1
    # The same candidate started twice from two tabs: the second is a conflict, not a second measure.
    with pytest.raises(EditConflict):
        course.start(actor, opened(world, first), version=1, started_on=today, follow_up_on=today)


def test_a_non_holder_cannot_move_a_candidate_even_under_consent(world, login, ladder):
    candidate = propose(world, ladder)
    asa, units = world["persons"]["asa"], world["units"]
    give_consent(
        asa, units["kaa"], {"identitet", "sysselsattning_plan"}, parties=(units["kaa"].party, units["af"].party)
    )
    af = login(world["users"]["arbetsformedlare"])
    assert af.get(url("candidate", candidate.pk)).status_code == 200
    for action in ("flytta", "starta", "avsluta", "ej-aktuell", "uppfoljning"):
        assert (
            af.post(
                url("candidate_action", candidate.pk, action),
                {"version": 1, "stage": "cv_skickat", "on": ladder["today"], "reason": "x"},
            ).status_code
            == 403
        )
    candidate.refresh_from_db()
    assert (candidate.stage, candidate.version) == ("foreslagen", 1)


def test_not_proceeding_needs_a_reason(world, login, ladder):
    candidate = propose(world, ladder)
    kaa = login(world["users"]["kaa"])
    empty = kaa.post(
        url("candidate_action", candidate.pk, "ej-aktuell"), {"version": 1, "on": ladder["today"], "reason": ""}
    )
    assert "Skriv varför kandidaten inte går vidare" in empty.content.decode()
    assert (
        kaa.post(
            url("candidate_action", candidate.pk, "ej-aktuell"),
            {"version": 1, "on": ladder["today"], "reason": "Fick annat jobb"},
        ).status_code
        == 302
    )
    candidate.refresh_from_db()
    assert (candidate.stage, candidate.end_reason) == ("ej_aktuell", "Fick annat jobb")


def test_an_open_candidacy_keeps_the_units_own_ground_and_ending_contact_withdraws_it(world, ladder):
    from fotfaste.access.grounds import _work

    candidate = propose(world, ladder)
    spans = list(_work["employers"].spans(candidate.person_id, candidate.unit_id))
    assert spans and spans[0][1] is None
    _work["employers"].end_open(candidate.person_id, candidate.unit_id, ladder["today"])
    candidate.refresh_from_db()
    assert (candidate.stage, candidate.end_reason) == ("ej_aktuell", "Kontakten avslutades")


# --- Disposal --------------------------------------------------------------------------------------------


def test_ended_candidacies_go_with_their_follow_ups_and_the_rest_stays(world, ladder):
    from fotfaste.disposal.collaboration import COLLABORATION, dispose_collaboration

    cutoff, old, new = date(2024, 1, 1), date(2022, 5, 1), date(2025, 5, 1)
    p, units, persons = ladder["placement"], world["units"], world["persons"]

    def candidate(person, stage, ended_on=None):
        return Candidate.objects.create(
            placement=p, person=persons[person], unit=units["kaa"], stage=stage, ended_on=ended_on
        )

    hired = candidate("asa", "avslutad", old)
    CandidateFollowUp.objects.create(candidate=hired, date=old, assessment="bra")
    withdrawn = candidate("ali", "ej_aktuell")
    Candidate.objects.filter(pk=withdrawn.pk).update(updated_at=old.isoformat() + "T12:00:00+00:00")
    later = candidate("protected", "avslutad", new)
    running = Candidate.objects.create(
        placement=Placement.objects.create(
            employer=p.employer, unit=p.unit, occupation=p.occupation, ssyk="9", step="verklig", places=1,
            start_date=old, end_date=new,
        ),
        person=persons["asa"], unit=units["kaa"], stage="pagar",
    )  # fmt: skip
    assert COLLABORATION.count("1880", cutoff)["placement_candidacies"] == 2
    assert Candidate.objects.count() == 4  # the dry run changed nothing
    assert dispose_collaboration("1880", cutoff)["placement_candidacies"] == 2
    assert set(Candidate.objects.values_list("pk", flat=True)) == {later.pk, running.pk}
    assert not CandidateFollowUp.objects.exists() and Placement.objects.count() == 2  # placements stay


def test_the_steering_group_and_users_without_a_role_get_403(world, login, ladder):
    for who in ("styrgrupp", "outsider"):
        client = login(world["users"][who])
        for path in (url("placements"), url("placement_new"), url("placement", ladder["placement"].pk)):
            assert client.get(path).status_code == 403, (who, path)


def test_a_stale_close_changes_nothing(world, login, ladder):
    p = ladder["placement"]
    kaa = login(world["users"]["kaa"])
    assert kaa.post(url("placement_edit", p.pk), edit_data(p, places=2)).status_code == 302
    stale = kaa.post(url("placement_close", p.pk), {"version": 1})
    assert "Dina ändringar är inte sparade" in stale.content.decode()
    p.refresh_from_db()
    assert not p.closed and p.version == 2
