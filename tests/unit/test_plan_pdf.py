"""The plan printed for the young person: tagged PDF/UA in plain Swedish, never an address."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from fotfaste.plans.models import Measure, MeasureType, Plan
from fotfaste.plans.pdf import render_plan_pdf
from tests.unit.test_consent_pdf import weasyprint_available  # noqa: F401

pytestmark = pytest.mark.django_db


def test_plan_pdf_is_tagged_plain_and_without_address(world, weasyprint_available):  # noqa: F811
    person = world["persons"]["protected"]
    today = timezone.localdate()
    plan = Plan.objects.create(
        person=person,
        unit=world["units"]["kaa"],
        goal_kind="arbete",
        goal="Få ett jobb i handeln.",
        own_words="Jag vill jobba.",
    )
    Measure.objects.create(
        plan=plan,
        measure_type=MeasureType.objects.get(name="Praktik"),
        responsible="annan",
        responsible_actor="Arbetsförmedlingen",
        planned_start=today,
        follow_up_on=today,
    )
    Measure.objects.create(
        plan=plan,
        measure_type=MeasureType.objects.get(name="Mentorsstöd"),
        responsible="personen",
        planned_start=today,
        status="avbojd",
        follow_up_on=today,
    )
    pdf = PdfReader(io.BytesIO(render_plan_pdf(plan, person, today=today, main_contact="Karin Ahlgren")))
    catalog = pdf.trailer["/Root"]
    assert catalog["/StructTreeRoot"]["/K"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert str(catalog["/Lang"]).startswith("sv")
    assert pdf.metadata.title == "Din plan, Sara Skyddad"
    assert 'pdfuaid:part="1"' in pdf.xmp_metadata.stream.get_data().decode()
    text = " ".join(page.extract_text() for page in pdf.pages)
    for phrase in (
        "Målet är att du ska få ett arbete.",
        "Jag vill jobba.",
        "Vem gör det: Arbetsförmedlingen",
        "Du tackade nej",
        "Din kontaktperson är Karin Ahlgren",
    ):
        assert phrase in " ".join(text.split())
    assert person.street_address not in text and person.postal_code not in text
    # The declined measure has no follow-up talk; the planned one does.
    assert " ".join(text.split()).count("Vi pratar om hur det går") == 1
