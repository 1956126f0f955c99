"""Employers shared by an agreement's parties, the one contact log across parties, occupations (SSYK 2012),
placements on the placement ladder and each young person's course through a placement.

Employers, their contact people and contacts are the collaboration's records about organisations, not about
young people: every casework role of the agreement sees them. A placement candidate is a young person's
information of the kind "sysselsattning_plan" held by the unit that proposed them (like a programme
participation): others see it only under a consent, and only persons in `restrict(user)`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fotfaste.orgs.models import Agreement, Unit
from fotfaste.reference.models import Municipality

DEFAULT_WARNING_DAYS = 14


class Sector(models.TextChoices):
    PUBLIC = "offentlig", _("Offentlig sektor")
    PRIVATE = "privat", _("Privat sektor")
    NON_PROFIT = "ideell", _("Ideell sektor")
    SOCIAL_ENTERPRISE = "socialt_foretag", _("Socialt företag")


class Occupation(models.Model):
    """One code of SSYK 2012 (SCB's standard for occupations): a major group (1 digit) down to a unit group
    (4 digits). The ten major groups ship with Fotfäste; an administrator reads in the rest from a file."""

    code = models.CharField(_("SSYK-kod"), max_length=4, unique=True)
    name = models.CharField(_("benämning"), max_length=300)
    source = models.CharField(_("källa"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("yrke (SSYK 2012)")
        verbose_name_plural = _("yrken (SSYK 2012)")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def level(self) -> int:
        return len(self.code)


class EmployerSettings(models.Model):
    """An agreement's settings for the employer work."""

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="employer_settings")
    warning_days = models.PositiveSmallIntegerField(
        _("varna för en annan parts kontakt inom så många dagar"), default=DEFAULT_WARNING_DAYS
    )

    class Meta:
        verbose_name = _("inställningar för arbetsgivararbetet")


