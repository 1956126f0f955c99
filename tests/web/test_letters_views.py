"""Letters: templates, one letter, batches; protected identities, the read log and contact attempts."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from fotfaste.access.models import ReadLogEntry
from fotfaste.kaa.models import KaaPeriod
from fotfaste.letters import services
from fotfaste.letters.models import LetterBatch, LetterTemplate
from fotfaste.outreach.models import ContactAttempt
from tests.conftest import put_in_kaa

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def kaa(world, login):
    return login(world["users"]["kaa"])


@pytest.fixture(autouse=True)
def contact_details(world):
    """Örebro's templates give a phone number and an e-mail address, as the default texts ask for them."""
    from fotfaste.reference.models import Municipality

    for kind in ("inbjudan", "fore_20"):
        template = services.template_for(Municipality.objects.get(code="1880"), kind)
        template.contact_phone, template.contact_email = "019-21 10 00", "kaa@example.se"
        template.save()


def no_contact_details(**fields):
    LetterTemplate.objects.filter(municipality_id="1880").update(contact_phone="", contact_email="", **fields)


def no_longer_in_kaa(person):
    """The person's KAA period ended longer ago than the follow-up time: the KAA duty towards them is over."""
    long_ago = timezone.localdate() - timedelta(days=400)
    KaaPeriod.objects.filter(person=person).update(start_date=long_ago - timedelta(days=30), end_date=long_ago)


@pytest.fixture
def in_kaa(world):
    """Åsa and the protected Sara are in Örebro's KAA register today (and nobody else)."""
    KaaPeriod.objects.all().delete()
    for key in ("asa", "protected"):
        put_in_kaa(world["persons"][key])
    return world


@pytest.mark.parametrize("who", ["socialsekreterare", "arbetsformedlare", "styrgrupp", "admin", "outsider"])
def test_only_kaa_caseworkers_write_letters(world, login, who):
    client = login(world["users"][who])
    assert client.get("/kaa/brev/").status_code == 403
    assert client.get("/kaa/brev/utskrift/ny/").status_code == 403


def test_each_municipality_gets_editable_default_templates(world, kaa):
    page = kaa.get("/kaa/brev/").content.decode()
    assert "Inbjudan till samtal" in page and "Brev inför 20-årsdagen" in page
    template = LetterTemplate.objects.get(municipality_id="1880", kind="inbjudan")
    response = kaa.post(
        f"/kaa/brev/mall/{template.pk}/",
        {"heading": "Hej {fornamn}", "body": "Ring {handläggare}.", "contact_phone": "", "contact_email": ""},
    )
    assert "Okänd platshållare {handläggare}." in response.content.decode()
    kaa.post(
        f"/kaa/brev/mall/{template.pk}/",
        {
            "heading": "Hej {fornamn}",
            "body": "Ring {telefon}.",
            "sender_unit": "KAA",
            "contact_phone": "019-21 10 00",
            "contact_email": "kaa@example.se",
        },
    )
    template.refresh_from_db()
    assert template.body == "Ring {telefon}." and template.updated_by_name == "Kaa"  # the name, not the username
    [text] = pdf_text(kaa.get(f"/kaa/brev/mall/{template.pk}/exempel.pdf").content)
    assert "Hej Alex" in text and "Ring 019-21 10 00." in text


def test_another_municipalitys_template_is_not_found(world, login, kaa):
    kaa.get("/kaa/brev/")
    template = LetterTemplate.objects.filter(municipality_id="1880").first()
    assert login(world["users"]["kaa.lekeberg"]).get(f"/kaa/brev/mall/{template.pk}/").status_code == 404


def test_a_letter_to_one_person_is_logged_and_recorded_as_a_contact_attempt(world, kaa):
    asa = world["persons"]["asa"]
    assert "Skriv ut brev" in kaa.get(f"/personer/{asa.pk}/brev/").content.decode()
    response = kaa.post(f"/personer/{asa.pk}/brev/", {"kind": "inbjudan", "record_contact": "on"})
    assert response["Content-Type"] == "application/pdf"
    [text] = pdf_text(response.content)
    assert "Åsa Öberg" in text and asa.street_address in text and "Hej Åsa!" in text
    assert ReadLogEntry.objects.filter(personnummer=asa.personnummer, what__startswith="brev:").exists()
    attempt = ContactAttempt.objects.get(person=asa)
    assert (attempt.channel, attempt.outcome) == ("brev", "ej_nadd")
    kaa.post(f"/personer/{asa.pk}/brev/", {"kind": "fore_20"})
    assert ContactAttempt.objects.filter(person=asa).count() == 1


