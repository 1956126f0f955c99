"""Retention rules decided by the organisation, and a record of every disposal run and report.

A run's record holds counts and the rules it used, never anything about the persons
whose data it removed: the record outlives the data on purpose.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fotfaste.reference.models import Municipality

from . import categories

MAX_YEARS = 100
DUPLICATE_RULE = _(
    "Det finns redan en aktiv regel för samma uppgifter och kommun. Ändra den i stället, eller gör den inaktiv först."
)


class RetentionRule(models.Model):
    """How long one category of data is kept after KAA ended, by a documented decision (gallringsbeslut)."""

    # Not choices: other apps register their own categories (see categories.register) without a migration.
    category = models.CharField(_("vad som gallras"), max_length=40)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommun"),
        help_text=_("Tom: gäller alla kommuner som inte har en egen regel för samma uppgifter."),
    )
    years_after_kaa_end = models.PositiveSmallIntegerField(
        _("antal år"), validators=[MinValueValidator(1), MaxValueValidator(MAX_YEARS)]
    )
    decision_reference = models.CharField(_("beslutets diarienummer"), max_length=100)
    decided_on = models.DateField(_("beslutsdatum"))
    description = models.TextField(_("beskrivning"), blank=True)
    active = models.BooleanField(_("aktiv"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        ordering = ["category", "municipality__name", "id"]
        verbose_name = _("gallringsregel")
        verbose_name_plural = _("gallringsregler")
        constraints = [
            models.CheckConstraint(
                condition=Q(years_after_kaa_end__gte=1) & Q(years_after_kaa_end__lte=MAX_YEARS),
                name="retention_years_range",
                violation_error_message=_("Antalet år måste vara mellan 1 och 100."),
            ),
            # One active rule per category and municipality, and one for "every municipality",
            # so a run never has to choose between two decisions.
            models.UniqueConstraint(
                fields=["category", "municipality"],
                condition=Q(active=True, municipality__isnull=False),
                name="one_active_rule_per_municipality",
                violation_error_message=DUPLICATE_RULE,
            ),
            models.UniqueConstraint(
                fields=["category"],
                condition=Q(active=True, municipality__isnull=True),
                name="one_active_rule_for_all",
                violation_error_message=DUPLICATE_RULE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category_label} – {self.municipality or _('alla kommuner')} ({self.decision_reference})"

    @property
    def category_label(self) -> str:
        category = categories.find(self.category)
        return str(category.label) if category else self.category


class DisposalRun(models.Model):
    """One disposal, or one report of what a disposal would remove (dry_run).

    counts: {category: {what: number}} over all rules; rules: for each rule used,
    its id, category, municipality, years, decision, cutoff and its own counts.
    Never identity numbers, names or anything else about the persons.
    """

    started_at = models.DateTimeField(_("startad"))
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    run_by_name = models.CharField(_("körd av"), max_length=150)
    dry_run = models.BooleanField(_("provkörning"), default=False)
    run_on = models.DateField(_("referensdatum"))
    # A report may be limited to one municipality; a disposal always covers every rule.
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("kommun")
    )
    counts = models.JSONField(_("antal"), default=dict)
    rules = models.JSONField(_("regler"), default=list)
    # A fixed Swedish sentence when the run stopped; the details go to the server log only.
    failure = models.TextField(_("fel"), blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("gallringskörning")
        verbose_name_plural = _("gallringskörningar")

    def __str__(self) -> str:
        return f"{'Provkörning' if self.dry_run else 'Gallring'} {self.run_on} (#{self.pk})"

    @property
    def total(self) -> int:
        return sum(n for per_category in self.counts.values() for n in per_category.values())