class Employer(models.Model):
    """An employer in the agreement's shared register; one per organisation number and agreement."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="employers")
    organisation_number = models.CharField(_("organisationsnummer"), max_length=11)  # NNNNNN-NNNN
    sole_trader = models.BooleanField(_("enskild firma"), default=False)
    name = models.CharField(_("namn"), max_length=200)
    sector = models.CharField(_("sektor"), max_length=20, choices=Sector.choices)
    industry = models.CharField(_("bransch"), max_length=200, blank=True)
    street_address = models.CharField(_("gatuadress"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=6, blank=True)
    city = models.CharField(_("ort"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("kommun")
    )
    occupations = models.ManyToManyField(
        Occupation, blank=True, related_name="employers", verbose_name=_("yrken de rekryterar till")
    )
    note = models.TextField(_("anteckning"), max_length=2000, blank=True)
    active = models.BooleanField(_("aktiv"), default=True)
    version = models.PositiveIntegerField(default=1)
    created_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("arbetsgivare")
        verbose_name_plural = _("arbetsgivare")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "organisation_number"], name="employer_per_agreement")
        ]
        indexes = [models.Index(fields=["agreement", "name"], name="employer_name")]

    def __str__(self) -> str:
        return self.name


class ContactPerson(models.Model):
    """Someone at the employer the parties talk to (an employee's work contact details, not a young person)."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="contact_people")
    name = models.CharField(_("namn"), max_length=200)
    title = models.CharField(_("befattning"), max_length=200, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), max_length=200, blank=True)
    active = models.BooleanField(_("aktuell"), default=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")

    def __str__(self) -> str:
        return self.name


class CollaborationKind(models.TextChoices):
    MATCHING = "matchning", _("Matchningsavtal (praktik med handledning)")
    PROCUREMENT = "upphandling", _("Upphandling med krav på praktik eller anställning")
    RECRUITMENT = "rekrytering", _("Rekryteringsbehov i kommunens egen verksamhet")
    SUBSIDISED = "anstallningsstod", _("Anställning med stöd (till exempel extratjänst)")
    SUMMER = "feriepraktik", _("Feriepraktik")
    OTHER = "annat", _("Annan överenskommelse")


class CollaborationAgreement(models.Model):
    """An employer's agreement with the collaboration (a Matchning agreement, a procurement clause, …)."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="collaboration_agreements")
    kind = models.CharField(_("typ"), max_length=20, choices=CollaborationKind.choices)
    description = models.CharField(_("vad som avtalats"), max_length=500, blank=True)
    valid_from = models.DateField(_("gäller från"), null=True, blank=True)
    valid_until = models.DateField(_("gäller till och med"), null=True, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("avtalet hålls av"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from", "id"]
        verbose_name = _("avtal med samverkan")
        verbose_name_plural = _("avtal med samverkan")


class Channel(models.TextChoices):
    PHONE = "telefon", _("Telefon")
    EMAIL = "e-post", _("E-post")
    VISIT = "besok", _("Besök eller möte")
    DIGITAL = "digitalt", _("Digitalt möte")
    BREAKFAST = "frukostmote", _("Frukostmöte eller nätverksträff")
    LETTER = "brev", _("Brev")
    SMS = "sms", _("Sms")
    OTHER = "annat", _("Annat")


class EmployerContact(models.Model):
    """One contact a unit had with an employer: the shared log the parties read before they call."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="contacts")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet"))
    date = models.DateField(_("datum"))
    channel = models.CharField(_("kanal"), max_length=20, choices=Channel.choices)
    purpose = models.CharField(_("syfte"), max_length=200)
    note = models.TextField(_("anteckning"), max_length=2000, blank=True)
    result = models.CharField(_("vad det ledde till"), max_length=500, blank=True)
    next_step = models.CharField(_("nästa steg"), max_length=500, blank=True)
    next_step_on = models.DateField(_("nästa steg senast"), null=True, blank=True)
    contact_person = models.ForeignKey(
        ContactPerson, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("med")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("arbetsgivarkontakt")
        verbose_name_plural = _("arbetsgivarkontakter")
        indexes = [
            models.Index(fields=["employer", "date"], name="employer_contact_date"),
            # "Att följa upp": a unit's due next steps, and whether the same unit has called the employer since.
            models.Index(fields=["unit", "next_step_on"], name="employer_contact_due"),
            models.Index(fields=["employer", "unit", "date"], name="employer_contact_unit_date"),
        ]


class LadderStep(models.TextChoices):
    """The placement ladder (praktiktrappan, seed 001): from sheltered to real workplaces."""

    SHELTERED = "skyddad", _("Skyddad")
    SEMI_SHELTERED = "halvskyddad", _("Halvskyddad")
    REAL = "verklig", _("Verklig")


class PlacementKind(models.TextChoices):
    PLACEMENT = "praktik", _("Praktik")
    JOB = "jobb", _("Anställning")


class Placement(models.Model):
    """A placement or job an employer offers, published by a unit of the agreement.

    An anonymous listing shows other parties everything but who the employer is, until one of their
    candidates is shortlisted (placement.py)."""

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="placements")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("publicerad av"))
    kind = models.CharField(_("typ"), max_length=10, choices=PlacementKind.choices, default=PlacementKind.PLACEMENT)
    title = models.CharField(_("rubrik"), max_length=200, blank=True)
    occupation = models.ForeignKey(Occupation, on_delete=models.PROTECT, related_name="+", verbose_name=_("yrke"))
    # The code as given; `occupation` is that code or, when the classification read in lacks it, its nearest
    # known level above (a shipped installation knows only the ten major groups).
    ssyk = models.CharField(_("SSYK-kod"), max_length=4)
    step = models.CharField(_("steg på praktiktrappan"), max_length=12, choices=LadderStep.choices)
    description = models.TextField(_("beskrivning"), max_length=4000, blank=True)
    supervisor = models.CharField(_("handledare"), max_length=200, blank=True)
    places = models.PositiveSmallIntegerField(_("platser"))
    start_date = models.DateField(_("från"))
    end_date = models.DateField(_("till och med"))
    requires_driving_licence = models.BooleanField(_("kräver B-körkort"), default=False)
    language_requirement = models.CharField(_("krav på svenska eller andra språk"), max_length=200, blank=True)
    other_requirements = models.CharField(_("andra krav"), max_length=500, blank=True)
    insurance = models.CharField(_("försäkring"), max_length=200, blank=True)
    payment = models.CharField(_("ersättning eller lön"), max_length=200, blank=True)
    paperwork_by = models.CharField(_("vem sköter pappersarbetet"), max_length=200, blank=True)
    anonymous = models.BooleanField(_("anonym annons"), default=False)
    closed = models.BooleanField(_("stängd"), default=False)
    version = models.PositiveIntegerField(default=1)
    created_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "id"]
        verbose_name = _("praktikplats")
        verbose_name_plural = _("praktikplatser")
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")), name="placement_dates"),
            models.CheckConstraint(condition=models.Q(places__gte=1), name="placement_places"),
        ]


