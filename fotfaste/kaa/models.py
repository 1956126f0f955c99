"""The KAA register: derived periods and the change list of each import."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fotfaste.people.models import Person
from fotfaste.reference.models import Municipality


class StartReason(models.TextChoices):
    DROPOUT = "avbrott", _("Avbrott från gymnasieskolan")
    STUDY_CERTIFICATE = "studiebevis", _("Lämnat gymnasieskolan med studiebevis")
    MOVED_IN = "inflyttad", _("Inflyttad till kommunen")
    INTRODUCTION_PROGRAMME = "introduktionsprogram", _("Går introduktionsprogram (före 2018-07-01)")
    NEVER_STARTED = "ej_borjat", _("Har inte börjat gymnasieskolan")
    OTHER = "ovrigt", _("Övrigt")


class EndReason(models.TextChoices):
    DIED = "avliden", _("Avliden")
    MOVED = "flyttat", _("Flyttat från kommunen")
    TURNED_20 = "fyllt_20", _("Fyllt 20 år")
    COMPLETED = "fullfoljt", _("Fullföljt gymnasieutbildning eller motsvarande")
    STARTED_EDUCATION = "borjat_utbildning", _("Börjat gymnasieskola eller motsvarande")
    OTHER = "ovrigt", _("Övrigt")


class KaaPeriod(models.Model):
    """A maximal run of days on which the municipality's activity responsibility covers the person.

    Derived from the register facts by fotfaste.kaa.rules and written again after
    every import that changes the person's facts. end_date is the last covered day.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="kaa_periods", db_index=False)
    # Both lead composite indexes below; single-column ones only tempt the planner into scans.
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+", db_index=False)
    start_date = models.DateField(_("från"))
    end_date = models.DateField(_("till och med"))
    start_reason = models.CharField(_("registreringsorsak"), max_length=30, choices=StartReason.choices)
    end_reason = models.CharField(_("avregistreringsorsak"), max_length=30, choices=EndReason.choices)
    # The facts behind the period, as "registration:12", "enrolment:7", "certificate:3" (see kaa.derivation).
    start_fact = models.CharField(max_length=40, blank=True)
    end_fact = models.CharField(max_length=40, blank=True)
    basis = models.JSONField(default=dict)  # the rules on the first day and on the day after the last
    derived_at = models.DateTimeField()

    class Meta:
        ordering = ["person_id", "start_date"]
        verbose_name = _("KAA-period")
        verbose_name_plural = _("KAA-perioder")
        indexes = [
            models.Index(fields=["municipality", "end_date", "start_date"], name="kaaperiod_muni_dates"),
            # Person and municipality first: per-person lookups (change list, person page) must not pick the
            # municipality index and scan the whole register.
            models.Index(fields=["person", "municipality", "start_date"], name="kaaperiod_person_muni"),
        ]

    def covers(self, day) -> bool:
        return self.start_date <= day <= self.end_date


class Direction(models.TextChoices):
    ENTERED = "in", _("In i KAA")
    LEFT = "ut", _("Ut ur KAA")


class KaaChangeList(models.Model):
    """One municipality's change list made by one import: who entered and left its KAA register since its
    previous change list.

    The importing municipality always gets one. So does every other municipality whose register the
    import changed (a school file re-derives persons registered elsewhere too), when anyone entered or left.
    """

    register_import = models.ForeignKey("registers.RegisterImport", on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    since = models.DateField(_("jämfört med"), null=True)  # the previous change list's day; None: the first
    day = models.DateField(_("per"))
    entered = models.IntegerField(_("in i KAA"), default=0)
    left = models.IntegerField(_("ut ur KAA"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("ändringslista")
        constraints = [
            models.UniqueConstraint(fields=["register_import", "municipality"], name="one_change_list_per_import")
        ]
        indexes = [models.Index(fields=["municipality", "id"], name="changelist_muni")]


class KaaChange(models.Model):
    """Who entered or left a municipality's KAA register since its previous change list, and why."""

    register_import = models.ForeignKey(
        "registers.RegisterImport", on_delete=models.CASCADE, related_name="kaa_changes"
    )
    # Whose register changed: the importing municipality's, or another's where the file's facts re-derived it.
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    direction = models.CharField(_("förändring"), max_length=2, choices=Direction.choices)
    reason = models.CharField(_("orsak"), max_length=30)
    day = models.DateField(_("datum"), null=True)  # first day in KAA, or first day out of it

    class Meta:
        ordering = ["register_import", "direction", "id"]
        verbose_name = _("förändring i KAA-registret")
        indexes = [models.Index(fields=["register_import", "municipality", "direction"], name="kaachange_import_muni")]


class CoverageSnapshot(models.Model):
    """Who was in KAA on the previous import's date, held while an import is read in.

    Scratch rows: written before the merge and removed when the change list is made,
    so that the comparison is set-based SQL however many are in the register.
    """

    register_import = models.ForeignKey("registers.RegisterImport", on_delete=models.CASCADE, related_name="+")
    municipality_id = models.CharField(max_length=4)
    person_id = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["register_import", "municipality_id", "person_id"], name="snapshot_import_muni")
        ]
