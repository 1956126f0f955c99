"""What each party knows and brings to the joint work, by kind of information.

An AF office records that the young person is registered there or in a programme; social
services that income support is granted; a unit that health or a disability affects the plan.
Each record belongs to the unit that wrote it and reaches other units only by consent
(fotfaste.access.sharing). KAA never records sensitive kinds (Skolverket: KAA documentation
holds no sensitive personal data).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fotfaste.consent.models import InformationKind
from fotfaste.orgs.models import Unit
from fotfaste.people.models import Person

RECORD_KINDS = [
    (InformationKind.OCCUPATION_PLAN.value, InformationKind.OCCUPATION_PLAN.label),
    (InformationKind.EMPLOYMENT_SERVICE.value, InformationKind.EMPLOYMENT_SERVICE.label),
    (InformationKind.INCOME_SUPPORT.value, InformationKind.INCOME_SUPPORT.label),
    (InformationKind.HEALTH.value, InformationKind.HEALTH.label),
]


class PartyRecord(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="party_records")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet"))
    kind = models.CharField(_("typ av uppgift"), max_length=30, choices=RECORD_KINDS)
    title = models.CharField(_("uppgift"), max_length=200)
    start_date = models.DateField(_("från"))
    end_date = models.DateField(_("till och med"), null=True, blank=True)
    note = models.TextField(_("anteckning"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("uppgift från part")
        verbose_name_plural = _("uppgifter från parter")
        indexes = [models.Index(fields=["person", "kind"], name="partyrecord_person_kind")]

    def __str__(self) -> str:
        return self.title