class Stage(models.TextChoices):
    """A young person's course through a placement."""

    SUGGESTED = "foreslagen", _("Föreslagen")
    CV_SENT = "cv_skickat", _("CV skickat")
    INTERVIEW = "intervju", _("Intervju")
    STARTED = "pagar", _("Pågår")
    ENDED = "avslutad", _("Avslutad")
    WITHDRAWN = "ej_aktuell", _("Inte aktuell")


# At these stages the candidate is shortlisted: the employer has (or will have) their CV, so the party that
# proposed them learns who the employer of an anonymous listing is.
SHORTLISTED = frozenset({Stage.CV_SENT, Stage.INTERVIEW, Stage.STARTED, Stage.ENDED})


class Outcome(models.TextChoices):
    HIRED = "anstalld", _("Anställd")
    STUDIES = "studier", _("Gick vidare till studier")
    COMPLETED = "fullfoljd", _("Fullföljd utan anställning")
    ENDED_EARLY = "avbruten", _("Avbruten i förtid")


class EmploymentForm(models.TextChoices):
    PERMANENT = "tillsvidare", _("Tillsvidareanställning")
    PROBATION = "provanstallning", _("Provanställning")
    FIXED_TERM = "visstid", _("Visstidsanställning")
    HOURLY = "timanstallning", _("Timanställning")
    SUBSIDISED = "med_stod", _("Anställning med stöd")


class Candidate(models.Model):
    """A young person on a placement: suggested, CV sent, interview, started, followed up, ended with an
    outcome. Held by the unit that proposed them (kind "sysselsattning_plan")."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="candidates")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="placement_candidacies")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet"))
    stage = models.CharField(_("läge"), max_length=12, choices=Stage.choices, default=Stage.SUGGESTED)
    reasons = models.JSONField(_("skäl till förslaget"), default=list, blank=True)
    cv_sent_on = models.DateField(_("CV skickat"), null=True, blank=True)
    interview_on = models.DateField(_("intervju"), null=True, blank=True)
    started_on = models.DateField(_("började"), null=True, blank=True)
    ended_on = models.DateField(_("slutade"), null=True, blank=True)
    outcome = models.CharField(_("utfall"), max_length=12, choices=Outcome.choices, blank=True)
    employment_form = models.CharField(_("anställningsform"), max_length=16, choices=EmploymentForm.choices, blank=True)
    end_reason = models.CharField(_("varför det slutade"), max_length=500, blank=True)
    # The measure in the joint plan the placement shows as (set when the young person starts).
    measure = models.ForeignKey(
        "plans.Measure", on_delete=models.SET_NULL, null=True, blank=True, related_name="placement_candidacies"
    )
    version = models.PositiveIntegerField(default=1)
    created_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["placement", "id"]
        verbose_name = _("kandidat")
        verbose_name_plural = _("kandidater")
        # Once per unit, not per person: a unit must not learn, by being refused, that another unit it has no
        # consent from holds the person as a candidate.
        constraints = [
            models.UniqueConstraint(fields=["placement", "person", "unit"], name="candidate_once_per_placement_unit")
        ]


class Assessment(models.TextChoices):
    GOOD = "bra", _("Går bra")
    SUPPORT = "stod", _("Behöver mer stöd")
    RISK = "risk", _("Risk för avbrott")


class CandidateFollowUp(models.Model):
    """A monthly follow-up of a running placement, with the supervisor's assessment."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="follow_ups")
    date = models.DateField(_("datum"))
    assessment = models.CharField(_("handledarens bedömning"), max_length=10, choices=Assessment.choices)
    supervisor_note = models.TextField(_("handledarens kommentar"), max_length=2000, blank=True)
    note = models.TextField(_("anteckning"), max_length=2000, blank=True)
    created_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("uppföljning av praktik")
        verbose_name_plural = _("uppföljningar av praktik")
