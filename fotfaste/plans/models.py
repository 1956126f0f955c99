"""The joint individual plan (individuell plan, handlingsplan) and its measures.

One plan per young person at a time among the units that share it: it holds the goal, the young
person's own words and the measures, each documented with the seven items förordning (2006:39)
asks of KAA documentation (goal; measures the young person, the municipality and another actor
is responsible for; start and end dates; reason ended; follow-up and evaluation dates). Every
change is kept as a revision; `version` guards against two people overwriting each other.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fotfaste.orgs.models import Unit
from fotfaste.people.models import Person


class GoalKind(models.TextChoices):
    STUDIES = "studier", _("Studier")
    WORK = "arbete", _("Arbete")
    OTHER = "annat", _("Annat")


class ScbCategory(models.TextChoices):
    """The type of measure in the KAA reporting to SCB (versioned code lists map onto these)."""

    GUIDANCE = "vagledning", _("Vägledning")
    STUDIES = "studier", _("Studier")
    OTHER = "annan", _("Annan insats")


class MeasureType(models.Model):
    """The catalogue of measures and programmes; administrators keep it (programmes change with politics)."""

    name = models.CharField(_("namn"), max_length=120, unique=True)
    description = models.CharField(_("beskrivning"), max_length=500, blank=True)
    scb_category = models.CharField(_("typ i KAA-rapporteringen"), max_length=12, choices=ScbCategory.choices)
    active = models.BooleanField(_("aktiv"), default=True)
    order = models.PositiveIntegerField(_("ordning"), default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("insatstyp")
        verbose_name_plural = _("insatstyper")

    def __str__(self) -> str:
        return self.name


class Plan(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="plans")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("ansvarig enhet"))
    goal_kind = models.CharField(_("mål"), max_length=10, choices=GoalKind.choices)
    goal = models.TextField(_("målet med insatserna"), max_length=2000)
    own_words = models.TextField(_("den ungas egna ord"), max_length=2000, blank=True)
    revise_by = models.DateField(_("planen ska ses över senast"), null=True, blank=True)
    closed_on = models.DateField(_("avslutad"), null=True, blank=True)
    close_reason = models.CharField(_("varför planen avslutades"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("individuell plan")
        verbose_name_plural = _("individuella planer")
        constraints = [
            # One open plan per unit and person; the service keeps it to one among units that share.
            models.UniqueConstraint(
                fields=["person", "unit"], condition=Q(closed_on__isnull=True), name="plan_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"Plan #{self.pk}"


class Responsible(models.TextChoices):
    PERSON = "personen", _("Den unga själv")
    MUNICIPALITY = "kommunen", _("Kommunen")
    OTHER = "annan", _("Annan aktör")


class MeasureStatus(models.TextChoices):
    PLANNED = "planerad", _("Planerad")
    ONGOING = "pagaende", _("Pågår")
    ENDED = "avslutad", _("Avslutad")
    DECLINED = "avbojd", _("Tackade nej")


class EndReason(models.TextChoices):
    COMPLETED = "genomford", _("Genomförd")
    STUDIES = "borjat_studera", _("Har börjat studera")
    WORK = "borjat_arbeta", _("Har börjat arbeta")
    INTERRUPTED = "avbruten", _("Avbruten av den unga")
    MOVED = "flyttat", _("Har flyttat")
    NOT_SUITABLE = "passade_inte", _("Passade inte, annan insats behövs")
    OTHER = "annat", _("Annat")


class Measure(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    measure_type = models.ForeignKey(MeasureType, on_delete=models.PROTECT, verbose_name=_("insats"))
    description = models.CharField(_("vad insatsen innebär"), max_length=500, blank=True)
    responsible = models.CharField(_("vem ansvarar"), max_length=10, choices=Responsible.choices)
    responsible_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("ansvarig enhet")
    )
    responsible_actor = models.CharField(_("ansvarig aktör"), max_length=200, blank=True)
    planned_start = models.DateField(_("planerad start"))
    planned_end = models.DateField(_("planerat slut"), null=True, blank=True)
    actual_start = models.DateField(_("faktisk start"), null=True, blank=True)
    actual_end = models.DateField(_("faktiskt slut"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED)
    end_reason = models.CharField(_("varför insatsen slutade"), max_length=20, choices=EndReason.choices, blank=True)
    follow_up_on = models.DateField(_("uppföljning"), null=True, blank=True)
    follow_up_note = models.TextField(_("uppföljning, anteckning"), max_length=2000, blank=True)
    evaluation_on = models.DateField(_("utvärdering"), null=True, blank=True)
    evaluation_note = models.TextField(_("utvärdering, anteckning"), max_length=2000, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["planned_start", "id"]
        verbose_name = _("insats")
        verbose_name_plural = _("insatser")
        indexes = [models.Index(fields=["follow_up_on"], name="measure_follow_up")]

    def __str__(self) -> str:
        return str(self.measure_type)

    @property
    def declined(self) -> bool:
        return self.status == MeasureStatus.DECLINED


class PlanRevision(models.Model):
    """The whole plan as it was after each change: the plan is revised, never silently rewritten."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    saved_by_name = models.CharField(max_length=150)
    saved_at = models.DateTimeField(auto_now_add=True)
    what = models.CharField(max_length=200)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_revision_unique")]
