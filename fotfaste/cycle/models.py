"""The annual cycle (årshjul): an agreement's recurring work as data, and each year's occurrences of it.

No person is involved: an activity says what the collaboration does when, and an occurrence who is
responsible for doing it by a date and whether it is done.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fotfaste.orgs.models import Agreement, Party
from fotfaste.orgs.roles import Role


class ActivityKind(models.TextChoices):
    TARGET_GROUP = "malgrupp", _("Genomgång av målgruppen")
    INFORMATION = "informationsmote", _("Informationsmöte")
    MAPPING = "kartlaggning", _("Kartläggningssamtal")
    CASE_REVIEW = "arendedragning", _("Ärendedragning")
    FOLLOW_UP = "uppfoljning", _("Uppföljningssamtal")
    EVALUATION = "utvardering", _("Utvärdering")
    REVISION = "revidering", _("Revidering av överenskommelsen")
    STEERING = "styrgrupp", _("Styrgruppsmöte")
    RECONCILIATION = "avstamning", _("Avstämning mot register")
    SCB_REPORT = "scb", _("Rapport till SCB")
    OTHER = "annat", _("Annat")


class Rotation(models.TextChoices):
    NONE = "", _("Ingen")
    PARTIES = "parter", _("Parterna turas om")
    USERS = "personer", _("Utvalda användare turas om")


class CycleActivity(models.Model):
    """Something the collaboration does every year in some months, by a day of the month."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="cycle_activities", verbose_name=_("överenskommelse")
    )
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), max_length=2000, blank=True)
    kind = models.CharField(_("typ"), max_length=20, choices=ActivityKind.choices, default=ActivityKind.OTHER)
    months = models.JSONField(_("månader"), default=list)  # sorted distinct 1–12 (rules.clean_months)
    day = models.PositiveSmallIntegerField(
        _("dag i månaden"), validators=[MinValueValidator(1), MaxValueValidator(31)], default=15
    )
    date_note = models.CharField(_("om datumet"), max_length=200, blank=True)  # e.g. "Kontrollera SCB:s datum"
    # Who is responsible for each occurrence: a named user, else whose turn it is, else the first active
    # member of the agreement with the role.
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarig användare"),
    )
    responsible_role = models.CharField(_("ansvarig roll"), max_length=30, choices=Role.choices, blank=True)
    rotation = models.CharField(_("turordning"), max_length=10, choices=Rotation.choices, blank=True)
    rotation_parties = models.ManyToManyField(Party, blank=True, related_name="+", verbose_name=_("parter i tur"))
    rotation_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("användare i tur")
    )
    # Mapping talks: how many a unit holds a day (seed 001: four a day, eighty a month).
    capacity_per_day = models.PositiveSmallIntegerField(_("samtal per dag"), null=True, blank=True)
    source = models.CharField(_("källa"), max_length=300, blank=True)
    active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement", "name", "id"]
        verbose_name = _("aktivitet i årshjulet")
        verbose_name_plural = _("aktiviteter i årshjulet")

    def __str__(self) -> str:
        return self.name


class CycleOccurrence(models.Model):
    """One year's turn of an activity: due on a day, someone responsible, done or not."""

    activity = models.ForeignKey(CycleActivity, on_delete=models.CASCADE, related_name="occurrences")
    due_on = models.DateField(_("senast"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cycle_occurrences",
        verbose_name=_("ansvarig"),
    )
    chair_party = models.ForeignKey(
        Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("ordförande part")
    )
    done_on = models.DateField(_("gjord"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    done_by_name = models.CharField(max_length=300, blank=True)  # kept as it was, like Membership.granted_by_name
    note = models.TextField(_("anteckning"), max_length=2000, blank=True)

    class Meta:
        ordering = ["due_on", "activity__name", "id"]
        constraints = [models.UniqueConstraint(fields=["activity", "due_on"], name="cycle_occurrence_once")]
        indexes = [models.Index(fields=["responsible", "done_on", "due_on"], name="cycle_mine")]

    def __str__(self) -> str:
        return f"{self.activity.name} {self.due_on:%Y-%m-%d}"
