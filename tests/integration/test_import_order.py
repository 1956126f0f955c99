"""The order files arrive in does not matter (issue 10): every order of the same files gives the register and
the facts that reading them in date order gives, or a file is refused with a clear message (an older
population snapshot of a municipality after a newer one) and the rest give what they give in date order.

Two municipalities' population snapshots at different dates, with a person moving between them, a
protection flag and a person missing from a later snapshot, plus a school file and a diploma file.
"""

from datetime import date
from itertools import permutations
from pathlib import Path

import pytest
from django.db import transaction

from fotfaste.kaa import derivation
from fotfaste.kaa.models import KaaPeriod
from fotfaste.people.models import Person
from fotfaste.registers import imports
from fotfaste.registers.models import ImportChannel, ImportProblem, ImportStatus
from tests.register_state import register_state

from .test_register_import import ALI, ASA, POPULATION_HEADER, SARA, municipalities

__all__ = ["municipalities"]

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

OREBRO, LEKEBERG = "1880", "1814"

FILES = {
    # Örebro in January: all three live there.
    "orebro-jan": (
        "folkbokforing",
        OREBRO,
        "2026-01-15",
        f"{POPULATION_HEADER}\n{ASA};Åsa;Öberg;Storgatan 1;70210;Örebro;1880;;;;;;\n"
        f"{ALI};Ali;Hassan;Storgatan 2;70210;Örebro;1880;;;;;;\n{SARA};Sara;Sund;Storgatan 3;70210;Örebro;1880;;;;;;\n",
    ),
    # Lekeberg in March: Ali moved there on 20 February and is protected; Sara on 10 February.
    "lekeberg-mar": (
        "folkbokforing",
        LEKEBERG,
        "2026-03-01",
        f"{POPULATION_HEADER}\n{ALI};Ali;Hassan;Hemliga vägen 1;71631;Fjugesta;1814;skyddad_folkbokforing;2026-02-20;;;;\n"
        f"{SARA};Sara;Sund;Bygatan 4;71631;Fjugesta;1814;;2026-02-10;;;;\n",
    ),
    # Örebro in April: Ali listed as moved out, Sara missing (taken to have moved out on 1 April).
    "orebro-apr": (
        "folkbokforing",
        OREBRO,
        "2026-04-01",
        f"{POPULATION_HEADER}\n{ASA};Åsa;Öberg;Storgatan 1;70210;Örebro;1880;;;;;;\n"
        f"{ALI};Ali;Hassan;Hemliga vägen 1;71631;Fjugesta;1814;skyddad_folkbokforing;;;2026-02-20;;\n",
    ),
    # Örebro's school file: Åsa dropped out; Ali's enrolment ended while he lived in Örebro.
    "orebro-school": (
        "elevregister",
        OREBRO,
        "2026-03-20",
        "personnummer;skolform;program;startdatum;slutdatum;slutorsak\n"
        f"{ASA};GY;NA;2024-08-19;2026-03-15;avbrott\n{ALI};GY;EK;2023-08-21;2025-06-10;avbrott\n",
    ),
    # Lekeberg's diploma file: Ali's, issued after he moved there; Åsa's compulsory school.
    "lekeberg-diplomas": (
        "betyg",
        LEKEBERG,
        "2026-03-25",
        f"personnummer;typ;datum\n{ALI};motsvarande;2026-03-10\n{ASA};grundskola;2024-06-10\n",
    ),
}


def read_in(name: str, folder: Path) -> bool:
    """Check and read in one file; False when it is refused (with a clear message)."""
    kind, municipality, as_of, text = FILES[name]
    path = folder / f"{name}.csv"
    if not path.exists():
        path.write_text(text, encoding="utf-8")
    imp = imports.create_import(
        kind=kind,
        municipality=municipality,
        path=path,
        file_name=path.name,
        as_of=date.fromisoformat(as_of),
        user_name="test",
        channel=ImportChannel.COMMAND,
    )
    imports.check(imp)
    imp.refresh_from_db()
    if imp.status == ImportStatus.REJECTED:
        message = ImportProblem.objects.get(register_import=imp).message
        assert message.startswith("Folkbokföringsuttag läses in i datumordning."), message
        return False
    assert imp.status == ImportStatus.READY, imp.status
    imports.commit(imp, actor_name="test", confirmed_disappeared=imp.disappeared)
    return True


class Undo(Exception):
    pass


def outcome(order, folder: Path) -> tuple[frozenset, dict]:
    """Read the files in in this order, note the register, and undo it all."""
    found = {}
    try:
        with transaction.atomic():
            accepted = frozenset(name for name in order if read_in(name, folder))
            found["state"] = register_state()
            # What the imports derived equals deriving everyone again from the facts.
            derivation.rederive(Person.objects.values_list("id", flat=True))
            assert register_state()["periods"] == found["state"]["periods"]
            raise Undo
    except Undo:
        pass
    return accepted, found["state"]


def in_date_order(names) -> list[str]:
    return sorted(names, key=lambda n: FILES[n][2])


def test_every_order_of_arrival_gives_the_register_of_date_order(tmp_path):
    expected: dict[frozenset, dict] = {}
    refused_somewhere = False
    for order in permutations(FILES):
        accepted, state = outcome(order, tmp_path)
        if accepted not in expected:
            expected_accepted, expected[accepted] = outcome(in_date_order(accepted), tmp_path)
            assert expected_accepted == accepted
        assert state == expected[accepted], order
        refused_somewhere |= len(accepted) < len(FILES)
    assert refused_somewhere  # Örebro's January snapshot after its April one


def test_what_date_order_gives(tmp_path):
    """The register the property compares with, spelled out."""
    with transaction.atomic():
        assert all(read_in(name, tmp_path) for name in in_date_order(FILES))
        state = register_state()
        ali, sara = state["persons"][ALI], state["persons"][SARA]
        assert (ali["protection"], ali["home_municipality_id"], ali["street_address"]) == (
            "skyddad_folkbokforing",
            LEKEBERG,
            "Hemliga vägen 1",
        )
        assert (sara["home_municipality_id"], sara["street_address"]) == (LEKEBERG, "Bygatan 4")
        periods = {
            (p.person.personnummer, p.municipality_id): (p.start_date, p.end_date, p.end_reason)
            for p in KaaPeriod.objects.select_related("person")
        }
        # Ali: covered in Örebro until he moved (his dropout in 2025), in Lekeberg until his diploma.
        assert periods[(ALI, OREBRO)] == (date(2025, 6, 11), date(2026, 2, 19), "flyttat")
        assert periods[(ALI, LEKEBERG)] == (date(2026, 2, 20), date(2026, 3, 9), "fullfoljt")
        # Sara counts in Örebro only until Lekeberg's registration begins, though Örebro's April
        # snapshot (which no longer lists her) ends hers there only on 1 April.
        assert periods[(SARA, OREBRO)][1:] == (date(2026, 2, 9), "flyttat")
        assert periods[(SARA, LEKEBERG)][0] == date(2026, 2, 10)
