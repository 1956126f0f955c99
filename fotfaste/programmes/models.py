"""An agreement's programmes: picked from the catalogue and configured, each with its rules as data."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from fotfaste.orgs.models import Agreement

from . import rules


class AgreementProgramme(models.Model):
    """A programme as one agreement runs it: who owns it, whom it is for, when and on which rules."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="programmes")
    code = models.SlugField(_("kod"), max_length=50)
    name = models.CharField(_("namn"), max_length=200)
    owner = models.CharField(_("huvudman"), max_length=200, blank=True)
    target_group = models.TextField(_("målgrupp"), blank=True, max_length=2000)
    source = models.CharField(_("källa för reglerna"), max_length=500, blank=True)
    valid_from = models.DateField(_("kan beviljas från"), null=True, blank=True)
    valid_until = models.DateField(_("kan beviljas till och med"), null=True, blank=True)
    # The rules as data (rules.conditions_from_data); empty: the programme has no eligibility rules.
    conditions = models.JSONField(_("villkor"), default=list, blank=True)
    unemployed_categories = models.JSONField(
        _("sökandekategorier som räknas som heltidsarbetslöshet"), default=list, blank=True
    )
    steps = models.JSONField(_("steg i rutinen"), default=list, blank=True)
    active = models.BooleanField(_("aktivt"), default=True)
    version = models.PositiveIntegerField(default=1)  # two coordinators editing at once (core.versioning)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("program")
        verbose_name_plural = _("program")
        constraints = [models.UniqueConstraint(fields=["agreement", "code"], name="programme_code_per_agreement")]

    def __str__(self) -> str:
        return self.name

    @property
    def has_rules(self) -> bool:
        return bool(self.conditions)

    def as_rule(self, municipality_names: dict[str, str]) -> rules.Programme:
        """The programme as the pure rules see it. Raises rules.RuleDataError on rules that make no sense."""
        categories = (
            rules.categories_from_data(self.unemployed_categories)
            if self.unemployed_categories
            else rules.DEFAULT_UNEMPLOYED
        )
        return rules.Programme(
            self.code,
            self.name,
            rules.conditions_from_data(self.conditions, municipality_names),
            valid_from=self.valid_from,
            valid_until=self.valid_until,
            source=self.source,
            unemployed_categories=categories,
        )

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


# --- Taking part: the routine's steps, places, selection, contracts ---------------------------------


class ParticipationStatus(models.TextChoices):
    IN_ROUTINE = "aktuell", _("I rutinen")
    SELECTED = "vald", _("Vald till plats")
    WAITING = "vantelista", _("På väntelista")
    NOT_SELECTED = "ej_vald", _("Inte vald")
    PARTICIPATING = "deltar", _("Deltar")
    COMPLETED = "fullfoljd", _("Fullföljd")
    ENDED_EARLY = "avbruten", _("Avbruten")
    DECLINED = "avstar", _("Avstår")


# A participation in one of these is over: it no longer holds a place or waits for one.
CLOSED_STATUSES = frozenset(
    {
        ParticipationStatus.NOT_SELECTED,
        ParticipationStatus.COMPLETED,
        ParticipationStatus.ENDED_EARLY,
        ParticipationStatus.DECLINED,
    }
)


class Outcome(models.TextChoices):
    WORK = "arbete", _("Arbete")
    STUDIES = "studier", _("Studier")
    WORK_AND_STUDIES = "arbete_studier", _("Arbete och studier")
    OTHER = "annat", _("Annat")
    NONE = "ingen", _("Varken arbete eller studier")


