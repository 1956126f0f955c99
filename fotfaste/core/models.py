from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessibilityReport(models.Model):
    """A reported accessibility problem (DOS-lagen requires a way to report them)."""

    created_at = models.DateTimeField(auto_now_add=True)
    page = models.CharField(_("sida"), max_length=500, blank=True)
    description = models.TextField(_("beskrivning"))
    contact = models.CharField(_("kontaktuppgift"), max_length=200, blank=True)
    handled = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rapport om tillgänglighetsbrist")


class JobStatus(models.TextChoices):
    QUEUED = "vantar", _("Väntar")
    RUNNING = "pagar", _("Pågår")
    DONE = "klar", _("Klar")
    FAILED = "misslyckades", _("Misslyckades")


class Job(models.Model):
    """Work that takes too long for a web request (a million-row import), done by `manage.py worker`."""

    kind = models.CharField(max_length=50)
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=15, choices=JobStatus.choices, default=JobStatus.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    # Which worker process runs the job ("host:pid:start"), and when it last said it was alive.
    worker = models.CharField(max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("bakgrundsjobb")
        indexes = [models.Index(fields=["status", "id"], name="job_status")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"
