"""Goals of an agreement, their indicators with baseline and target path, and results entered by hand.

Computed indicators' results are not stored: they are counted from Fotfäste's own data whenever they
are shown (fotfaste.followup.indicators), so they always agree with the registers and the work.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fotfaste.orgs.models import Agreement

from . import targets


class Goal(models.Model):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="followup_goals", verbose_name=_("överenskommelse")
    )
    title = models.CharField(_("mål"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["agreement_id", "order", "id"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self) -> str:
        return self.title


class Unit(models.TextChoices):
    COUNT = "antal", _("Antal")
    PERCENT = "procent", _("Procent")


class Direction(models.TextChoices):
    LOWER = targets.LOWER_IS_BETTER, _("Lägre är bättre")
    HIGHER = targets.HIGHER_IS_BETTER, _("Högre är bättre")


class TargetKind(models.TextChoices):
    NONE = targets.NONE, _("Inget målvärde")
    PERCENT_PER_YEAR = targets.PERCENT_PER_YEAR, _("Procentuell förändring per år från utgångsvärdet")
    LINEAR = targets.LINEAR, _("Rak linje från utgångsvärdet till ett målvärde ett visst datum")
    VALUES = targets.VALUES, _("Målvärden per period")
    PERCENT_OF_BASELINE = targets.PERCENT_OF_BASELINE, _("Förändring i procent av utgångsvärdet per period")
    REFERENCE = targets.REFERENCE, _("I nivå med en annan indikator (t.ex. riket)")


MANUAL = "manuell"


class Indicator(models.Model):
    """One indicator of a goal: what is counted (a computation of the registry, or entered by hand),
    its baseline and its target path."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("mål"))
    name = models.CharField(_("indikator"), max_length=300)
    # A key of fotfaste.followup.indicators.DEFINITIONS, or MANUAL.
    kind = models.CharField(_("vad som räknas"), max_length=40)
    unit = models.CharField(_("enhet"), max_length=10, choices=Unit.choices, default=Unit.PERCENT)
    direction = models.CharField(_("riktning"), max_length=10, choices=Direction.choices, default=Direction.LOWER)
    baseline = models.DecimalField(_("utgångsvärde"), max_digits=12, decimal_places=2, null=True, blank=True)
    baseline_date = models.DateField(_("utgångsvärdets datum"), null=True, blank=True)
    target_kind = models.CharField(_("målbana"), max_length=20, choices=TargetKind.choices, default=TargetKind.NONE)
    rate = models.DecimalField(
        _("förändring per år (procent)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(-100), MaxValueValidator(1000)],
    )
    target_value = models.DecimalField(_("målvärde"), max_digits=12, decimal_places=2, null=True, blank=True)
    target_date = models.DateField(_("målvärdet ska nås"), null=True, blank=True)
    # {"2024": "-10", "2026H1": "0"}: values (VALUES) or per-cent changes of the baseline (PERCENT_OF_BASELINE).
    target_values = models.JSONField(_("målvärden per period"), default=dict, blank=True)
    reference = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("jämförs med indikatorn"),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["goal_id", "order", "id"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")

    def __str__(self) -> str:
        return self.name

    @property
    def is_manual(self) -> bool:
        return self.kind == MANUAL

    def target_path(self) -> targets.TargetPath:
        return targets.TargetPath(
            kind=self.target_kind,
            baseline=self.baseline,
            baseline_date=self.baseline_date,
            rate=self.rate,
            target_value=self.target_value,
            target_date=self.target_date,
            values=dict(self.target_values or {}),
        )


class ManualResult(models.Model):
    """A result entered by hand for a period, with where it comes from (AF, SCB, Siris, the municipality)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="manual_results")
    period = models.CharField(_("period"), max_length=6)
    value = models.DecimalField(_("värde"), max_digits=12, decimal_places=2)
    source = models.CharField(_("källa"), max_length=300)
    source_date = models.DateField(_("källans datum"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    entered_by_name = models.CharField(_("inlagt av"), max_length=150, blank=True)
    entered_at = models.DateTimeField(_("inlagt"), default=timezone.now)

    class Meta:
        ordering = ["indicator_id", "period"]
        verbose_name = _("resultat inlagt för hand")
        verbose_name_plural = _("resultat inlagda för hand")
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="one_manual_result_per_period")]


class AnnualReview(models.Model):
    """The annual follow-up of the agreement: the coordinator's words beside the goals' figures
    (deviations, main progress, analysis, proposed actions; Stockholm's agreement §9)."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="+", verbose_name=_("överenskommelse")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    deviations = models.TextField(_("Avvikelser"), blank=True, max_length=8000)
    progress = models.TextField(_("Viktigaste framstegen"), blank=True, max_length=8000)
    analysis = models.TextField(_("Analys"), blank=True, max_length=8000)
    proposals = models.TextField(_("Förslag till åtgärder"), blank=True, max_length=8000)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(_("sparad"), auto_now=True)
    updated_by_name = models.CharField(_("sparad av"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("årlig uppföljning av överenskommelsen")
        constraints = [models.UniqueConstraint(fields=["agreement", "year"], name="one_review_per_agreement_year")]
