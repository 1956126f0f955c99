"""The team around a young person ("en väg in"): members from any party, one main contact."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fotfaste.orgs.models import Unit
from fotfaste.people.models import Person


class TeamRole(models.TextChoices):
    KAA = "kaa", _("KAA-handläggare")
    EMPLOYMENT_OFFICER = "arbetsformedlare", _("Arbetsförmedlare")
    SOCIAL_WORKER = "socialsekreterare", _("Socialsekreterare")
    GUIDANCE = "syv", _("Studie- och yrkesvägledare")
    MENTOR = "mentor", _("Mentor")
    LABOUR_MARKET = "arbetsmarknad", _("Arbetsmarknadshandläggare")
    PSYCHOLOGIST = "psykolog", _("Psykolog")
    COORDINATOR = "samordnare", _("Ungdomssamordnare")
    TEACHER = "larare", _("Lärare")
    OTHER = "annan", _("Annan roll")


class TeamMember(models.Model):
    """A person's membership of the team: who, from which unit, in what role, from when until when.

    The member is a user of the system or, for someone outside it, just a name. Membership does
    not grant access: a member of another unit sees the person only with a consent (or their own
    unit's basis), and the team is shown only as far as the viewer may see each member's unit.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="team_members")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team_memberships",
        verbose_name=_("användare"),
    )
    name = models.CharField(_("namn"), max_length=200)
    role = models.CharField(_("roll i teamet"), max_length=30, choices=TeamRole.choices)
    is_main_contact = models.BooleanField(_("huvudkontakt"), default=False)
    start_date = models.DateField(_("från"))
    end_date = models.DateField(_("till och med"), null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_main_contact", "start_date", "name"]
        verbose_name = _("teammedlem")
        verbose_name_plural = _("teammedlemmar")
        constraints = [
            # "En väg in": at most one current main contact per young person.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(is_main_contact=True, end_date__isnull=True),
                name="team_one_main_contact",
            ),
        ]
        indexes = [models.Index(fields=["user", "end_date"], name="team_user_end")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"
