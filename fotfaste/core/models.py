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
