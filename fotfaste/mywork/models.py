from django.conf import settings
from django.db import models


class ReminderSent(models.Model):
    """One reminder e-mail per user and day, whatever how often the command runs."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    counts = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "sent_on"], name="reminder_once_a_day")]
