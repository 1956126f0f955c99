from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fotfaste.people.identity import IdentityNumberError, parse_organisation_number
from fotfaste.reference.models import Municipality

from .roles import Role


def validate_organisation_number(value: str) -> None:
    try:
        parse_organisation_number(value)
    except (IdentityNumberError, ValueError) as exc:
        raise ValidationError(_("Ogiltigt organisationsnummer: %(fel)s"), params={"fel": exc}) from exc


class Agreement(models.Model):
    """A local agreement (lokal överenskommelse) between a municipality, AF and partners."""

    name = models.CharField(_("namn"), max_length=200)
    municipalities = models.ManyToManyField(Municipality, verbose_name=_("kommuner"), related_name="agreements")
    valid_from = models.DateField(_("gäller från"), null=True, blank=True)
    valid_until = models.DateField(_("gäller till"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("överenskommelse")
        verbose_name_plural = _("överenskommelser")

    def __str__(self) -> str:
        return self.name


class PartyKind(models.TextChoices):
    MUNICIPALITY = "kommun", _("Kommun")
    EMPLOYMENT_SERVICE = "af", _("Arbetsförmedlingen")
    FOLK_HIGH_SCHOOL = "folkhogskola", _("Folkhögskola")
    REGION = "region", _("Region")
    COORDINATION_ASSOCIATION = "samordningsforbund", _("Samordningsförbund")
    EMPLOYERS = "arbetsgivare", _("Arbetsgivarorganisation")
    CIVIL_SOCIETY = "civilsamhalle", _("Civilsamhälle")
    OTHER = "annan", _("Annan")


class Party(models.Model):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="parties", verbose_name=_("överenskommelse")
    )
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ av part"), max_length=30, choices=PartyKind.choices)
    organisation_number = models.CharField(
        _("organisationsnummer"), max_length=11, blank=True, validators=[validate_organisation_number]
    )
    # Set for a municipality party: its KAA caseworkers are responsible for this municipality's youths.
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("kommun")
    )

    class Meta:
        ordering = ["agreement", "name"]
        verbose_name = _("part")
        verbose_name_plural = _("parter")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == PartyKind.MUNICIPALITY and not self.municipality_id:
            raise ValidationError({"municipality": _("En kommun som part måste ha en kommunkod.")})


class Unit(models.Model):
    """A unit (förvaltning, enhet, kontor) of a party, where users hold roles."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="units", verbose_name=_("part"))
    name = models.CharField(_("namn"), max_length=200)

    class Meta:
        ordering = ["party", "name"]
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")

    def __str__(self) -> str:
        return f"{self.name}, {self.party.name}"


class Membership(models.Model):
    """A user's role in a unit. A user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("användare")
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("enhet"))
    role = models.CharField(_("roll"), max_length=30, choices=Role.choices)
    active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Who gave and who ended the role. The names are kept as they were then, so the history reads
    # the same after an account is renamed or removed; roles given before this was kept have none.
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tilldelad av"),
    )
    granted_by_name = models.CharField(_("tilldelad av (namn)"), max_length=300, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("avslutad av"),
    )
    ended_by_name = models.CharField(_("avslutad av (namn)"), max_length=300, blank=True)

    class Meta:
        ordering = ["unit", "role"]
        verbose_name = _("roll i enhet")
        verbose_name_plural = _("roller i enheter")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"], condition=Q(active=True), name="one_active_role_per_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"


class RoleSetting(models.Model):
    """Per-role security settings chosen by an administrator."""

    role = models.CharField(_("roll"), max_length=30, choices=Role.choices, unique=True)
    require_two_factor = models.BooleanField(_("kräv tvåfaktorsinloggning"), default=True)

    class Meta:
        verbose_name = _("rollinställning")

    def __str__(self) -> str:
        return self.get_role_display()
