"""Taking part in a programme (fotfaste.programmes.participation and .contracts): starting makes a measure in
the joint plan, ending ends it, stale saves are refused, only those who may see the participation see it,
the three-party contract prints as a tagged PDF and is logged, and its follow-ups are listed."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from fotfaste.access.models import ChangeLogEntry, ReadLogEntry
from fotfaste.access.services import Actor
from fotfaste.core.versioning import EditConflict
from fotfaste.plans.models import Measure, MeasureType, Plan, PlanRevision
from fotfaste.plans.services import ensure_catalogue
from fotfaste.programmes import participation as service
from fotfaste.programmes import services as programmes
from fotfaste.programmes.models import Contract, ContractFollowUp, Participation
from tests.integration.test_consent_access import give_consent
from tests.unit.test_consent_pdf import structure_types, text_of, weasyprint_available  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def taking_part(world):
    """Åsa is selected for Örebro's utbildningskontrakt, held by the KAA unit, and has a joint plan."""
    ensure_catalogue()
    today = timezone.localdate()
    programme = programmes.add_from_catalogue(world["agreements"]["orebro"], "utbildningskontrakt")
    asa, unit = world["persons"]["asa"], world["units"]["kaa"]
    p = Participation.objects.create(
        programme=programme, person=asa, unit=unit, step=5, step_since=today, status="vald"
    )
    plan = Plan.objects.create(person=asa, unit=unit, goal_kind="studier", goal="Gymnasieexamen på komvux")
    return {"participation": p, "plan": plan, "programme": programme, "today": today}


def url(name, p):
    return reverse(f"programmes:{name}", args=[p.pk])


def start_data(today, **kw):
    return {
        "version": 1,
        "started_on": today.isoformat(),
        "follow_up_on": (today + timedelta(days=30)).isoformat(),
        **kw,
    }


def end_data(today, **kw):
    return {"version": 2, "status": "fullfoljd", "ended_on": today.isoformat(), "outcome": "arbete", **kw}


def test_start_creates_the_measure_in_the_joint_plan(world, login, taking_part):
    p, today = taking_part["participation"], taking_part["today"]
    kaa = login(world["users"]["kaa"])
    assert kaa.get(url("participation_start", p)).status_code == 200
    response = kaa.post(url("participation_start", p), start_data(today))
    assert response.status_code == 302
    p.refresh_from_db()
    assert (p.status, p.started_on, p.version) == ("deltar", today, 2)
    measure = Measure.objects.get()
    assert p.measure == measure and measure.plan == taking_part["plan"]
    # The measure type is named after the programme; utbildningskontrakt is studies in the KAA reporting.
    assert measure.measure_type.name == taking_part["programme"].name
    assert measure.measure_type.scb_category == "studier"
    assert (measure.status, measure.actual_start, measure.responsible) == ("pagaende", today, "kommunen")
    assert measure.responsible_unit == world["units"]["kaa"]
    assert PlanRevision.objects.filter(plan=taking_part["plan"], what__startswith="Ny insats").exists()
    assert ChangeLogEntry.objects.filter(action="program", person=p.person).exists()
    page = kaa.get(url("participation", p)).content.decode()
    assert "Deltar" in page and reverse("plans:detail", args=[p.person_id, taking_part["plan"].pk]) in page


def test_a_programme_without_a_catalogue_type_gets_one_of_its_own(world, taking_part):
    entry = programmes.add_from_catalogue(world["agreements"]["orebro"], "traineejobb_valfard")
    made = service.measure_type_for(entry)
    assert made.name == entry.name and made.scb_category == "annan"
    assert service.measure_type_for(entry) == made  # ensured, not duplicated
    assert MeasureType.objects.filter(name__iexact=entry.name).count() == 1


def test_start_without_a_plan_is_refused_with_a_link_to_make_one(world, login, taking_part):
    p, today = taking_part["participation"], taking_part["today"]
    taking_part["plan"].delete()
    response = login(world["users"]["kaa"]).post(url("participation_start", p), start_data(today))
    page = response.content.decode()
    assert response.status_code == 200
    assert "har ingen öppen gemensam plan som du ser" in page
    assert reverse("plans:create", args=[p.person_id]) in page
    p.refresh_from_db()
    assert p.status == "vald" and p.version == 1 and not Measure.objects.exists()


