"""Register imports and the facts they bring: population registration, school enrolments, diplomas.

Every fact remembers the import and the file row that last set it (provenance).
A file is first checked into staging tables, then merged with set-based SQL, so
nothing from a file with errors is ever stored.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fotfaste.people.models import Person
from fotfaste.reference.models import Municipality


class RegisterKind(models.TextChoices):
    POPULATION = "folkbokforing", _("Folkbokföring")
    ENROLMENTS = "elevregister", _("Elevregister")
    CERTIFICATES = "betyg", _("Betyg och intyg")
    EMPLOYMENT_SERVICE = "af_inskrivning", _("Inskrivning på Arbetsförmedlingen")


# Registers that belong to one unit (its own register, read in by it), not to the municipality's KAA.
UNIT_REGISTERS = frozenset({RegisterKind.EMPLOYMENT_SERVICE})


class ImportStatus(models.TextChoices):
    NEEDS_MAPPING = "koppla", _("Kolumnerna behöver kopplas")
    QUEUED = "vantar", _("Väntar på kontroll")
    CHECKING = "kontrolleras", _("Kontrolleras")
    REJECTED = "avvisad", _("Avvisad – inget lästes in")
    READY = "granska", _("Kontrollerad – väntar på att läsas in")
    COMMIT_QUEUED = "vantar_inlasning", _("Väntar på inläsning")
    COMMITTING = "lases_in", _("Läses in")
    DONE = "inlast", _("Inläst")
    DRY_RUN = "provkord", _("Provkörd – inget lästes in")
    CANCELLED = "avbruten", _("Avbruten – inget lästes in")
    FAILED = "misslyckades", _("Misslyckades – inget lästes in")


# The life of an import as plain data: from each status, the statuses it may move to. Every change of
# status is a compare-and-set against this table (imports.move), so two actors that both read "granska"
# – a cancel and a commit, two workers – cannot both act: the second finds the status changed and stops.
TRANSITIONS: dict[str, frozenset[str]] = {
    ImportStatus.NEEDS_MAPPING: frozenset({ImportStatus.QUEUED, ImportStatus.CANCELLED}),
    ImportStatus.QUEUED: frozenset({ImportStatus.CHECKING, ImportStatus.FAILED}),
    ImportStatus.CHECKING: frozenset({ImportStatus.READY, ImportStatus.REJECTED, ImportStatus.FAILED}),
    # COMMITTING straight from READY: the command reads in at once; the web queues it for the worker.
    ImportStatus.READY: frozenset(
        {ImportStatus.COMMIT_QUEUED, ImportStatus.COMMITTING, ImportStatus.DRY_RUN, ImportStatus.CANCELLED}
    ),
    ImportStatus.COMMIT_QUEUED: frozenset({ImportStatus.COMMITTING, ImportStatus.FAILED}),
    # Back to READY when the register changed since the preview and the user must look again.
    ImportStatus.COMMITTING: frozenset({ImportStatus.DONE, ImportStatus.READY, ImportStatus.FAILED}),
    ImportStatus.REJECTED: frozenset(),
    ImportStatus.DONE: frozenset(),
    ImportStatus.DRY_RUN: frozenset(),
    ImportStatus.CANCELLED: frozenset(),
    ImportStatus.FAILED: frozenset(),
}


def can_move(source: str, target: str) -> bool:
    """May an import in status `source` move to `target`?"""
    return target in TRANSITIONS.get(source, frozenset())


def sources_of(target: str, among=None) -> frozenset[str]:
    """The statuses from which `target` may be reached (limited to `among`, when given)."""
    found = frozenset(s for s, targets in TRANSITIONS.items() if target in targets)
    return found if among is None else found & frozenset(among)


# Statuses in which the import is still on its way and a worker or the user has more to do.
ACTIVE_STATUSES = frozenset(s for s, targets in TRANSITIONS.items() if targets)
RUNNING_STATUSES = frozenset(
    {ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.COMMIT_QUEUED, ImportStatus.COMMITTING}
)


class ImportChannel(models.TextChoices):
    WEB = "webb", _("Webb")
    COMMAND = "kommando", _("Kommando")


class ColumnMapping(models.Model):
    """How one source's column names map onto the canonical ones, remembered after the first mapping.

    A file is recognised by its header signature: the same set of column names
    from the same source system gives the same signature.
    """

    kind = models.CharField(_("register"), max_length=20, choices=RegisterKind.choices)
    name = models.CharField(_("källa"), max_length=200)
    header_signature = models.CharField(max_length=64)
    columns = models.JSONField(_("kopplingar"), default=dict)  # canonical name -> the file's column name
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kolumnkoppling")
        verbose_name_plural = _("kolumnkopplingar")
        constraints = [models.UniqueConstraint(fields=["kind", "header_signature"], name="one_mapping_per_header")]

    def __str__(self) -> str:
        return self.name


class RegisterImport(models.Model):
    """One file read for one municipality: what, when, by whom, what it found and what it changed."""

    kind = models.CharField(_("register"), max_length=20, choices=RegisterKind.choices)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, verbose_name=_("kommun"))
    # The unit whose own register the file is (af_inskrivning); empty for the municipality's registers.
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("enhet")
    )
    as_of = models.DateField(_("uttagsdatum"))
    file_name = models.CharField(_("filnamn"), max_length=255)
    stored_file = models.CharField(max_length=500, blank=True)  # path of an uploaded file until it is no longer needed
    sha256 = models.CharField(max_length=64)
    size = models.BigIntegerField(default=0)
    file_format = models.CharField(max_length=10, blank=True)
    encoding = models.CharField(max_length=20, blank=True)
    delimiter = models.CharField(max_length=2, blank=True)
    header = models.JSONField(default=list)
    columns = models.JSONField(default=dict)  # canonical name -> the file's column name, as used
    mapping = models.ForeignKey(ColumnMapping, on_delete=models.SET_NULL, null=True, blank=True)

    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices)
    channel = models.CharField(max_length=10, choices=ImportChannel.choices, default=ImportChannel.WEB)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    committed_by_name = models.CharField(max_length=150, blank=True)

    # Progress of the current step, for the progress bar.
    phase = models.CharField(max_length=100, blank=True)
    progress_done = models.BigIntegerField(default=0)
    progress_total = models.BigIntegerField(default=0)

    rows = models.IntegerField(_("rader"), default=0)
    errors = models.IntegerField(_("fel"), default=0)
    notices = models.IntegerField(_("meddelanden"), default=0)
    new = models.IntegerField(_("nya"), default=0)
    changed = models.IntegerField(_("ändrade"), default=0)
    unchanged = models.IntegerField(_("oförändrade"), default=0)
    disappeared = models.IntegerField(_("försvunna"), default=0)
    # Registered in the municipality before the import (what a population snapshot could end), and how many
    # ended registrations the user confirmed reading in (a file that would end many of them).
    registered = models.IntegerField(_("folkbokförda före importen"), default=0)
    confirmed_disappeared = models.IntegerField(null=True, blank=True)
    entered_kaa = models.IntegerField(_("in i KAA"), default=0)
    left_kaa = models.IntegerField(_("ut ur KAA"), default=0)
    # The previous completed import for the municipality: the change list is "since" it.
    previous = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    failure = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("registerimport")
        verbose_name_plural = _("registerimporter")
        indexes = [models.Index(fields=["municipality", "kind", "status", "as_of"], name="import_muni_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.municipality_id} {self.as_of} (#{self.pk})"

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES

    @property
    def progress_percent(self) -> int:
        if not self.progress_total:
            return 0
        return min(100, int(100 * self.progress_done / self.progress_total))


class Severity(models.TextChoices):
    ERROR = "fel", _("Fel")
    NOTICE = "meddelande", _("Meddelande")


class ImportProblem(models.Model):
    """An error (the file is rejected) or a notice (the file is read anyway), by row and column."""

    register_import = models.ForeignKey(RegisterImport, on_delete=models.CASCADE, related_name="problems")
    severity = models.CharField(max_length=12, choices=Severity.choices)
    row = models.IntegerField(_("rad"), null=True)  # None: the file as a whole
    column = models.CharField(_("kolumn"), max_length=200, blank=True)
    message = models.TextField(_("problem"))

    class Meta:
        ordering = ["register_import", "row", "id"]
        indexes = [models.Index(fields=["register_import", "severity", "row"], name="problem_import_row")]


# --- Facts -------------------------------------------------------------------


class Provenance(models.Model):
    """Which import, and which row of its file, last set this fact."""

    source_import = models.ForeignKey(
        RegisterImport, on_delete=models.PROTECT, related_name="+", verbose_name=_("import")
    )
    source_row = models.IntegerField(_("rad"), null=True)

    class Meta:
        abstract = True


class Registration(Provenance):
    """Population registration (folkbokföring) of a person in a municipality, as a date interval.

    start_date: folkbokford_datum; empty means from birth (or from immigration).
    end_date: the first day no longer registered; empty while registered.
    """

    # The unique (person, municipality, start) and the (municipality, end) indexes lead with these.
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="registrations", db_index=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+", db_index=False)
    start_date = models.DateField(_("folkbokförd från"), null=True)
    end_date = models.DateField(_("folkbokförd till"), null=True)
    end_kind = models.CharField(_("orsak"), max_length=20, blank=True)
    # For an ended registration: the date of the newest file of the municipality that listed the person as
    # registered here. An open one is vouched for by the municipality's latest snapshot (snapshots are whole).
    confirmed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person_id", "start_date"]
        verbose_name = _("folkbokföring")
        indexes = [models.Index(fields=["municipality", "end_date"], name="registration_muni_end")]
        constraints = [
            models.UniqueConstraint(fields=["person", "municipality", "start_date"], name="registration_unique_start"),
            models.UniqueConstraint(
                fields=["person", "municipality"],
                condition=Q(start_date__isnull=True),
                name="registration_unique_birth",
            ),
        ]


class Enrolment(Provenance):
    """A school enrolment, identified by personnummer, school form, programme and start date."""

    personnummer = models.CharField(_("personnummer"), max_length=12)
    school_form = models.CharField(_("skolform"), max_length=10)
    programme = models.CharField(_("program"), max_length=20, blank=True)
    school_unit = models.CharField(_("skolenhet"), max_length=200, blank=True)
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("slutdatum"), null=True)
    end_cause = models.CharField(_("slutorsak"), max_length=20, blank=True)
    row_hash = models.CharField(max_length=16)

    class Meta:
        ordering = ["personnummer", "start_date"]
        verbose_name = _("inskrivning")
        constraints = [
            models.UniqueConstraint(
                fields=["personnummer", "school_form", "programme", "start_date"], name="enrolment_key"
            )
        ]


class Certificate(Provenance):
    """A diploma or certificate, identified by personnummer, kind and date."""

    personnummer = models.CharField(_("personnummer"), max_length=12)
    kind = models.CharField(_("typ"), max_length=40)
    issued = models.DateField(_("datum"))

    class Meta:
        ordering = ["personnummer", "issued"]
        verbose_name = _("betyg eller intyg")
        constraints = [models.UniqueConstraint(fields=["personnummer", "kind", "issued"], name="certificate_key")]


class EmploymentSpell(Provenance):
    """A registration at Arbetsförmedlingen from the unit's own register (af_inskrivning).

    Identified by the unit, personnummer, first day and category; a later file updates its last day and
    a spell missing from a later file stays as it was. Information of the kind "af", held by the unit:
    others see it only under a consent the unit has confirmed.
    """

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet"))
    personnummer = models.CharField(_("personnummer"), max_length=12)
    start_date = models.DateField(_("inskriven från"))
    end_date = models.DateField(_("inskriven till och med"), null=True)
    category = models.CharField(_("sökandekategori"), max_length=3)

    class Meta:
        ordering = ["personnummer", "start_date"]
        verbose_name = _("inskrivning på Arbetsförmedlingen")
        verbose_name_plural = _("inskrivningar på Arbetsförmedlingen")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "personnummer", "start_date", "category"], name="employment_spell_key"
            )
        ]
        indexes = [models.Index(fields=["personnummer", "start_date"], name="employment_spell_pnr")]


# --- Staging: a checked file waiting to be merged ---------------------------------
# Plain columns, no foreign keys to facts: rows are written with COPY or executemany.
# The import link is no database constraint either (a check per row at commit for a table that is
# emptied after every import) and no index of its own: each staging index leads with it.
# On PostgreSQL the staging tables are UNLOGGED (migration 0003): what a crash loses is checked again.
STAGING_KEY = {"db_constraint": False, "db_index": False}


class StagedPerson(models.Model):
    register_import = models.ForeignKey(RegisterImport, on_delete=models.CASCADE, related_name="+", **STAGING_KEY)
    row_no = models.IntegerField()
    personnummer = models.CharField(max_length=12)
    identity_kind = models.CharField(max_length=20)
    birth_date = models.DateField()
    sex = models.CharField(max_length=6)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    sort_name = models.CharField(max_length=201)
    street_address = models.CharField(max_length=200)
    postal_code = models.CharField(max_length=5)
    postal_town = models.CharField(max_length=100)
    municipality_code = models.CharField(max_length=4)
    protection = models.CharField(max_length=30)
    background = models.CharField(max_length=30)
    registered_on = models.DateField(null=True)
    immigrated_on = models.DateField(null=True)
    moved_out_on = models.DateField(null=True)
    died_on = models.DateField(null=True)
    # The registration in the municipality ends on the earlier of moving out and death.
    registration_end = models.DateField(null=True)
    registration_end_kind = models.CharField(max_length=20)
    row_hash = models.CharField(max_length=16)
    # Set while reading in: a newer file of another municipality already set the person's facts.
    newer_as_of = models.DateField(null=True)

    class Meta:
        indexes = [models.Index(fields=["register_import", "personnummer"], name="staged_person_pnr")]


class StagedEnrolment(models.Model):
    register_import = models.ForeignKey(RegisterImport, on_delete=models.CASCADE, related_name="+", **STAGING_KEY)
    row_no = models.IntegerField()
    personnummer = models.CharField(max_length=12)
    school_form = models.CharField(max_length=10)
    programme = models.CharField(max_length=20)
    school_unit = models.CharField(max_length=200)
    start_date = models.DateField()
    end_date = models.DateField(null=True)
    end_cause = models.CharField(max_length=20)
    row_hash = models.CharField(max_length=16)

    class Meta:
        indexes = [models.Index(fields=["register_import", "personnummer"], name="staged_enrolment_pnr")]


class StagedCertificate(models.Model):
    register_import = models.ForeignKey(RegisterImport, on_delete=models.CASCADE, related_name="+", **STAGING_KEY)
    row_no = models.IntegerField()
    personnummer = models.CharField(max_length=12)
    kind = models.CharField(max_length=40)
    issued = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["register_import", "personnummer"], name="staged_certificate_pnr")]


class StagedSpell(models.Model):
    register_import = models.ForeignKey(RegisterImport, on_delete=models.CASCADE, related_name="+", **STAGING_KEY)
    row_no = models.IntegerField()
    personnummer = models.CharField(max_length=12)
    start_date = models.DateField()
    end_date = models.DateField(null=True)
    category = models.CharField(max_length=3)

    class Meta:
        indexes = [models.Index(fields=["register_import", "personnummer"], name="staged_spell_pnr")]
