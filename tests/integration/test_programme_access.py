"""Eligibility for a viewer: AF's spells and the diplomas only as held or shared by consent; the API, the
person page's section and the programme pages under the same rules."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from fotfaste.access.guard import unrestricted
from fotfaste.access.models import Channel, ReadLogEntry
from fotfaste.access.services import Actor
from fotfaste.consent.models import Consent, ConsentConfirmation, ConsentRecipient, ConsentStatus
from fotfaste.people.models import Person
from fotfaste.programmes import services
from fotfaste.programmes.models import AgreementProgramme

from ..api.conftest import issue_token

pytestmark = pytest.mark.django_db
AF_HEADER = "personnummer;inskriven_fran;inskriven_till;sokandekategori"


GRAD = "200501012397"  # 21 today, with a diploma: not in KAA


def read_in(kind, tmp_path, text, **options):
    path = tmp_path / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    call_command(
        "import_register", kind, str(path), "--municipality", "1880", stdout=io.StringIO(), stderr=io.StringIO()
    )


@pytest.fixture
def people(world, tmp_path, test_numbers):
    """Gustav (21, gymnasieexamen) and Ylva (19, none: in Örebro's KAA), both registered at AF for a year."""
    young = next(
        n for n in test_numbers if n.startswith("2007") and n not in {p.personnummer for p in world["persons"].values()}
    )
    read_in(
        "folkbokforing",
        tmp_path,
        f"personnummer;fornamn;efternamn;kommunkod\n{GRAD};Gustav;Gradu;1880\n{young};Ylva;Ung;1880\n",
    )
    read_in("betyg", tmp_path, f"personnummer;typ;datum\n{GRAD};gymnasieexamen;2024-06-10\n")
    since = timezone.localdate() - timedelta(days=365)
    read_in("af_inskrivning", tmp_path, f"{AF_HEADER}\n{GRAD};{since};;11\n{young};{since};;11\n")
    with unrestricted("test"):
        return {"grad": Person.objects.get(personnummer=GRAD), "young": Person.objects.get(personnummer=young)}


def share(world, person, *, af=True, plan=True):
    """A consent naming the municipality and AF, confirmed by both holders."""
    consent = Consent.objects.create(
        person=person,
        agreement=world["agreements"]["orebro"],
        purpose="Traineejobb",
        status=ConsentStatus.GIVEN,
        valid_from=timezone.localdate() - timedelta(days=1),
        recorded_by_unit=world["units"]["kaa"],
        covers_identity=True,
        covers_occupation_plan=plan,
        covers_employment_service=af,
    )
    for unit in (world["units"]["kaa"], world["units"]["af"]):
        ConsentRecipient.objects.create(consent=consent, party=unit.party)
        ConsentConfirmation.objects.create(consent=consent, unit=unit, holds_identity=True)
    return consent


def assessment(user, person, code):
    found = services.assess_person(Actor(user), person, timezone.localdate())
    return next(a for a in found if a.programme.code == code).result


def test_af_knows_its_spells_but_not_the_diploma_without_a_consent(world, people):
    result = assessment(world["users"]["arbetsformedlare"], people["grad"], "utbildningskontrakt")
    assert result.undecided
    assert result.explanation.startswith("Kan inte avgöras: uppgift saknas om gymnasieexamen")
    assert "inskriven på Arbetsförmedlingen sedan" in result.explanation


def test_kaa_knows_the_diploma_but_not_afs_spells_without_a_consent(world, people):
    young = people["young"]
    result = assessment(world["users"]["kaa"], young, "utbildningskontrakt")
    assert "saknar gymnasieexamen" in result.explanation
    assert "kan inte avgöras: uppgift saknas om inskrivning på Arbetsförmedlingen" in result.explanation
    assert assessment(world["users"]["kaa"], young, "jobbgaranti_ungdomar").undecided
    assert assessment(world["users"]["arbetsformedlare"], young, "jobbgaranti_ungdomar").eligible


def test_under_a_consent_each_sees_the_others_facts_and_the_use_is_logged(world, people):
    grad = people["grad"]
    consent = share(world, grad)
    result = assessment(world["users"]["arbetsformedlare"], grad, "traineejobb_valfard")
    assert result.eligible and "har gymnasieexamen sedan 2024-06-10" in result.explanation
    assert ReadLogEntry.objects.filter(username="arbetsformedlare", consent_id_ref=consent.pk).exists()
    result = assessment(world["users"]["kaa"], grad, "traineejobb_valfard")
    assert result.explanation.startswith("Inskriven på Arbetsförmedlingen sedan")
    assert ReadLogEntry.objects.filter(username="kaa", consent_id_ref=consent.pk).exists()


def test_a_consent_for_identity_only_shares_no_facts(world, people):
    share(world, people["grad"], af=False, plan=False)
    result = assessment(world["users"]["arbetsformedlare"], people["grad"], "traineejobb_valfard")
    assert result.explanation.startswith("Kan inte avgöras: uppgift saknas om gymnasieexamen")


def test_the_api_gives_the_same_content_per_programme(world, people, client):
    registered = people["grad"]
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {issue_token('arbetsformedlare')}"
    response = client.get(f"/api/v1/persons/{registered.personnummer}/eligibility?on=2026-06-01")
    assert response.status_code == 200
    body = response.json()
    assert body["personnummer"] == registered.personnummer and body["datum"] == "2026-06-01"
    codes = {p["kod"]: p for p in body["program"]}
    assert set(codes) == {"utbildningskontrakt", "traineejobb_valfard", "traineejobb_bristyrke", "jobbgaranti_ungdomar"}
    uk = codes["utbildningskontrakt"]
    assert uk["behorig"] is False and uk["kan_avgoras"] is False and uk["blir_behorig"] is None
    assert {"text": "kan inte avgöras: uppgift saknas om gymnasieexamen", "uppfyllt": None} in uk["villkor"]
    assert ReadLogEntry.objects.filter(
        username="arbetsformedlare", channel=Channel.API, what="api: programbehörighet"
    ).exists()
    assert client.get(f"/api/v1/persons/{registered.personnummer}/eligibility?on=juni").status_code == 422
    # A person AF has no ground for is the same 404 as one that does not exist.
    other = world["persons"]["lekeberg"]
    assert client.get(f"/api/v1/persons/{other.personnummer}/eligibility").status_code == 404


def test_pages_show_the_section_and_the_lists_only_within_the_agreement(world, people, login):
    registered = people["grad"]
    af = login(world["users"]["arbetsformedlare"])
    page = af.get(f"/personer/{registered.pk}/").content.decode()
    assert "Program och behörighet" in page and "Inskrivning på Arbetsförmedlingen" in page
    agreement = world["agreements"]["orebro"]
    assert af.get("/program/").status_code == 200
    listing = af.get(f"/program/{agreement.pk}/jobbgaranti_ungdomar/").content.decode()
    assert "Behöriga nu" in listing and registered.personnummer in listing
    assert ReadLogEntry.objects.filter(username="arbetsformedlare", what__startswith="behöriga till").exists()
    # Lekeberg's caseworker sees neither Örebro's programmes nor its lists.
    lekeberg = login(world["users"]["kaa.lekeberg"])
    assert lekeberg.get(f"/program/{agreement.pk}/jobbgaranti_ungdomar/").status_code == 404
    assert registered.personnummer not in lekeberg.get("/program/").content.decode()
    # The steering group sees no individuals; only coordinators configure.
    assert login(world["users"]["styrgrupp"]).get("/program/").status_code == 403
    assert af.post(f"/program/{agreement.pk}/katalog/", {"kod": "ungkomp"}).status_code == 403
    assert not AgreementProgramme.objects.exists()


def test_income_support_is_known_to_social_services_and_shared_only_by_consent(world):
    from fotfaste.records.models import PartyRecord

    ali, units = world["persons"]["ali"], world["units"]
    services.add_from_catalogue(world["agreements"]["orebro"], "ungdomssatsningen")
    PartyRecord.objects.create(
        person=ali, unit=units["social"], kind="forsorjningsstod", title="Försörjningsstöd",
        start_date=timezone.localdate() - timedelta(days=40),
    )  # fmt: skip
    social = assessment(world["users"]["socialsekreterare"], ali, "ungdomssatsningen")
    assert social.eligible and social.explanation.startswith("Har försörjningsstöd sedan")
    kaa = assessment(world["users"]["kaa"], ali, "ungdomssatsningen")
    assert kaa.undecided and kaa.explanation == "Kan inte avgöras: uppgift saknas om försörjningsstöd"
    consent = Consent.objects.create(
        person=ali, agreement=world["agreements"]["orebro"], purpose="Ungdomsjobb", status=ConsentStatus.GIVEN,
        valid_from=timezone.localdate(), recorded_by_unit=units["social"], covers_identity=True,
        covers_income_support=True,
    )  # fmt: skip
    ConsentRecipient.objects.create(consent=consent, party=units["kaa"].party)
    ConsentConfirmation.objects.create(consent=consent, unit=units["social"], holds_identity=True)
    assert assessment(world["users"]["kaa"], ali, "ungdomssatsningen").eligible
    assert ReadLogEntry.objects.filter(
        username="kaa", consent_id_ref=consent.pk, what__startswith="programbehörighet"
    ).exists()


def test_the_lists_keep_the_counts_and_only_the_rows_shown(world, people):
    actor = Actor(world["users"]["arbetsformedlare"])
    guarantee = next(p for p in services.shipped() if p.code == "jobbgaranti_ungdomar")
    found = services.candidates(actor, guarantee, timezone.localdate(), limit=1)
    assert (found.eligible_count, len(found.eligible), found.checked) == (2, 1, 2)
    # By name: Gradu before Ung.
    assert found.eligible[0][0].personnummer == GRAD
    assert services.candidates(actor, guarantee, timezone.localdate(), sex="man", limit=5).eligible_count == (
        sum(1 for p in people.values() if p.sex == "man")
    )