def test_a_protected_persons_letter_has_no_address(world, kaa):
    protected = world["persons"]["protected"]
    page = kaa.get(f"/personer/{protected.pk}/brev/").content.decode()
    assert "Brevet får inget adressfält." in page
    [text] = pdf_text(kaa.post(f"/personer/{protected.pk}/brev/", {"kind": "fore_20"}).content)
    assert "Sara Skyddad" in text
    assert protected.street_address not in text and "702 10" not in text and "70210" not in text


def test_missing_choice_is_a_swedish_error(world, kaa):
    asa = world["persons"]["asa"]
    response = kaa.post(f"/personer/{asa.pk}/brev/", {})
    assert "Välj vilket brev som ska skrivas ut." in response.content.decode()


def test_lekeberg_cannot_write_to_orebros_young_people(world, login):
    asa = world["persons"]["asa"]
    assert login(world["users"]["kaa.lekeberg"]).get(f"/personer/{asa.pk}/brev/").status_code == 404


def test_a_batch_prints_everyone_in_the_selection_and_lists_the_protected(in_kaa, kaa):
    response = kaa.post(
        "/kaa/brev/utskrift/ny/",
        {"kind": "inbjudan", "selection": "alla", "municipality": "1880", "record_contact": "on"},
    )
    batch = LetterBatch.objects.get()
    assert response["Location"] == f"/kaa/brev/utskrift/{batch.pk}/"
    assert batch.status == "klar" and batch.letters == 2
    page = kaa.get(f"/kaa/brev/utskrift/{batch.pk}/").content.decode()
    assert "Skyddade personuppgifter – manuell hantering" in page and "Skyddad, Sara" in page
    download = kaa.get(f"/kaa/brev/utskrift/{batch.pk}/brev.pdf")
    texts = pdf_text(b"".join(download.streaming_content))
    assert len(texts) == 2
    protected = in_kaa["persons"]["protected"]
    assert not any(protected.street_address in t for t in texts)
    assert ReadLogEntry.objects.filter(what=f"brevutskrift #{batch.pk} (export)").count() == 2
    assert ContactAttempt.objects.filter(channel="brev").count() == 2


def test_batch_files_are_deleted_after_a_day(in_kaa, kaa):
    kaa.post("/kaa/brev/utskrift/ny/", {"kind": "fore_20", "selection": "alla", "municipality": "1880"})
    batch = LetterBatch.objects.get()
    assert services.remove_old_batch_files(timezone.now() + timedelta(hours=25)) == 1
    assert kaa.get(f"/kaa/brev/utskrift/{batch.pk}/brev.pdf").status_code == 404
    assert "PDF-filen har raderats" in kaa.get(f"/kaa/brev/utskrift/{batch.pk}/").content.decode()


def test_an_empty_selection_is_an_error(world, kaa):
    KaaPeriod.objects.all().delete()
    response = kaa.post("/kaa/brev/utskrift/ny/", {"kind": "inbjudan", "selection": "alla", "municipality": "1880"})
    assert "Ingen i KAA passar urvalet just nu." in response.content.decode()
    assert not LetterBatch.objects.exists()


def test_letters_to_the_people_ticked_in_the_worklist(in_kaa, kaa, login):
    asa, ali = in_kaa["persons"]["asa"], in_kaa["persons"]["lekeberg"]
    kaa.post(
        "/kaa/brev/utskrift/markerade/",
        {"person": [asa.pk, ali.pk], "letter_kind": "inbjudan", "municipality": "1880"},
    )
    batch = LetterBatch.objects.get()
    # Someone the user may not see is left out, not printed.
    assert batch.person_ids == [asa.pk] and batch.letters == 1
    other = login(in_kaa["users"]["kaa.lekeberg"])
    assert other.get(f"/kaa/brev/utskrift/{batch.pk}/").status_code == 404


@pytest.fixture
def colleague(in_kaa):
    """A second KAA caseworker of Örebro: same duty, same persons, but not the one who asked for the batch."""
    from fotfaste.accounts.models import User
    from fotfaste.orgs.models import Membership

    user = User.objects.create_user(username="kaa2", password="x", first_name="Kim", last_name="Kollega")
    Membership.objects.create(user=user, unit=in_kaa["units"]["kaa"], role="kaa")
    return user


