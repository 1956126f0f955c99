"""List matching: which of a municipality's not-yet-reached KAA youths appear in another party's list.

Only the run (who, when, on what legal basis, counts) and the matched persons are kept.
The other party's list itself is read once, in the request, and never stored: not the file,
not its rows, not the numbers that did not match (docs/listmatch.md).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fotfaste.orgs.models import Party
from fotfaste.people.models import Person
from fotfaste.reference.models import Municipality


class LegalBasis(models.TextChoices):
    # AF's records are secret (OSL 28:11): even a match is a disclosure, so it needs one of these.
    CONSENT = "samtycke", _("Varje ung persons samtycke finns")
    SECRECY_BREAKING = "sekretessbrytande", _("Sekretessbrytande bestämmelse")


class MatchRun(models.Model):
    """One matching of another party's list against the municipality's not-yet-reached KAA youths."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("kommun"), db_index=False
    )
    party = models.ForeignKey(
        Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("part")
    )
    # Kept as text so the run still says whose list it was after the party is removed.
    party_name = models.CharField(_("part"), max_length=200)
    legal_basis = models.CharField(_("rättslig grund"), max_length=30, choices=LegalBasis.choices)
    legal_reference = models.CharField(_("hänvisning"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by_name = models.CharField(_("utförd av"), max_length=150)
    created_at = models.DateTimeField(_("utförd"), default=timezone.now)
    # The day whose KAA register and outreach state the list was matched against.
    matched_on = models.DateField(_("matchad mot registret den"))
    rows_read = models.PositiveIntegerField(_("rader i listan"))
    numbers_read = models.PositiveIntegerField(_("olika personnummer i listan"))
    unreadable_rows = models.PositiveIntegerField(_("rader utan läsbart personnummer"))
    # Row numbers only (never values), and only the first ones: enough to find them in the file.
    unreadable_row_numbers = models.JSONField(default=list)
    # The matches shown to the user who ran it: only persons that user may see can match at all.
    matched = models.PositiveIntegerField(_("träffar"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("listmatchning")
        verbose_name_plural = _("listmatchningar")
        indexes = [models.Index(fields=["municipality", "created_at", "id"], name="matchrun_muni_created")]

    def __str__(self) -> str:
        return f"{self.party_name} {self.created_at:%Y-%m-%d} ({self.municipality_id})"


class MatchRunPerson(models.Model):
    """A not-yet-reached KAA youth found in the run's list: the only personal data a run keeps."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="hits", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="listmatch_hits")

    class Meta:
        verbose_name = _("träff i listmatchning")
        verbose_name_plural = _("träffar i listmatchning")
        constraints = [models.UniqueConstraint(fields=["run", "person"], name="matchrunperson_run_person")]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.person_id}"