class PlacePeriod(models.Model):
    """The places a programme has for one period (a term, an intake)."""

    programme = models.ForeignKey(AgreementProgramme, on_delete=models.CASCADE, related_name="place_periods")
    name = models.CharField(_("period"), max_length=100)
    start_date = models.DateField(_("från"))
    end_date = models.DateField(_("till och med"))
    places = models.PositiveIntegerField(_("platser"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_date", "id"]
        verbose_name = _("platsperiod")
        verbose_name_plural = _("platsperioder")

    def __str__(self) -> str:
        return self.name


class Participation(models.Model):
    """A young person in a programme's routine: at which step since when, and how it ended.

    Information of the kind "sysselsattning_plan" held by the unit that recorded it: others see it only
    under a consent (access.sharing.visible_records with the person and unit paths).
    """

    programme = models.ForeignKey(AgreementProgramme, on_delete=models.PROTECT, related_name="participations")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="participations")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet"))
    step = models.PositiveSmallIntegerField(_("steg"), default=0)  # index into programme.steps
    step_since = models.DateField(_("i steget sedan"))
    status = models.CharField(
        _("status"), max_length=12, choices=ParticipationStatus.choices, default=ParticipationStatus.IN_ROUTINE
    )
    place_period = models.ForeignKey(
        PlacePeriod, on_delete=models.PROTECT, null=True, blank=True, related_name="participations"
    )
    waiting_rank = models.PositiveIntegerField(_("plats i väntelistan"), null=True, blank=True)
    started_on = models.DateField(_("började"), null=True, blank=True)
    ended_on = models.DateField(_("slutade"), null=True, blank=True)
    outcome = models.CharField(_("utfall"), max_length=16, choices=Outcome.choices, blank=True)
    end_reason = models.CharField(_("varför det slutade"), max_length=500, blank=True)
    # The measure in the joint plan the participation shows as (set when the person starts).
    measure = models.ForeignKey(
        "plans.Measure", on_delete=models.SET_NULL, null=True, blank=True, related_name="participations"
    )
    note = models.TextField(_("anteckning"), max_length=2000, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "step", "step_since", "id"]
        verbose_name = _("deltagande i program")
        verbose_name_plural = _("deltaganden i program")
        constraints = [models.UniqueConstraint(fields=["programme", "person"], name="one_participation_per_programme")]
        indexes = [models.Index(fields=["person", "unit"], name="participation_person_unit")]


class StepMove(models.Model):
    """The history of a participation's steps: who moved it where, when."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="moves")
    step = models.PositiveSmallIntegerField()
    on = models.DateField()
    moved_by_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["participation", "at", "id"]


class Selection(models.Model):
    """A recorded choice among more applicants than places, with its rationale."""

    place_period = models.ForeignKey(PlacePeriod, on_delete=models.PROTECT, related_name="selections")
    decided_on = models.DateField(_("beslutsdag"))
    decided_by_name = models.CharField(_("beslutat av"), max_length=300)
    rationale = models.TextField(_("motivering"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("urval")
        verbose_name_plural = _("urval")


class SelectionDecision(models.Model):
    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="decisions")
    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="decisions")
    result = models.CharField(_("resultat"), max_length=12, choices=ParticipationStatus.choices)
    rank = models.PositiveIntegerField(_("plats i väntelistan"), null=True, blank=True)
    reason = models.CharField(_("skäl"), max_length=500, blank=True)

    class Meta:
        ordering = ["selection", "result", "rank", "id"]


class ContractCounterpart(models.TextChoices):
    MUNICIPALITY = "kommun", _("Kommunen")
    FOLK_HIGH_SCHOOL = "folkhogskola", _("Folkhögskolan")


class Contract(models.Model):
    """A three-party contract (the young person, Arbetsförmedlingen, the municipality or a folk high school)."""

    participation = models.OneToOneField(Participation, on_delete=models.CASCADE, related_name="contract")
    counterpart = models.CharField(_("tredje part"), max_length=14, choices=ContractCounterpart.choices)
    counterpart_name = models.CharField(_("tredje partens namn"), max_length=200)
    studies = models.TextField(_("studier"), max_length=2000, blank=True)
    work = models.TextField(_("arbete eller praktik"), max_length=2000, blank=True)
    start_date = models.DateField(_("från"))
    end_date = models.DateField(_("till och med"), null=True, blank=True)
    signed_by_person_on = models.DateField(_("undertecknat av den unga"), null=True, blank=True)
    signed_by_af_on = models.DateField(_("undertecknat av Arbetsförmedlingen"), null=True, blank=True)
    signed_by_counterpart_on = models.DateField(_("undertecknat av tredje part"), null=True, blank=True)
    created_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("trepartsavtal")
        verbose_name_plural = _("trepartsavtal")

    @property
    def signed(self) -> bool:
        return bool(self.signed_by_person_on and self.signed_by_af_on and self.signed_by_counterpart_on)


class ContractFollowUp(models.Model):
    """A follow-up of a contract: how the studies and the work go."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="follow_ups")
    on = models.DateField(_("datum"))
    studies = models.CharField(_("studierna"), max_length=300, blank=True)
    work = models.CharField(_("arbetet eller praktiken"), max_length=300, blank=True)
    note = models.TextField(_("anteckning"), max_length=2000, blank=True)
    by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contract", "on", "id"]
