"""Letter pages for KAA caseworkers: templates, a letter to one person, batches."""

from datetime import date
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor, log_reads, open_person
from fotfaste.core import jobs as job_queue
from fotfaste.kaa.pdf import render_letters_pdf
from fotfaste.outreach.services import currency_overrides, rules_for
from fotfaste.outreach.worklist import WorklistQuery, worklist_queryset
from fotfaste.people.models import Person
from fotfaste.reference.models import Municipality

from . import jobs as letter_jobs
from . import services
from .forms import BatchForm, PersonLetterForm, TemplateForm
from .models import BatchStatus, LetterBatch, LetterKind, LetterTemplate

# A batch bigger than this is surely a mistake in the selection; split it up.
MAX_BATCH = 5000


def kaa_codes(request) -> frozenset[str]:
    codes = scope_for(request.user).municipality_codes
    if not codes:
        raise PermissionDenied(_("Brev skrivs av KAA-handläggare."))
    return codes


def own_template(request, pk: int) -> LetterTemplate:
    template = LetterTemplate.objects.filter(pk=pk, municipality_id__in=kaa_codes(request)).select_related(
        "municipality"
    )
    if not template.exists():
        raise Http404
    return template.get()


def own_batches(request):
    """The batches the user asked for: they were printed with that user's access, so only that user's.

    Another caseworker's batch answers 404, exactly as a batch that does not exist.
    """
    return LetterBatch.objects.filter(requested_by=request.user, municipality_id__in=kaa_codes(request))


def own_batch(request, pk: int) -> LetterBatch:
    batch = own_batches(request).filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


@login_required
def letters_home(request):
    codes = kaa_codes(request)
    municipalities = list(Municipality.objects.filter(code__in=codes).order_by("name"))
    templates = [services.template_for(m, kind) for m in municipalities for kind in LetterKind.values]
    batches = own_batches(request)[:20]
    return render(
        request,
        "letters/home.html",
        {"templates": templates, "batches": batches, "hours": services.BATCH_FILE_HOURS, "nav_active": "letters"},
    )


@login_required
def template_edit(request, pk: int):
    template = own_template(request, pk)
    form = TemplateForm(request.POST if request.method == "POST" else None, instance=template)
    if request.method == "POST" and form.is_valid():
        form.instance.updated_by_name = request.user.display_name()
        form.save()
        messages.success(request, _("Brevmallen är sparad."))
        return redirect("letters:home")
    return render(
        request,
        "letters/template_edit.html",
        {"form": form, "template": template, "nav_active": "letters"},
    )


@login_required
def template_example(request, pk: int):
    """The template filled in for a made-up person, to check the wording and layout."""
    template = own_template(request, pk)
    example = Person(
        first_name=_("Alex"),
        last_name=_("Exempelsson"),
        birth_date=date(timezone.localdate().year - 19, 6, 1),
        street_address=_("Exempelvägen 1"),
        postal_code="12345",
        postal_town=_("Exempelstad"),
    )
    letter = services.letter_for(template, example, request.user, timezone.localdate(), example=True)
    pdf = render_letters_pdf([letter], title=_("Exempel: %(brev)s") % {"brev": template.get_kind_display()})
    return pdf_response(pdf, f"exempel-{template.kind}.pdf", inline=True)


