from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WEB = "webb", _("Webb")
    API = "api", _("API")
    COMMAND = "kommando", _("Kommando")


class ReadLogEntry(models.Model):
    """One read of one person's data: who, when, whom, what, from where (loggning).

    The personnummer and username are copied so the log stays readable after
    the person or user is removed; the log has its own retention.
    """

    at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    username = models.CharField(_("användare"), max_length=150)
    person_id_ref = models.BigIntegerField(null=True)
    personnummer = models.CharField(_("personnummer"), max_length=12)
    what = models.CharField(_("vad"), max_length=200)
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    ip = models.GenericIPAddressField(_("ip-adress"), null=True)
    # Protected identities are always flagged, so log reviews can look at them first.
    protected = models.BooleanField(default=False)
    # The consent the read rested on, when the user saw another unit's information by consent.
    consent_id_ref = models.BigIntegerField(_("samtycke"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("läslogg")
        indexes = [
            models.Index(fields=["personnummer", "at"], name="readlog_person_at"),
            models.Index(fields=["username", "at"], name="readlog_user_at"),
        ]


class ChangeLogEntry(models.Model):
    """A change to personal data with the values before and after."""

    at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    username = models.CharField(_("användare"), max_length=150)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="changes", null=True)
    personnummer = models.CharField(_("personnummer"), max_length=12)
    action = models.CharField(_("händelse"), max_length=20)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("ändringslogg")
        indexes = [models.Index(fields=["personnummer", "at"], name="changelog_person_at")]


class OwnBasis(models.TextChoices):
    """How a unit's own ground to see a person came about."""

    TEAM = "team", _("Enheten ingår i teamet runt personen")
    WORK = "arbete", _("Enheten arbetar med personen (plan, kartläggning eller uppgifter)")
    REGISTER = "register", _("Personen finns i enhetens eget register")
    TRANSFERRED = "overford", _("Överförd från en tidigare version av Fotfäste")


class OwnGroundQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(models.Q(start_date__lte=day), models.Q(end_date__isnull=True) | models.Q(end_date__gte=day))


class OwnGround(models.Model):
    """A unit works with a person on its own account: one of the three grounds of access.

    Created only by a unit that already has an own ground or a duty towards the person (or by an
    import of the unit's own register), never by something done under a consent. It ends when the
    unit's last team membership, record and plan part ends, or when a user ends the contact.
    """

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="own_grounds")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="own_grounds", verbose_name=_("enhet"))
    start_date = models.DateField(_("från"))
    # The last day; a contact ended today ends yesterday, so it takes effect at once (even when
    # that is before start_date: such a ground never opened anything).
    end_date = models.DateField(_("till och med"), null=True, blank=True)
    basis = models.CharField(_("grund"), max_length=20, choices=OwnBasis.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    end_reason = models.CharField(_("varför kontakten avslutades"), max_length=500, blank=True)
    ended_by_name = models.CharField(max_length=150, blank=True)

    objects = OwnGroundQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "id"]
        verbose_name = _("egen grund")
        verbose_name_plural = _("egna grunder")
        indexes = [models.Index(fields=["unit", "person"], name="ownground_unit_person")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.person_id}"
