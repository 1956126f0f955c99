"""The collaboration's fund for economic barriers: budget lines, who may approve, and grants.

A grant tells that a young person has an economic barrier, so it is information of kind
"sysselsättning, team, planering och insatser" owned by the unit that requested it: the rules
for who sees it are in `services.grants_for` and `docs/fund.md`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fotfaste.orgs.models import Agreement, Unit
from fotfaste.people.models import Person


class BudgetLine(models.Model):
    """Money set aside in one agreement for one year, e.g. "Ekonomiska hinder – resor"."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="fund_lines", verbose_name=_("överenskommelse")
    )
    name = models.CharField(_("namn"), max_length=200)
    year = models.PositiveSmallIntegerField(_("år"))
    # Whole kronor: the fund's decisions are never about öre.
    amount = models.PositiveIntegerField(_("belopp (kr)"))
    active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement", "-year", "name"]
        verbose_name = _("budgetpost")
        verbose_name_plural = _("budgetposter")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "year", "name"], name="fund_line_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year}"


class FundSettings(models.Model):
    """Per agreement: the roles that may approve grants. Without a row, the coordinator role."""

    agreement = models.OneToOneField(
        Agreement, on_delete=models.CASCADE, related_name="fund_settings", verbose_name=_("överenskommelse")
    )
    # A handful of role codes (orgs.roles.Role), read whole: a list is simpler than a join table.
    approver_roles = models.JSONField(_("roller som får besluta"), default=list)

    class Meta:
        verbose_name = _("inställning för fonden")
        verbose_name_plural = _("inställningar för fonden")

    def __str__(self) -> str:
        return str(self.agreement)


class GrantPurpose(models.TextChoices):
    TRAVEL_CARD = "resekort", _("Buss- eller tågkort")
    WORK_CLOTHES = "arbetsklader", _("Arbetskläder eller arbetsskor")
    SHORT_COURSE = "kurs", _("Kortare utbildning eller certifikat")
    EQUIPMENT = "utrustning", _("Utrustning")
    OTHER = "annat", _("Annat")


class GrantStatus(models.TextChoices):
    REQUESTED = "ansokt", _("Ansökt")
    APPROVED = "beviljat", _("Beviljat")
    REJECTED = "avslaget", _("Avslaget")
    PAID = "utbetalt", _("Utbetalt")
    WITHDRAWN = "aterkallat", _("Återkallat")


class Grant(models.Model):
    """One grant from a budget line to one young person, requested by a unit and decided by an approver."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="fund_grants")
    # The requesting unit owns the information (like a party record).
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet som ansöker"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("ansökt av")
    )
    requested_by_name = models.CharField(_("ansökt av"), max_length=150)
    budget_line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="grants", verbose_name=_("budgetpost")
    )
    purpose = models.CharField(_("ändamål"), max_length=20, choices=GrantPurpose.choices)
    description = models.TextField(_("beskrivning"), max_length=2000)
    amount = models.PositiveIntegerField(_("belopp (kr)"))
    status = models.CharField(_("status"), max_length=12, choices=GrantStatus.choices, default=GrantStatus.REQUESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by_name = models.CharField(_("beslutat av"), max_length=150, blank=True)
    decided_at = models.DateTimeField(_("beslutat"), null=True, blank=True)
    decision_note = models.TextField(_("motivering"), max_length=2000, blank=True)
    paid_on = models.DateField(_("utbetalt"), null=True, blank=True)
    paid_by_name = models.CharField(_("utbetalning registrerad av"), max_length=150, blank=True)
    withdrawn_at = models.DateTimeField(_("återkallat"), null=True, blank=True)
    created_at = models.DateTimeField(_("ansökt"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("bidrag ur fonden")
        verbose_name_plural = _("bidrag ur fonden")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_grant_amount_positive"),
        ]
        indexes = [
            # The approvers' queue (requested, oldest first) and each line's sums.
            models.Index(fields=["status", "created_at", "id"], name="fund_grant_queue"),
            models.Index(fields=["budget_line", "status"], name="fund_grant_line_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.amount} kr"

    @property
    def tag_class(self) -> str:
        """The status tag's colour: green when the money is committed, red when refused, grey when closed."""
        return STATUS_TAGS.get(self.status, "")


STATUS_TAGS = {
    GrantStatus.REQUESTED: "tag--granska",
    GrantStatus.APPROVED: "tag--inlast",
    GrantStatus.PAID: "tag--inlast",
    GrantStatus.REJECTED: "tag--avvisad",
    GrantStatus.WITHDRAWN: "tag--avbruten",
}