def pdf_response(pdf: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return response


@login_required
def person_letter(request, pk: int):
    actor = Actor.from_request(request)
    kaa_codes(request)
    person = open_person(actor, "brev", pk=pk)
    try:
        municipality = services.kaa_municipality(request.user, person)
    except services.LetterError:
        raise Http404 from None
    form = PersonLetterForm(request.POST if request.method == "POST" else None, initial={"record_contact": True})
    if request.method == "POST" and form.is_valid():
        template = services.template_for(municipality, form.cleaned_data["kind"])
        try:
            printed = services.print_letters(
                actor, template, [person], timezone.localdate(), record_contact=form.cleaned_data["record_contact"]
            )
        except services.LetterError as exc:
            form.add_error("kind", str(exc))
        else:
            return pdf_response(printed.pdf, f"brev-{template.kind}-{timezone.localdate().isoformat()}.pdf")
    return render(
        request,
        "letters/person_letter.html",
        {
            "form": form,
            "person": person,
            "municipality": municipality,
            "gaps": template_gaps([municipality]),
            "nav_active": "people",
        },
    )


def printable_error(code: str, kind: str) -> str:
    """Why the municipality's template of this kind cannot be printed now, or "" (checked before a batch
    is queued, so the user is told on the form rather than by a failed batch)."""
    try:
        services.check_printable(services.template_for(Municipality.objects.get(code=code), kind))
    except services.LetterError as exc:
        return str(exc)
    return ""


def template_gaps(municipalities) -> list:
    """The templates of these municipalities that lack contact details: warned about before printing."""
    gaps = (services.template_gap(services.template_for(m, kind)) for m in municipalities for kind in LetterKind.values)
    return [gap for gap in gaps if gap]


@login_required
def batch_new(request):
    codes = kaa_codes(request)
    municipalities = [(m.code, m.name) for m in Municipality.objects.filter(code__in=codes).order_by("name")]
    form = BatchForm(
        request.POST if request.method == "POST" else None,
        municipalities=municipalities,
        initial={"record_contact": True},
    )
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["municipality"]
        today = timezone.localdate()
        query = WorklistQuery(municipality=code, category=form.cleaned_data["selection"])
        ids = list(
            worklist_queryset(request.user, query, today, rules_for(code), currency_overrides())
            .order_by()
            .values_list("id", flat=True)[: MAX_BATCH + 1]
        )
        unprintable = printable_error(code, form.cleaned_data["kind"])
        if unprintable:
            form.add_error("kind", unprintable)
        elif not ids:
            form.add_error("selection", _("Ingen i KAA passar urvalet just nu."))
        elif len(ids) > MAX_BATCH:
            form.add_error(
                "selection", _("Urvalet är större än %(max)d personer. Välj ett mindre urval.") % {"max": MAX_BATCH}
            )
        else:
            label = dict(form.fields["selection"].choices)[form.cleaned_data["selection"]]
            return start_batch(
                request, code, form.cleaned_data["kind"], ids, str(label), form.cleaned_data["record_contact"]
            )
    gaps = template_gaps(Municipality.objects.filter(code__in=codes).order_by("name"))
    return render(request, "letters/batch_new.html", {"form": form, "gaps": gaps, "nav_active": "letters"})


@login_required
@require_POST
def batch_from_worklist(request):
    """The worklist's "Skriv ut brev till markerade": the ticked persons, the chosen letter."""
    codes = kaa_codes(request)
    ids = [int(v) for v in request.POST.getlist("person") if v.isdigit()][:MAX_BATCH]
    kind = request.POST.get("letter_kind", "")
    code = request.POST.get("municipality", "")
    if code not in codes or kind not in LetterKind.values:
        raise Http404
    if not ids:
        messages.error(request, _("Markera dem som ska få brev i listan först."))
        return redirect("outreach:worklist")
    unprintable = printable_error(code, kind)
    if unprintable:
        messages.error(request, unprintable)
        return redirect("outreach:worklist")
    return start_batch(
        request, code, kind, ids, _("Markerade i arbetslistan"), request.POST.get("record_contact") == "on"
    )


def start_batch(request, code: str, kind: str, ids: list[int], label: str, record_contact: bool):
    services.remove_old_batch_files()
    chosen = set(ids)
    # Only persons the user may see go into the batch; the rest are counted, never named.
    allowed = list(
        services.persons_for_batch(request.user, Municipality(code=code), chosen).values_list("id", flat=True)
    )
    batch = LetterBatch.objects.create(
        municipality_id=code,
        kind=kind,
        selection=label,
        person_ids=allowed,
        left_out=len(chosen) - len(allowed),
        record_contacts=record_contact,
        requested_by=request.user,
        requested_by_name=request.user.display_name(),
    )
    job_queue.enqueue(letter_jobs.BATCH, batch_id=batch.pk)
    return redirect("letters:batch", pk=batch.pk)


@login_required
def batch_detail(request, pk: int):
    batch = own_batch(request, pk)
    protected = []
    if batch.protected_ids:
        protected = list(services.persons_for_batch(request.user, None, batch.protected_ids))
        log_reads(Actor.from_request(request), protected, _("brevutskrift: skyddade för manuell hantering"))
    return render(
        request,
        "letters/batch_detail.html",
        {
            "batch": batch,
            "protected": protected,
            # Protected persons printed whom the user can no longer see: a count, not who.
            "protected_hidden": len(batch.protected_ids) - len(protected),
            "running": batch.status in (BatchStatus.QUEUED, BatchStatus.RUNNING),
            "file_available": bool(batch.file) and Path(batch.file).is_file(),
            "hours": services.BATCH_FILE_HOURS,
            "nav_active": "letters",
        },
    )


@login_required
def batch_status(request, pk: int):
    """For the progress panel, like an import's."""
    batch = own_batch(request, pk)
    running = batch.status in (BatchStatus.QUEUED, BatchStatus.RUNNING)
    return JsonResponse(
        {
            "status": batch.status,
            "status_label": batch.get_status_display(),
            "phase": "",
            "done": batch.letters,
            "total": len(batch.person_ids),
            "percent": 0 if running else 100,
            "running": running,
        }
    )


@login_required
def batch_download(request, pk: int):
    batch = own_batch(request, pk)
    if batch.status != BatchStatus.DONE or not batch.file or not Path(batch.file).is_file():
        raise Http404
    # Every download is an export of every person in it, so the user must still see every one.
    persons = list(services.persons_for_batch(request.user, None, batch.person_ids))
    if len(persons) != len(set(batch.person_ids)):
        Path(batch.file).unlink(missing_ok=True)
        LetterBatch.objects.filter(pk=batch.pk).update(file="")
        messages.error(
            request,
            _(
                "Filen har raderats: den innehöll brev till personer som du inte längre har tillgång till. "
                "Gör en ny utskrift om du behöver breven."
            ),
        )
        return redirect("letters:batch", pk=batch.pk)
    log_reads(Actor.from_request(request), persons, _("brevutskrift #%(nr)d (export)") % {"nr": batch.pk})
    return FileResponse(open(batch.file, "rb"), as_attachment=True, filename=f"brev-{batch.pk}.pdf")