def test_a_batch_is_only_the_requesting_users(in_kaa, kaa, login, colleague):
    kaa.post("/kaa/brev/utskrift/ny/", {"kind": "inbjudan", "selection": "alla", "municipality": "1880"})
    batch = LetterBatch.objects.get()
    assert batch.requested_by == in_kaa["users"]["kaa"]
    other = login(colleague)
    for path in ("", "status/", "brev.pdf"):
        assert other.get(f"/kaa/brev/utskrift/{batch.pk}/{path}").status_code == 404
    home = other.get("/kaa/brev/").content.decode()
    assert f"/kaa/brev/utskrift/{batch.pk}/" not in home and "Skyddad" not in home
    assert login(in_kaa["users"]["admin"]).get(f"/kaa/brev/utskrift/{batch.pk}/").status_code == 403
    # Nothing of the batch reached the colleague's read log.
    assert not ReadLogEntry.objects.filter(username="kaa2").exists()
    # The one who asked still has it.
    assert f"/kaa/brev/utskrift/{batch.pk}/" in kaa.get("/kaa/brev/").content.decode()
    assert kaa.get(f"/kaa/brev/utskrift/{batch.pk}/brev.pdf").status_code == 200


def test_the_job_prints_only_whom_the_requester_still_sees_and_counts_the_rest(in_kaa, kaa, settings):
    from fotfaste.letters import jobs as letter_jobs

    settings.JOBS_INLINE = False
    asa, protected = in_kaa["persons"]["asa"], in_kaa["persons"]["protected"]
    kaa.post("/kaa/brev/utskrift/ny/", {"kind": "inbjudan", "selection": "alla", "municipality": "1880"})
    batch = LetterBatch.objects.get()
    assert batch.status == "vantar" and sorted(batch.person_ids) == sorted([asa.pk, protected.pk])
    # Before the worker gets to it, Åsa's KAA period and its follow-up end: the caseworker no longer sees her.
    no_longer_in_kaa(asa)
    letter_jobs.print_batch({"batch_id": batch.pk})
    batch.refresh_from_db()
    assert (batch.status, batch.letters, batch.left_out, batch.person_ids) == ("klar", 1, 1, [protected.pk])
    page = kaa.get(f"/kaa/brev/utskrift/{batch.pk}/").content.decode()
    assert "1 kunde inte skrivas ut: du har inte tillgång till personen." in page
    assert "Öberg" not in page
    texts = pdf_text(b"".join(kaa.get(f"/kaa/brev/utskrift/{batch.pk}/brev.pdf").streaming_content))
    assert len(texts) == 1 and "Åsa" not in texts[0]
    assert not ReadLogEntry.objects.filter(personnummer=asa.personnummer, what__startswith="brev").exists()


def test_a_batch_nobody_of_which_is_visible_fails_without_naming_anyone(in_kaa, kaa, settings):
    from fotfaste.letters import jobs as letter_jobs

    settings.JOBS_INLINE = False
    kaa.post("/kaa/brev/utskrift/ny/", {"kind": "inbjudan", "selection": "alla", "municipality": "1880"})
    batch = LetterBatch.objects.get()
    in_kaa["users"]["kaa"].memberships.update(active=False)
    with pytest.raises(services.LetterError):
        letter_jobs.print_batch({"batch_id": batch.pk})
    batch.refresh_from_db()
    assert (batch.status, batch.letters, batch.left_out) == ("misslyckades", 0, 2)
    assert batch.failure == "Ingen av de valda kunde skrivas ut: du har inte tillgång till dem."


def test_the_download_is_refused_and_the_file_removed_when_someone_in_it_is_no_longer_seen(in_kaa, kaa):
    kaa.post("/kaa/brev/utskrift/ny/", {"kind": "inbjudan", "selection": "alla", "municipality": "1880"})
    batch = LetterBatch.objects.get()
    asa = in_kaa["persons"]["asa"]
    no_longer_in_kaa(asa)
    ReadLogEntry.objects.all().delete()
    response = kaa.get(f"/kaa/brev/utskrift/{batch.pk}/brev.pdf", follow=True)
    assert "Filen har raderats" in response.content.decode()
    batch.refresh_from_db()
    assert batch.file == ""
    assert not ReadLogEntry.objects.filter(what__contains="export").exists()