def test_bad_dates_are_refused_by_field_and_change_nothing(world, login, taking_part):
    p, today = taking_part["participation"], taking_part["today"]
    kaa = login(world["users"]["kaa"])
    future = kaa.post(
        url("participation_start", p), start_data(today, started_on=(today + timedelta(days=3)).isoformat())
    )
    assert "Startdagen kan inte ligga efter i dag" in future.content.decode()
    garbled = kaa.post(url("participation_start", p), start_data(today, follow_up_on="i morgon"))
    assert "Ange datumet som ÅÅÅÅ-MM-DD" in garbled.content.decode()
    p.refresh_from_db()
    assert p.status == "vald" and not Measure.objects.exists()
    kaa.post(url("participation_start", p), start_data(today))
    before = kaa.post(url("participation_end", p), end_data(today, ended_on=(today - timedelta(days=1)).isoformat()))
    assert "Slutdagen kan inte vara före startdagen" in before.content.decode()
    no_outcome = kaa.post(url("participation_end", p), end_data(today, outcome=""))
    assert "Vad gick den unga vidare till?: Välj vad den unga gick vidare till." in no_outcome.content.decode()
    p.refresh_from_db()
    assert p.status == "deltar" and Measure.objects.get().status == "pagaende"


def test_end_ends_the_measure_with_the_outcome(world, login, taking_part):
    p, today = taking_part["participation"], taking_part["today"]
    kaa = login(world["users"]["kaa"])
    kaa.post(url("participation_start", p), start_data(today))
    response = kaa.post(url("participation_end", p), end_data(today, end_reason="Fick fast jobb"))
    assert response.status_code == 302
    p.refresh_from_db()
    assert (p.status, p.ended_on, p.outcome, p.end_reason, p.version) == (
        "fullfoljd",
        today,
        "arbete",
        "Fick fast jobb",
        3,
    )
    measure = Measure.objects.get()
    assert (measure.status, measure.actual_end, measure.end_reason) == ("avslutad", today, "borjat_arbeta")
    # Ended: it can be neither started nor ended again.
    again = kaa.post(url("participation_end", p), end_data(today, version=3))
    assert "Bara ett deltagande som pågår kan avslutas" in again.content.decode()
    restart = kaa.post(url("participation_start", p), start_data(today, version=3))
    assert "Deltagandet är avslutat" in restart.content.decode()


def test_an_early_end_without_work_or_studies_says_interrupted_in_the_plan(world, login, taking_part):
    p, today = taking_part["participation"], taking_part["today"]
    kaa = login(world["users"]["kaa"])
    kaa.post(url("participation_start", p), start_data(today))
    kaa.post(url("participation_end", p), end_data(today, status="avbruten", outcome="ingen"))
    assert Measure.objects.get().end_reason == "avbruten"


def test_a_stale_version_is_refused_and_nothing_is_overwritten(world, login, taking_part):
    p, today = taking_part["participation"], taking_part["today"]
    kaa = login(world["users"]["kaa"])
    assert kaa.post(url("participation_start", p), start_data(today)).status_code == 302
    # A second tab opened before the start still says version 1.
    stale = kaa.post(url("participation_start", p), start_data(today))
    assert "Dina ändringar är inte sparade" in stale.content.decode()
    assert 'name="version" value="2"' in stale.content.decode()
    stale_end = kaa.post(url("participation_end", p), end_data(today, version=1))
    assert "Dina ändringar är inte sparade" in stale_end.content.decode()
    p.refresh_from_db()
    assert p.status == "deltar" and p.version == 2 and Measure.objects.count() == 1


def test_two_starts_racing_with_the_same_version_make_one_measure(world, taking_part):
    p, today = taking_part["participation"], taking_part["today"]
    actor = Actor(world["users"]["kaa"])
    first = service.open_participation(actor, p.pk, "test")
    second = service.open_participation(actor, p.pk, "test")
    service.start(actor, first, version=1, started_on=today, follow_up_on=today)
    with pytest.raises(EditConflict):
        service.start(actor, second, version=1, started_on=today, follow_up_on=today)
    assert Measure.objects.count() == 1 and Participation.objects.get().version == 2


