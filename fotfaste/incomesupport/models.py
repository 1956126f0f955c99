"""Social services' monthly income-support lists, kept only as counts' raw material.

A month row says that a young person (by personnummer only) had income support in a month from a
social-services unit. It is not a Person, gives nobody a ground of access and is never shown one by
one: the indicator `forsorjningsstod_antal` counts the rows, and the upload page shows counts.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fotfaste.orgs.models import Unit
from fotfaste.reference.models import Municipality


class IncomeSupportList(models.Model):
    """One monthly list read in by a social-services unit: what it held, in counts."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("enhet"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("kommun"), db_index=False
    )
    file_name = models.CharField(_("filnamn"), max_length=255)
    sha256 = models.CharField(max_length=64)
    first_month = models.DateField(_("första månad"))
    last_month = models.DateField(_("sista månad"))
    # {"2026-03": persons, …}: the list's own count per month, for the history (counts only).
    month_counts = models.JSONField(default=dict)
    rows = models.PositiveIntegerField(_("rader"))
    persons = models.PositiveIntegerField(_("personer"))
    # Person-months this list added (the rest were already there from an earlier list).
    added = models.PositiveIntegerField(_("nya personmånader"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by_name = models.CharField(_("inläst av"), max_length=150)
    created_at = models.DateTimeField(_("inläst"), default=timezone.now)
    # A list read in by mistake is taken back (services.remove_latest): its person-months go, the row stays as
    # the record of what was read in and taken back, by whom.
    removed_at = models.DateTimeField(_("borttagen"), null=True, blank=True)
    removed_by_name = models.CharField(_("borttagen av"), max_length=150, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("månadslista för försörjningsstöd")
        verbose_name_plural = _("månadslistor för försörjningsstöd")
        indexes = [models.Index(fields=["unit", "sha256"], name="incomelist_unit_sha")]

    def __str__(self) -> str:
        return f"{self.file_name} {self.created_at:%Y-%m-%d} ({self.unit_id})"


class IncomeSupportMonth(models.Model):
    """A young person with income support from `unit` in `month`; sex and age kept so counting needs no parsing."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+", db_index=False)
    personnummer = models.CharField(max_length=12)
    month = models.DateField()  # the first of the month
    sex = models.CharField(max_length=6)  # kvinna or man, from the number
    age = models.PositiveSmallIntegerField()  # on the month's first day, from the number
    list = models.ForeignKey(IncomeSupportList, on_delete=models.CASCADE, related_name="months")

    class Meta:
        verbose_name = _("månad med försörjningsstöd")
        verbose_name_plural = _("månader med försörjningsstöd")
        constraints = [
            models.UniqueConstraint(fields=["unit", "personnummer", "month"], name="incomemonth_unit_pnr_month")
        ]
        # The indicator's query: the agreement's municipalities, the latest month in a period.
        indexes = [models.Index(fields=["municipality", "month"], name="incomemonth_muni_month")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m}"
