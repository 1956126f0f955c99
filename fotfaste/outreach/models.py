"""Outreach: contact attempts, occupation over time, guardians, and each person's outreach state.

Outreach data belongs to one municipality's KAA work (each municipality's data is
separate), so attempts, occupations and the case carry the municipality. Read and
write them only through fotfaste.outreach.services.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fotfaste.people.models import Person
from fotfaste.reference.models import Municipality

from . import rules


class Channel(models.TextChoices):
    LETTER = rules.LETTER, _("Brev")
    PHONE = "telefon", _("Telefon")
    SMS = "sms", _("Sms")
    EMAIL = "epost", _("E-post")
    HOME_VISIT = "hembesok", _("Hembesök")
    SOCIAL_MEDIA = "sociala_medier", _("Sociala medier")
    VIA_SCHOOL = "via_skolan", _("Via skolan")
    VIA_GUARDIAN = "via_vardnadshavare", _("Via vårdnadshavare")
    VIA_OTHER = "via_annan_part", _("Via annan part")


class Outcome(models.TextChoices):
    REACHED = rules.REACHED, _("Nådd")
    NOT_REACHED = rules.NOT_REACHED, _("Inte nådd")
    DECLINED = rules.DECLINED, _("Avböjt")
    ANSWERED = rules.ANSWERED, _("Svarat")


class OccupationStatus(models.TextChoices):
    UPPER_SECONDARY = "studier_gymnasieskola", _("Studier – gymnasieskola")
    ADAPTED_UPPER_SECONDARY = "studier_anpassad_gymnasieskola", _("Studier – anpassad gymnasieskola")
    ADULT_EDUCATION = "studier_komvux", _("Studier – komvux")
    FOLK_HIGH_SCHOOL = "studier_folkhogskola", _("Studier – folkhögskola")
    OTHER_STUDIES = "studier_annan", _("Studier – annan utbildning")
    WORK = "arbete", _("Arbete")
    PLACEMENT = "praktik", _("Praktik")
    AF_PROGRAMME = "af_program", _("Program hos Arbetsförmedlingen")
    SICK_OR_CARE = "sjuk_eller_vard", _("Sjuk eller i vård")
    PARENTAL_LEAVE = "foraldraledig", _("Föräldraledig")
    ABROAD = "utomlands", _("Utomlands")
    NONE = "ingen", _("Ingen sysselsättning")
    UNKNOWN = rules.UNKNOWN, _("Okänd")


class ContactAttempt(models.Model):
    """One attempt to reach a young person, by any channel, with its outcome."""

    # Indexed by contactattempt_person (person, municipality, contacted_on); no index of its own.
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contact_attempts", db_index=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    contacted_on = models.DateField(_("datum"))
    channel = models.CharField(_("kanal"), max_length=30, choices=Channel.choices)
    outcome = models.CharField(_("utfall"), max_length=10, choices=Outcome.choices)
    note = models.TextField(_("anteckning"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept as text so the record still says who it was after the account is removed.
    created_by_name = models.CharField(_("registrerat av"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("registrerat"), default=timezone.now)

    class Meta:
        ordering = ["-contacted_on", "-id"]
        verbose_name = _("kontaktförsök")
        verbose_name_plural = _("kontaktförsök")
        indexes = [models.Index(fields=["person", "municipality", "contacted_on"], name="contactattempt_person")]

    def __str__(self) -> str:
        return f"{self.contacted_on} {self.get_channel_display()}: {self.get_outcome_display()}"


class Occupation(models.Model):
    """What the person does from a date, and when that was last verified (the currency rule uses it)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="occupations", db_index=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("sysselsättning"), max_length=40, choices=OccupationStatus.choices)
    valid_from = models.DateField(_("från och med"))
    verified_on = models.DateField(_("kontrollerad"))
    note = models.TextField(_("anteckning"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by_name = models.CharField(_("registrerad av"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("registrerad"), default=timezone.now)

    class Meta:
        ordering = ["-valid_from", "-verified_on", "-id"]
        verbose_name = _("sysselsättning")
        verbose_name_plural = _("sysselsättningar")
        indexes = [models.Index(fields=["person", "municipality", "valid_from"], name="occupation_person")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.valid_from}"


class OccupationCurrency(models.Model):
    """How long a verified status counts before it is taken as unknown; a missing row means the default."""

    status = models.CharField(_("sysselsättning"), max_length=40, choices=OccupationStatus.choices, unique=True)
    months = models.PositiveSmallIntegerField(
        _("giltig i antal månader"),
        default=rules.DEFAULT_CURRENCY_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )

    class Meta:
        ordering = ["status"]
        verbose_name = _("giltighetstid för sysselsättning")
        verbose_name_plural = _("giltighetstider för sysselsättning")

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.months}"


class OutreachSettings(models.Model):
    """A municipality's outreach settings; a missing row means the defaults (rules.OutreachRules)."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="+")
    recontact_after_decline_months = models.PositiveSmallIntegerField(
        _("ny kontakt efter avböjt, antal månader"),
        default=rules.DEFAULT_RECONTACT_AFTER_DECLINE_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    turning_20_window_months = models.PositiveSmallIntegerField(
        _("markera 20-årsdag inom antal månader"),
        default=rules.DEFAULT_TURNING_20_WINDOW_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )

    class Meta:
        verbose_name = _("inställningar för uppsökande verksamhet")
        verbose_name_plural = _("inställningar för uppsökande verksamhet")

    def __str__(self) -> str:
        return str(self.municipality)

    def as_rules(self) -> rules.OutreachRules:
        return rules.OutreachRules(self.recontact_after_decline_months, self.turning_20_window_months)


class OutreachCase(models.Model):
    """A person's outreach state in one municipality, kept current by the services on every write.

    The worklist reads these columns directly (one row per person, joined by the unique
    person+municipality index) instead of scanning contact attempts and occupations.
    """

    # Both indexed through the unique (person, municipality) and the (municipality, …) indexes below.
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="outreach_cases", db_index=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+", db_index=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handläggare"),
    )
    assigned_at = models.DateTimeField(_("tilldelad"), null=True, blank=True)
    first_contact_on = models.DateField(_("första kontaktförsök"), null=True, blank=True)
    last_contact_on = models.DateField(_("senaste kontaktförsök"), null=True, blank=True)
    last_outcome = models.CharField(_("senaste utfall"), max_length=10, choices=Outcome.choices, blank=True)
    reached_on = models.DateField(_("senast nådd"), null=True, blank=True)
    next_contact_due = models.DateField(_("nästa kontakt"), null=True, blank=True)
    occupation_status = models.CharField(
        _("sysselsättning"), max_length=40, choices=OccupationStatus.choices, blank=True
    )
    occupation_verified_on = models.DateField(_("sysselsättning kontrollerad"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("uppsökarärende")
        verbose_name_plural = _("uppsökarärenden")
        constraints = [
            models.UniqueConstraint(fields=["person", "municipality"], name="outreachcase_person_municipality")
        ]
        # For worklist filters selective enough to start from the cases rather than from the names.
        indexes = [
            models.Index(fields=["municipality", "next_contact_due"], name="outreachcase_due"),
            models.Index(fields=["municipality", "assigned_to"], name="outreachcase_assigned"),
            models.Index(fields=["municipality", "last_outcome"], name="outreachcase_outcome"),
            models.Index(
                fields=["municipality", "occupation_status", "occupation_verified_on"], name="outreachcase_occupation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} ({self.municipality_id})"


class Guardian(models.Model):
    """A guardian of a young person under 18, as contact data for outreach."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="guardians")
    name = models.CharField(_("namn"), max_length=200)
    phone = models.CharField(_("telefon"), max_length=30)
    relation = models.CharField(_("relation"), max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by_name = models.CharField(_("registrerad av"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("registrerad"), default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("vårdnadshavare")
        verbose_name_plural = _("vårdnadshavare")

    def __str__(self) -> str:
        return self.name