def test_another_agreements_user_gets_404_everywhere(world, login, taking_part):
    p, today = taking_part["participation"], taking_part["today"]
    lekeberg = login(world["users"]["kaa.lekeberg"])
    for name in ("participation", "participation_start", "participation_end", "contract", "contract_follow_up"):
        assert lekeberg.get(url(name, p)).status_code == 404, name
    assert lekeberg.post(url("participation_start", p), start_data(today)).status_code == 404
    assert lekeberg.get(url("contract_pdf", p)).status_code == 404
    p.refresh_from_db()
    assert p.status == "vald"


def test_another_unit_sees_it_only_under_consent_and_never_changes_it(world, login, taking_part):
    p, today = taking_part["participation"], taking_part["today"]
    asa, units = world["persons"]["asa"], world["units"]
    af = login(world["users"]["arbetsformedlare"])
    parties = (units["kaa"].party, units["af"].party)
    give_consent(asa, units["kaa"], {"identitet"}, parties=parties)
    # AF sees Åsa, but not the KAA unit's participation without a consent to share plans.
    assert af.get(url("participation", p)).status_code == 404
    assert url("participation", p) not in af.get(reverse("people:detail", args=[asa.pk])).content.decode()
    consent = give_consent(asa, units["kaa"], {"identitet", "sysselsattning_plan"}, parties=parties)
    page = af.get(url("participation", p))
    assert page.status_code == 200 and "kan inte ändra det" in page.content.decode()
    assert ReadLogEntry.objects.filter(
        username="arbetsformedlare", what=f"deltagande i program (samtycke #{consent.pk})"
    ).exists()
    assert url("participation", p) in af.get(reverse("people:detail", args=[asa.pk])).content.decode()
    # A consent shares information; it does not let AF change the holder's records.
    assert af.post(url("participation_start", p), start_data(today)).status_code == 403
    assert af.post(url("contract", p), {"version": 1}).status_code == 403
    p.refresh_from_db()
    assert p.status == "vald" and not Measure.objects.exists()


def test_steering_group_and_strangers_get_nothing(world, login, taking_part):
    p = taking_part["participation"]
    for who in ("styrgrupp", "outsider", "socialsekreterare"):
        response = login(world["users"][who]).get(url("participation", p))
        assert response.status_code in (403, 404), who
        assert "Öberg" not in response.content.decode()


def contract_data(today, **kw):
    return {
        "version": 1,
        "counterpart": "folkhogskola",
        "counterpart_name": "Kvinnohöjdens folkhögskola",
        "studies": "Allmän kurs, heltid, för gymnasiebehörighet.",
        "work": "Praktik på lager två dagar i veckan.",
        "start_date": today.isoformat(),
        "signed_by_person_on": today.isoformat(),
        "signed_by_af_on": today.isoformat(),
        "signed_by_counterpart_on": "",
        **kw,
    }


def test_contract_with_signature_dates_and_follow_ups(world, login, taking_part):
    p, today = taking_part["participation"], taking_part["today"]
    kaa = login(world["users"]["kaa"])
    none_yet = kaa.post(url("contract_follow_up", p), {"on": today.isoformat(), "studies": "Bra"})
    assert "Deltagandet har inget trepartsavtal" in none_yet.content.decode()
    future = kaa.post(url("contract", p), contract_data(today, signed_by_af_on=(today + timedelta(days=1)).isoformat()))
    assert "Ett datum för underskrift kan inte ligga efter i dag." in future.content.decode()
    empty = kaa.post(url("contract", p), contract_data(today, studies="", work=""))
    assert "Skriv vad avtalet gäller" in empty.content.decode()
    assert not Contract.objects.exists()
    assert kaa.post(url("contract", p), contract_data(today)).status_code == 302
    contract = Contract.objects.get()
    assert contract.signed_by_person_on == today and contract.signed_by_counterpart_on is None
    assert not contract.signed
    # Saving the contract bumps the participation's version: a second tab's older form is refused.
    stale = kaa.post(url("contract", p), contract_data(today, counterpart_name="Fel skola"))
    assert "Dina ändringar är inte sparade" in stale.content.decode()
    assert kaa.post(url("contract", p), contract_data(today, version=2, signed_by_counterpart_on=today.isoformat()))
    contract.refresh_from_db()
    assert contract.signed and contract.counterpart_name == "Kvinnohöjdens folkhögskola"

    blank = kaa.post(url("contract_follow_up", p), {"on": today.isoformat()})
    assert "Skriv hur studierna eller arbetet går" in blank.content.decode()
    ok = kaa.post(
        url("contract_follow_up", p), {"on": today.isoformat(), "studies": "Godkänd i svenska", "work": "Trivs"}
    )
    assert ok.status_code == 302 and ContractFollowUp.objects.count() == 1
    page = kaa.get(url("participation", p)).content.decode()
    assert "Godkänd i svenska" in page and "Undertecknat av alla tre parter" in page
    assert "Avgörs när deltagandet avslutas." in page


