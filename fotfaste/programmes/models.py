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
