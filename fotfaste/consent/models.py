"""Consent (samtycke) to share information between the parties and units of a collaboration.

Secrecy runs between authorities (OSL 26:1, 28:11): AF's records, social services' records and
the school administration's KAA records are each secret towards the others. A consent lifts that
for named parties (or named units of them), named kinds of information, one purpose and a time.
The rules that read it are in `rules.py` (pure) and `fotfaste.access.sharing` (as queries).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fotfaste.orgs.models import Agreement, Party, Unit
from fotfaste.people.models import Person


class InformationKind(models.TextChoices):
    IDENTITY = "identitet", _("Identitet och kontaktuppgifter")
    OCCUPATION_PLAN = "sysselsattning_plan", _("Sysselsättning, team, planering och insatser")
    EMPLOYMENT_SERVICE = "af", _("Inskrivning och program hos Arbetsförmedlingen")
    INCOME_SUPPORT = "forsorjningsstod", _("Försörjningsstöd")
    HEALTH = "halsa", _("Hälsa och funktionsnedsättning")


KIND_FIELDS = {
    InformationKind.IDENTITY: "covers_identity",
    InformationKind.OCCUPATION_PLAN: "covers_occupation_plan",
    InformationKind.EMPLOYMENT_SERVICE: "covers_employment_service",
    InformationKind.INCOME_SUPPORT: "covers_income_support",
    InformationKind.HEALTH: "covers_health",
}

# Kinds that are sensitive personal data (GDPR art. 9) or social-services secrets: never in KAA documentation.
SENSITIVE_KINDS = frozenset({InformationKind.HEALTH, InformationKind.INCOME_SUPPORT})


class ConsentStatus(models.TextChoices):
    REQUESTED = "begart", _("Begärt")
    GIVEN = "lamnat", _("Lämnat")
    REFUSED = "nekat", _("Nekat")
    WITHDRAWN = "aterkallat", _("Återkallat")
    EXPIRED = "utgatt", _("Utgånget")  # never stored: a given consent past its last day


class ConsentMethod(models.TextChoices):
    SIGNED_FORM = "underskrift", _("Underskriven blankett")
    VERBAL = "muntligt", _("Muntligt, dokumenterat")
    DIGITAL = "digitalt", _("Digitalt (e-legitimation)")


class GivenBy(models.TextChoices):
    PERSON = "personen", _("Den unga själv")
    PERSON_AND_GUARDIAN = "personen_och_vardnadshavare", _("Den unga och vårdnadshavare")


class Consent(models.Model):
    """One consent: who may share what about the person, for what, from when until when.

    `status` holds what was recorded; "utgånget" is derived from `valid_until` (rules.status_on).
    Withdrawal takes effect at once: `withdrawn_at` is the moment, and nothing is shared after it.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("överenskommelse")
    )
    # One column per kind, so "covers kind K" is a plain indexed condition on every database.
    covers_identity = models.BooleanField(InformationKind.IDENTITY.label, default=False)
    covers_occupation_plan = models.BooleanField(InformationKind.OCCUPATION_PLAN.label, default=False)
    covers_employment_service = models.BooleanField(InformationKind.EMPLOYMENT_SERVICE.label, default=False)
    covers_income_support = models.BooleanField(InformationKind.INCOME_SUPPORT.label, default=False)
    covers_health = models.BooleanField(InformationKind.HEALTH.label, default=False)
    purpose = models.CharField(_("ändamål"), max_length=500)
    status = models.CharField(_("status"), max_length=12, choices=ConsentStatus.choices)
    method = models.CharField(_("hur samtycket lämnades"), max_length=20, choices=ConsentMethod.choices, blank=True)
    given_by = models.CharField(_("lämnat av"), max_length=40, choices=GivenBy.choices, blank=True)
    guardian_name = models.CharField(_("vårdnadshavarens namn"), max_length=200, blank=True)
    valid_from = models.DateField(_("giltigt från"), null=True, blank=True)
    valid_until = models.DateField(_("giltigt till och med"), null=True, blank=True)
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    note = models.TextField(_("anteckning"), blank=True)
    withdrawn_at = models.DateTimeField(_("återkallat"), null=True, blank=True)
    withdrawn_note = models.CharField(_("hur återkallelsen kom in"), max_length=500, blank=True)
    # The unit that recorded the consent keeps it in its records; it always sees it.
    recorded_by_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("samtycke")
        verbose_name_plural = _("samtycken")
        indexes = [models.Index(fields=["person", "status"], name="consent_person_status")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="lamnat") | Q(valid_from__isnull=False),
                name="consent_given_has_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Samtycke #{self.pk}"

    @property
    def kinds(self) -> list[str]:
        return [kind for kind, field in KIND_FIELDS.items() if getattr(self, field)]

    def kind_labels(self) -> list[str]:
        return [str(InformationKind(k).label) for k in self.kinds]


class ConsentRecipient(models.Model):
    """A party named in the consent; with a unit, only that unit of the party.

    A named party or unit may receive the kinds the consent covers, and disclose what it holds of
    them once it has confirmed the consent (ConsentConfirmation).
    """

    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="recipients")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("part"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["party__name", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["consent", "party", "unit"], name="consent_recipient_unique"),
            models.UniqueConstraint(
                fields=["consent", "party"], condition=Q(unit__isnull=True), name="consent_recipient_party_unique"
            ),
        ]
        indexes = [models.Index(fields=["party", "unit"], name="consent_recipient_party")]

    def __str__(self) -> str:
        return f"{self.unit.name}, {self.party.name}" if self.unit_id else self.party.name


class ConsentSettings(models.Model):
    """Per agreement: whether a guardian must consent too for someone under 18 (default: yes)."""

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="consent_settings")
    guardian_required_under_18 = models.BooleanField(
        _("vårdnadshavare samtycker också för den som är under 18 år"), default=True
    )


class ConsentConfirmation(models.Model):
    """A unit that holds information of the consent's kinds confirms that the consent covers it.

    The holder decides what it discloses: information held by a unit is shared under a consent
    only once that unit has confirmed it. The recording unit confirms by recording. The person's
    identity is disclosed only by a unit that held the person on its own ground or a duty when it
    confirmed (`holds_identity`): a unit that sees the person only through a consent has no
    identity of its own to pass on.
    """

    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="confirmations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet"))
    holds_identity = models.BooleanField(default=False)
    confirmed_at = models.DateTimeField(_("bekräftat"), auto_now_add=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    confirmed_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["confirmed_at", "id"]
        verbose_name = _("bekräftelse av samtycke")
        constraints = [models.UniqueConstraint(fields=["consent", "unit"], name="consent_confirmation_unique")]


class ConsentDocument(models.Model):
    """A signed consent form, scanned: every version is kept until a disposal decision removes it."""

    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("inskannad blankett"), upload_to="samtycken/%Y/")
    name = models.CharField(_("filnamn"), max_length=255)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("inskannad samtyckesblankett")