def test_protected_persons_no_longer_seen_are_counted_not_named(in_kaa, kaa):
    kaa.post("/kaa/brev/utskrift/ny/", {"kind": "inbjudan", "selection": "alla", "municipality": "1880"})
    batch = LetterBatch.objects.get()
    protected = in_kaa["persons"]["protected"]
    no_longer_in_kaa(protected)
    page = kaa.get(f"/kaa/brev/utskrift/{batch.pk}/").content.decode()
    assert "Skyddad, Sara" not in page
    assert "Ytterligare 1 person med skyddad identitet i utskriften har du inte längre tillgång till." in page


def test_ticked_persons_the_user_may_not_see_are_counted(in_kaa, kaa):
    asa, lina = in_kaa["persons"]["asa"], in_kaa["persons"]["lekeberg"]
    kaa.post(
        "/kaa/brev/utskrift/markerade/",
        {"person": [asa.pk, lina.pk, lina.pk], "letter_kind": "inbjudan", "municipality": "1880"},
    )
    batch = LetterBatch.objects.get()
    assert (batch.person_ids, batch.left_out) == ([asa.pk], 1)


def test_a_template_without_contact_details_warns_and_a_text_needing_them_is_not_printed(in_kaa, kaa):
    asa = in_kaa["persons"]["asa"]
    no_contact_details()
    template = LetterTemplate.objects.get(municipality_id="1880", kind="inbjudan")
    page = kaa.get(f"/personer/{asa.pk}/brev/").content.decode()
    assert "Brevmallen ”Inbjudan till samtal” för Örebro saknar telefonnummer och e-postadress." in page
    assert f'href="/kaa/brev/mall/{template.pk}/"' in page
    response = kaa.post(f"/personer/{asa.pk}/brev/", {"kind": "inbjudan", "record_contact": "on"})
    assert response["Content-Type"].startswith("text/html")
    assert "saknar telefonnummer och e-postadress, men texten använder {telefon}, {epost}" in response.content.decode()
    assert not ReadLogEntry.objects.filter(what__startswith="brev:").exists()
    assert not ContactAttempt.objects.exists()
    # The batch form warns the same way and refuses before anything is queued.
    assert "saknar telefonnummer och e-postadress." in kaa.get("/kaa/brev/utskrift/ny/").content.decode()
    response = kaa.post("/kaa/brev/utskrift/ny/", {"kind": "inbjudan", "selection": "alla", "municipality": "1880"})
    assert "men texten använder {telefon}, {epost}" in response.content.decode()
    response = kaa.post(
        "/kaa/brev/utskrift/markerade/", {"person": [asa.pk], "letter_kind": "fore_20", "municipality": "1880"}
    )
    assert response.status_code == 302 and not LetterBatch.objects.exists()


def test_a_text_that_does_not_ask_for_the_missing_detail_prints_without_any_placeholder(in_kaa, kaa):
    asa = in_kaa["persons"]["asa"]
    no_contact_details(body="Hej {fornamn}!\n\nVi hör av oss. Hälsningar {handlaggare}")
    page = kaa.get(f"/personer/{asa.pk}/brev/").content.decode()
    assert "Breven skrivs då ut utan telefonnummer och e-postadress." in page
    [text] = pdf_text(kaa.post(f"/personer/{asa.pk}/brev/", {"kind": "inbjudan"}).content)
    assert "Hej Åsa!" in text and "Hälsningar Kaa" in text  # the caseworker's name fills {handlaggare}
    assert "saknas" not in text and "Telefon" not in text


def test_a_batch_whose_template_lost_its_phone_after_queueing_fails_with_the_reason(in_kaa, kaa, settings):
    from fotfaste.letters import jobs as letter_jobs

    settings.JOBS_INLINE = False
    kaa.post("/kaa/brev/utskrift/ny/", {"kind": "inbjudan", "selection": "alla", "municipality": "1880"})
    no_contact_details()
    batch = LetterBatch.objects.get()
    with pytest.raises(services.LetterError):
        letter_jobs.print_batch({"batch_id": batch.pk})
    batch.refresh_from_db()
    assert batch.status == "misslyckades" and "men texten använder {telefon}, {epost}" in batch.failure
    assert "men texten använder" in kaa.get(f"/kaa/brev/utskrift/{batch.pk}/").content.decode()


def test_the_example_marks_a_missing_detail_in_brackets(world, kaa):
    no_contact_details()
    template = LetterTemplate.objects.get(municipality_id="1880", kind="inbjudan")
    [text] = pdf_text(kaa.get(f"/kaa/brev/mall/{template.pk}/exempel.pdf").content)
    assert "[telefonnummer saknas i brevmallen]" in text
