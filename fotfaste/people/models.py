from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from fotfaste.reference.models import Municipality

from .identity import parse_identity_number


class Protection(models.TextChoices):
    NONE = "", _("Ingen")
    CONFIDENTIALITY_MARKING = "sekretessmarkering", _("Sekretessmarkering")
    PROTECTED_REGISTRATION = "skyddad_folkbokforing", _("Skyddad folkbokföring")


class Background(models.TextChoices):
    """Skolverket's three background categories."""

    UNKNOWN = "", _("Okänd")
    SWEDISH = "svensk", _("Svensk bakgrund")
    FOREIGN_BORN_IN_SWEDEN = "utlandsk_fodd_i_sverige", _("Utländsk bakgrund, född i Sverige")
    BORN_ABROAD = "fodd_utomlands", _("Född utomlands")


class IdentityKind(models.TextChoices):
    PERSONAL = "personnummer", _("Personnummer")
    COORDINATION = "samordningsnummer", _("Samordningsnummer")
    INTERIM = "interimsnummer", _("Reservnummer")


class Sex(models.TextChoices):
    FEMALE = "kvinna", _("Kvinna")
    MALE = "man", _("Man")


# Fields that are the address: never shown, printed, exported or returned for a protected person.
ADDRESS_FIELDS = ("street_address", "postal_code", "postal_town")


class Person(models.Model):
    """A young person (the data subject). Read only through fotfaste.access."""

    # Unique through Meta.constraints: unique=True would also add a LIKE index on PostgreSQL that no query uses.
    personnummer = models.CharField(_("personnummer"), max_length=12)
    identity_kind = models.CharField(_("typ av nummer"), max_length=20, choices=IdentityKind.choices)
    birth_date = models.DateField(_("födelsedatum"))
    sex = models.CharField(_("juridiskt kön"), max_length=6, choices=Sex.choices)
    first_name = models.CharField(_("förnamn"), max_length=100)
    last_name = models.CharField(_("efternamn"), max_length=100)
    # Lower-case "efternamn förnamn", for prefix search and stable name order.
    sort_name = models.CharField(max_length=201, editable=False)
    street_address = models.CharField(_("utdelningsadress"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=5, blank=True)
    postal_town = models.CharField(_("postort"), max_length=100, blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    # Indexed in Meta (a field index would bring an unused LIKE copy on PostgreSQL).
    home_municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="residents", verbose_name=_("hemkommun"), db_index=False
    )
    background = models.CharField(_("bakgrund"), max_length=30, choices=Background.choices, blank=True)
    protection = models.CharField(_("skyddad identitet"), max_length=30, choices=Protection.choices, blank=True)
    # From the population register: immigration to Sweden and death, and which import and row last set
    # the register fields above (provenance); register_hash tells whether a later row changes anything.
    immigrated_on = models.DateField(_("invandrad"), null=True, blank=True)
    died_on = models.DateField(_("avliden"), null=True, blank=True)
    register_hash = models.CharField(max_length=16, blank=True, editable=False)
    source_import = models.ForeignKey(
        "registers.RegisterImport", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    source_row = models.IntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sort_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        # Every index is paid for on every row a population import writes: only those queries use.
        indexes = [
            models.Index(fields=["sort_name", "id"], name="person_name"),
            models.Index(fields=["home_municipality", "sort_name", "id"], name="person_muni_name"),
            # Besides person_muni_name: the worklist's sorts by date read a municipality's persons
            # through it in table order, three times faster than in name order (docs/performance.md).
            models.Index(fields=["home_municipality"], name="person_municipality"),
        ]
        constraints = [models.UniqueConstraint(fields=["personnummer"], name="person_personnummer_unique")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def save(self, *args, **kwargs):
        ident = parse_identity_number(self.personnummer)
        self.personnummer = ident.number
        self.identity_kind = ident.kind
        self.birth_date = ident.birth_date
        self.sex = ident.sex
        self.sort_name = make_sort_name(self.first_name, self.last_name)
        super().save(*args, **kwargs)

    @property
    def is_protected(self) -> bool:
        return bool(self.protection)

    def age_on(self, day: date) -> int:
        return parse_identity_number(self.personnummer).age_on(day)

    def formatted_personnummer(self) -> str:
        return parse_identity_number(self.personnummer).formatted()


def make_sort_name(first_name: str, last_name: str) -> str:
    return f"{last_name} {first_name}".strip().lower()