def test_the_contracts_outcome_is_the_participations(world, login, taking_part):
    p, today = taking_part["participation"], taking_part["today"]
    kaa = login(world["users"]["kaa"])
    kaa.post(url("participation_start", p), start_data(today))
    kaa.post(url("contract", p), contract_data(today, version=2))
    kaa.post(url("participation_end", p), end_data(today, version=3, outcome="studier"))
    page = kaa.get(url("participation", p)).content.decode()
    assert "Avgörs när deltagandet avslutas." not in page
    assert page.count("Studier") >= 2  # the contract's studies heading and its outcome


def print_contract(world, login, taking_part, person_key):
    p, today = taking_part["participation"], taking_part["today"]
    if person_key != "asa":
        p.person = world["persons"][person_key]
        p.save()
        taking_part["plan"].person = p.person
        taking_part["plan"].save()
    kaa = login(world["users"]["kaa"])
    assert kaa.post(url("contract", p), contract_data(today)).status_code == 302
    response = kaa.get(url("contract_pdf", p))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def test_the_contract_prints_as_a_tagged_pdf_and_the_print_is_logged(
    world,
    login,
    taking_part,
    weasyprint_available,  # noqa: F811
):
    pdf = print_contract(world, login, taking_part, "asa")
    asa = world["persons"]["asa"]
    catalog = pdf.trailer["/Root"]
    assert catalog["/StructTreeRoot"]["/K"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert str(catalog["/Lang"]).startswith("sv")
    assert pdf.metadata.title == f"Trepartsavtal, {taking_part['programme'].name}, Åsa Öberg"
    assert 'pdfuaid:part="1"' in pdf.xmp_metadata.stream.get_data().decode()
    types = structure_types(pdf)
    assert types.count("/H1") == 1 and types.count("/H2") >= 4 and "/P" in types
    text = text_of(pdf)
    for phrase in (
        "Trepartsavtal: Utbildningskontrakt",
        asa.formatted_personnummer(),
        "Arbetsförmedlingen Örebro",
        "Kvinnohöjdens folkhögskola (folkhögskolan)",
        "Allmän kurs, heltid, för gymnasiebehörighet.",
        "Underskrift – Den unga",
        "Underskrift – Arbetsförmedlingen",
        "Underskrift – Folkhögskolan",
        "Storgatan 1",  # not protected: the address is on the contract
    ):
        assert phrase in text, phrase
    # Two signatures recorded with today's date; the third is left to sign by hand.
    from fotfaste.core.pdf import swedish_date

    assert text.count(swedish_date(taking_part["today"])) >= 3  # printed on, and two signatures
    assert ReadLogEntry.objects.filter(
        username="kaa", what="export: trepartsavtal (PDF)", personnummer=asa.personnummer
    ).exists()


def test_a_protected_identitys_contract_has_no_address(world, login, taking_part, weasyprint_available):  # noqa: F811
    protected = world["persons"]["protected"]
    text = text_of(print_contract(world, login, taking_part, "protected"))
    assert "Sara Skyddad" in text
    assert protected.street_address not in text and protected.postal_code[:3] not in text.replace(
        protected.formatted_personnummer(), ""
    )
    assert ReadLogEntry.objects.filter(what="export: trepartsavtal (PDF)", protected=True).exists()


def test_no_contract_no_pdf(world, login, taking_part):
    assert login(world["users"]["kaa"]).get(url("contract_pdf", taking_part["participation"])).status_code == 404
