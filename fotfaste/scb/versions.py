"""Keeping the versions of SCB's collection: an administrator edits one as JSON or imports a file."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from . import checks
from . import spec as spec_module
from .models import ScbVersion

MAX_BYTES = 1_000_000


def _name(user) -> str:
    return user.display_name() if hasattr(user, "display_name") else str(user)


def catalogue() -> list[tuple[str, str]]:
    return [(code, str(text)) for code, text in checks.CATALOGUE.items()]


@transaction.atomic
def save_text(version: ScbVersion, text: str, checked: bool, user) -> ScbVersion:
    """Replace a version with the text, if the whole of it is valid; else SpecError and nothing changes."""
    parsed = spec_module.loads(text)
    if ScbVersion.objects.filter(code=parsed.version).exclude(pk=version.pk).exists():
        raise spec_module.SpecError([_("version: ”%(v)s” finns redan som en annan version.") % {"v": parsed.version}])
    data = dict(parsed.raw)
    data["kontrollerad"] = checked
    version = ScbVersion.objects.select_for_update().get(pk=version.pk)
    version.code, version.applies_from, version.spec, version.checked = (
        parsed.version,
        str(parsed.applies_from),
        data,
        checked,
    )
    version.updated_by_name = _name(user)
    version.save()
    return version


@transaction.atomic
def import_file(upload, user) -> ScbVersion:
    """A new version from a file; one with the same code is replaced (its exports keep what they used)."""
    if upload.size > MAX_BYTES:
        raise spec_module.SpecError([_("Filen är för stor: en version är högst 1 MB.")])
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise spec_module.SpecError([_("Filen är inte UTF-8-kodad JSON.")]) from None
    parsed = spec_module.loads(text)
    version, _created = ScbVersion.objects.select_for_update().get_or_create(
        code=parsed.version,
        defaults={"applies_from": str(parsed.applies_from), "spec": dict(parsed.raw), "checked": parsed.checked},
    )
    version.applies_from, version.spec, version.checked = str(parsed.applies_from), dict(parsed.raw), parsed.checked
    version.updated_by_name = _name(user)
    version.save()
    return version


def load_shipped() -> int:
    """The versions shipped in versions/ that the database lacks (the migration loads them once; a
    database whose tables were emptied, as the browser tests' are, gets them again here)."""
    import json
    from pathlib import Path

    added = 0
    for path in sorted((Path(__file__).resolve().parent / "versions").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        _version, created = ScbVersion.objects.get_or_create(
            code=data["version"],
            defaults={"applies_from": data["galler_fran"], "spec": data, "checked": bool(data.get("kontrollerad"))},
        )
        added += created
    return added
