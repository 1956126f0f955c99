"""The structured mapping (kartläggning) of a young person, and the need levels it assesses.

A mapping belongs to the unit that made it. A unit's new mapping of a person supersedes its
previous one, which is kept as history. The mapping itself is information of the kind
"sysselsättning och planering"; the sensitive barriers (health, disability, substance use) are
kept apart in `SensitiveBarrier`, of the kind "hälsa", so that they are shared only by a consent
that covers health, and never written by KAA (Skolverket: KAA documentation holds no sensitive data).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fotfaste.consent.models import InformationKind
from fotfaste.orgs.models import Agreement, Unit
from fotfaste.people.models import Person


class NeedLevel(models.Model):
    """One need level of an agreement; an agreement without any uses the defaults in `rules`."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="need_levels", verbose_name=_("överenskommelse")
    )
    # Stable while the name changes, so that statistics over time stay comparable.
    code = models.SlugField(_("kod"), max_length=40)
    name = models.CharField(_("namn"), max_length=100)
    description = models.CharField(_("beskrivning"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=1)
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["agreement", "order", "pk"]
        verbose_name = _("behovsnivå")
        verbose_name_plural = _("behovsnivåer")
        constraints = [models.UniqueConstraint(fields=["agreement", "code"], name="needlevel_unique_code")]

    def __str__(self) -> str:
        return self.name


class EducationLevel(models.TextChoices):
    COMPULSORY_NOT_COMPLETED = "grundskola_ej_klar", _("Grundskolan inte avslutad")
    COMPULSORY = "grundskola", _("Grundskolan avslutad")
    UPPER_SECONDARY_STARTED = "gymnasium_ej_klar", _("Gymnasiet påbörjat men inte avslutat")
    UPPER_SECONDARY = "gymnasium", _("Gymnasiet avslutat (studiebevis eller examen)")
    POST_SECONDARY = "eftergymnasial", _("Eftergymnasial utbildning")


class DrivingLicence(models.TextChoices):
    NONE = "inget", _("Inget körkort")
    LEARNER = "ovningskorning", _("Övningskörningstillstånd")
    B = "b", _("B-körkort")
    OTHER = "annat", _("Annat körkort")


class CvStatus(models.TextChoices):
    YES = "ja", _("Ja")
    NO = "nej", _("Nej")
    BEING_WRITTEN = "skrivs", _("Håller på att skrivas")


# The barriers that are not sensitive personal data: (field prefix, label). Each is a yes/no and a note.
BARRIERS = (
    ("economy", _("Ekonomi")),
    ("housing", _("Boende")),
    ("language", _("Språk")),
    ("other", _("Annat")),
)


class Mapping(models.Model):
    """One mapping of a person by a unit; the unit's latest has no `superseded_at`."""

    KIND = InformationKind.OCCUPATION_PLAN

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mappings")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet"))
    talk_date = models.DateField(_("datum för kartläggningssamtalet"))
    education_level = models.CharField(_("utbildningsnivå"), max_length=20, choices=EducationLevel.choices)
    grades_note = models.CharField(_("betyg"), max_length=300, blank=True)
    work_experience = models.TextField(_("arbetslivserfarenhet"), blank=True, max_length=2000)
    interests = models.TextField(_("intressen"), blank=True, max_length=2000)
    goals = models.TextField(_("mål"), blank=True, max_length=2000)
    strengths = models.TextField(_("styrkor"), blank=True, max_length=2000)
    driving_licence = models.CharField(_("körkort"), max_length=20, choices=DrivingLicence.choices)
    cv = models.CharField(_("cv"), max_length=10, choices=CvStatus.choices)
    barrier_economy = models.BooleanField(_("hinder: ekonomi"), default=False)
    barrier_economy_note = models.CharField(_("om ekonomin"), max_length=200, blank=True)
    barrier_housing = models.BooleanField(_("hinder: boende"), default=False)
    barrier_housing_note = models.CharField(_("om boendet"), max_length=200, blank=True)
    barrier_language = models.BooleanField(_("hinder: språk"), default=False)
    barrier_language_note = models.CharField(_("om språket"), max_length=200, blank=True)
    barrier_other = models.BooleanField(_("hinder: annat"), default=False)
    barrier_other_note = models.CharField(_("om annat hinder"), max_length=200, blank=True)
    need_level = models.ForeignKey(
        NeedLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("behovsnivå")
    )
    own_words = models.TextField(_("den ungas egna ord"), blank=True, max_length=4000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    superseded_at = models.DateTimeField(_("ersatt"), null=True, blank=True)

    class Meta:
        ordering = ["-talk_date", "-created_at", "-id"]
        verbose_name = _("kartläggning")
        verbose_name_plural = _("kartläggningar")
        indexes = [models.Index(fields=["person", "unit", "superseded_at"], name="mapping_person_unit")]
        constraints = [
            # One current mapping per person and unit: a new one supersedes the previous.
            models.UniqueConstraint(
                fields=["person", "unit"], condition=Q(superseded_at__isnull=True), name="mapping_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"Kartläggning {self.talk_date:%Y-%m-%d}"

    @property
    def need_level_code(self) -> str | None:
        return self.need_level.code if self.need_level_id else None

    def barriers(self) -> list[tuple[str, str]]:
        """(label, note) of the non-sensitive barriers that apply."""
        return [
            (str(label), getattr(self, f"barrier_{key}_note"))
            for key, label in BARRIERS
            if getattr(self, f"barrier_{key}")
        ]


class SensitiveBarrierKind(models.TextChoices):
    HEALTH = "halsa", _("Hälsa")
    DISABILITY = "funktionsnedsattning", _("Funktionsnedsättning")
    SUBSTANCE_USE = "beroende", _("Missbruk eller beroende")


class SensitiveBarrier(models.Model):
    """A barrier that is sensitive personal data (GDPR art. 9): shared only by a consent covering health."""

    KIND = InformationKind.HEALTH

    mapping = models.ForeignKey(Mapping, on_delete=models.CASCADE, related_name="sensitive_barriers")
    barrier = models.CharField(_("hinder"), max_length=30, choices=SensitiveBarrierKind.choices)
    note = models.CharField(_("anteckning"), max_length=200, blank=True)

    class Meta:
        ordering = ["mapping", "barrier"]
        verbose_name = _("känsligt hinder")
        verbose_name_plural = _("känsliga hinder")
        constraints = [models.UniqueConstraint(fields=["mapping", "barrier"], name="sensitivebarrier_once_per_mapping")]

    def __str__(self) -> str:
        return self.get_barrier_display()
