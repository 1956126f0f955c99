"""Letter templates per municipality, and batches of printed letters."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fotfaste.reference.models import Municipality


class LetterKind(models.TextChoices):
    INVITATION = "inbjudan", _("Inbjudan till samtal")
    BEFORE_20 = "fore_20", _("Brev inför 20-årsdagen")


class LetterTemplate(models.Model):
    """The text of one kind of letter for one municipality, edited by its KAA caseworkers."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("brev"), max_length=20, choices=LetterKind.choices)
    heading = models.CharField(_("rubrik"), max_length=200)
    body = models.TextField(_("brevtext"))
    sender_unit = models.CharField(_("avsändare (enhet)"), max_length=200, blank=True)
    contact_phone = models.CharField(_("telefon i brevet"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-post i brevet"), blank=True)
    updated_by_name = models.CharField(max_length=150, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality", "kind"]
        verbose_name = _("brevmall")
        verbose_name_plural = _("brevmallar")
        constraints = [models.UniqueConstraint(fields=["municipality", "kind"], name="one_template_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.municipality_id})"


class BatchStatus(models.TextChoices):
    QUEUED = "vantar", _("Väntar")
    RUNNING = "skrivs", _("Skrivs ut")
    DONE = "klar", _("Klar")
    FAILED = "misslyckades", _("Misslyckades")


class LetterBatch(models.Model):
    """Letters to many at once, made in the background; the PDF is kept for a day.

    A batch, its PDF and its list of protected persons belong to the user who requested it: the
    letters were printed with that user's access, and nobody else's access may reach them.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("brev"), max_length=20, choices=LetterKind.choices)
    selection = models.CharField(_("urval"), max_length=200)
    person_ids = models.JSONField(default=list)  # requested; once printed, those printed
    protected_ids = models.JSONField(default=list)  # printed without address: to be handled by hand
    record_contacts = models.BooleanField(default=True)
    status = models.CharField(max_length=15, choices=BatchStatus.choices, default=BatchStatus.QUEUED)
    letters = models.IntegerField(default=0)
    # Chosen but not printed, because the user could not (or no longer) see them: a count, never who.
    left_out = models.PositiveIntegerField(_("kunde inte skrivas ut"), default=0)
    file = models.CharField(max_length=500, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    requested_by_name = models.CharField(max_length=150)
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    failure = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("brevutskrift")
