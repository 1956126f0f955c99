from django.db import models
from django.utils.translation import gettext_lazy as _


class County(models.Model):
    code = models.CharField(_("länskod"), max_length=2, primary_key=True)
    name = models.CharField(_("län"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("län")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """One of Sweden's 290 municipalities, keyed by SCB's four-digit code."""

    code = models.CharField(_("kommunkod"), max_length=4, primary_key=True)
    name = models.CharField(_("kommun"), max_length=100)
    county = models.ForeignKey(County, on_delete=models.PROTECT, verbose_name=_("län"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
