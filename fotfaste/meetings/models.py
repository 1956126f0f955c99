"""Meetings of the collaboration: case reviews, three-party talks and information meetings.

A meeting belongs to the unit that organises it. What it records about a young person (why they
were on the agenda, the decision, the actions) is information of kind "sysselsättning, team,
planering och insatser" and is shared with other units only by consent, like the plan.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fotfaste.orgs.models import Agreement, Unit
from fotfaste.people.models import Person


class MeetingKind(models.TextChoices):
    CASE_REVIEW = "arendedragning", _("Ärendedragning i samverkansgruppen")
    THREE_PARTY = "trepartssamtal", _("Trepartssamtal")
    INFORMATION = "informationsmote", _("Informationsmöte")


class Meeting(models.Model):
    kind = models.CharField(_("typ av möte"), max_length=20, choices=MeetingKind.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("arrangerande enhet"))
    title = models.CharField(_("rubrik"), max_length=200)
    starts_at = models.DateTimeField(_("tid"))
    place = models.CharField(_("plats"), max_length=200, blank=True)
    notes = models.TextField(_("anteckningar"), max_length=5000, blank=True)
    # Three-party talk: who took part, besides the young person.
    participants = models.CharField(_("deltagare"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("möte")
        verbose_name_plural = _("möten")

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    """A young person on a case review's agenda (or the subject of a three-party talk), with the decision."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="agenda_items")
    reasons = models.JSONField(_("varför"), default=list)
    order = models.PositiveIntegerField(default=0)
    decision = models.TextField(_("beslut"), max_length=2000, blank=True)
    person_present = models.BooleanField(_("den unga deltog"), default=False)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="agenda_person_once")]


class Action(models.Model):
    """Something decided for a young person, with who does it and by when: a follow-up in Mina uppgifter."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("åtgärd"), max_length=500)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meeting_actions", verbose_name=_("ansvarig")
    )
    due_on = models.DateField(_("klart senast"))
    done_on = models.DateField(_("klart"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["responsible", "done_on", "due_on"], name="action_todo")]


class Invitation(models.Model):
    """A young person invited to an information meeting, and whether they came."""

    class Channel(models.TextChoices):
        LETTER = "brev", _("Brev")
        SMS = "sms", _("Sms")
        EMAIL = "epost", _("E-post")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    attended = models.BooleanField(_("kom"), null=True)

    class Meta:
        # Not by the person: every query of invitations would read persons; lists order after restrict().
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="invitation_once")]


class TalkCapacity(models.Model):
    """How many mapping talks a unit can hold a day (Emmaboda's agreement: four a day, 80 a month)."""

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="talk_capacity")
    per_day = models.PositiveSmallIntegerField(_("kartläggningssamtal per dag"), default=4)


class MappingTalk(models.Model):
    """A booked mapping talk (kartläggningssamtal), usually after an information meeting."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mapping_talks")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet"))
    starts_at = models.DateTimeField(_("tid"))
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="talks")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    cancelled = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["unit", "starts_at"], name="mappingtalk_unit_day")]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "starts_at"], condition=Q(cancelled=False), name="mappingtalk_person_time"
            )
        ]
