from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WEB = "webb", _("Webb")
    API = "api", _("API")
    COMMAND = "kommando", _("Kommando")


class ReadLogEntry(models.Model):
    """One read of one person's data: who, when, whom, what, from where (loggning).

    The personnummer and username are copied so the log stays readable after
    the person or user is removed; the log has its own retention.
    """

    at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    username = models.CharField(_("användare"), max_length=150)
    person_id_ref = models.BigIntegerField(null=True)
    personnummer = models.CharField(_("personnummer"), max_length=12)
    what = models.CharField(_("vad"), max_length=200)
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    ip = models.GenericIPAddressField(_("ip-adress"), null=True)
    # Protected identities are always flagged, so log reviews can look at them first.
    protected = models.BooleanField(default=False)
    # The consent the read rested on, when the user saw another unit's information by consent.
    consent_id_ref = models.BigIntegerField(_("samtycke"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("läslogg")
        indexes = [
            models.Index(fields=["personnummer", "at"], name="readlog_person_at"),
            models.Index(fields=["username", "at"], name="readlog_user_at"),
        ]


class ChangeLogEntry(models.Model):
    """A change to personal data with the values before and after."""

    at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    username = models.CharField(_("användare"), max_length=150)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="changes", null=True)
    personnummer = models.CharField(_("personnummer"), max_length=12)
    action = models.CharField(_("händelse"), max_length=20)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("ändringslogg")
        indexes = [models.Index(fields=["personnummer", "at"], name="changelog_person_at")]
