"""Versions of what SCB asks for, and the history of a municipality's half-year files."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fotfaste.reference.models import Municipality


class ScbVersion(models.Model):
    """What SCB asks for from a half-year on (spec.py): edited or imported by an administrator."""

    code = models.CharField(_("version"), max_length=60, unique=True)
    applies_from = models.CharField(_("gäller från halvår"), max_length=6)  # "2026H1"; compares as text
    spec = models.JSONField(_("beskrivning"))
    checked = models.BooleanField(_("kontrollerad mot SCB:s dokument"), default=False)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    updated_by_name = models.CharField(_("ändrad av"), max_length=150, blank=True)

    class Meta:
        ordering = ["-applies_from", "-id"]
        verbose_name = _("version av SCB:s insamling")

    def __str__(self) -> str:
        return self.code


class ScbExport(models.Model):
    """A file made for upload to SCB. A later one for the same municipality and half-year replaces it for
    SCB; both stay here."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    half = models.CharField(_("halvår"), max_length=6)
    version = models.ForeignKey(ScbVersion, on_delete=models.PROTECT, related_name="exports")
    version_code = models.CharField(_("version"), max_length=60)
    spec = models.JSONField()  # the version as it was used, whatever is edited later
    filename = models.CharField(_("filnamn"), max_length=200)
    content = models.BinaryField()
    person_ids = models.JSONField(default=list)  # who is in it: the read log of each download names them
    registrations = models.IntegerField(_("registreringar"), default=0)
    contacts = models.IntegerField(_("kontakter"), default=0)
    measures = models.IntegerField(_("insatser"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_by_name = models.CharField(_("skapad av"), max_length=150)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("fil till SCB")
        indexes = [models.Index(fields=["municipality", "half", "id"], name="scbexport_muni_half")]
