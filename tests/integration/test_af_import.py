"""Arbetsförmedlingen's own register (af_inskrivning) through the register pipeline: spells, grounds, idempotence."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from fotfaste.access.grounds import end_contact, restrict
from fotfaste.access.models import OwnBasis, OwnGround
from fotfaste.access.services import Actor
from fotfaste.registers.models import EmploymentSpell, ImportProblem, RegisterImport

pytestmark = pytest.mark.django_db

HEADER = "personnummer;inskriven_fran;inskriven_till;sokandekategori"


def af_file(tmp_path, *rows, name="af.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def run(path, as_of="2026-11-30", *extra):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_register",
        "af_inskrivning",
        str(path),
        "--municipality",
        "1880",
        "--as-of",
        as_of,
        *extra,
        stdout=out,
        stderr=err,
    )
    return out.getvalue(), err.getvalue()


def spells():
    return sorted(EmploymentSpell.objects.values_list("personnummer", "start_date", "end_date", "category", "unit_id"))


def test_spells_and_own_grounds_for_the_af_unit(world, tmp_path):
    asa, ali = world["persons"]["asa"], world["persons"]["ali"]
    unknown = "199503012396"
    path = af_file(
        tmp_path,
        f"{asa.personnummer};2026-01-01;2026-03-31;11",
        f"{asa.personnummer};2026-04-01;;69",
        f"{ali.personnummer};20250601;2025-12-31;14",
        f"{unknown[2:8]}-{unknown[8:]};2016-01-01;;11",
    )
    out, _err = run(path)
    assert "Nya: 4" in out
    af = world["units"]["af"]
    assert len(spells()) == 4
    assert all(unit == af.pk for *_rest, unit in spells())
    grounds = {g.person_id: g for g in OwnGround.objects.filter(unit=af, basis=OwnBasis.REGISTER)}
    assert grounds[asa.pk].start_date == date(2026, 1, 1) and grounds[asa.pk].end_date is None
    assert grounds[ali.pk].end_date == date(2025, 12, 31)
    # The AF officer sees Åsa now; Ali's spell ended, and with it the ground.
    seen = set(restrict(world["users"]["arbetsformedlare"]).values_list("pk", flat=True))
    assert asa.pk in seen and ali.pk not in seen

    # The same file again changes nothing.
    before = (spells(), list(OwnGround.objects.values_list("pk", "start_date", "end_date")))
    out, _err = run(path)
    assert "Nya: 0" in out and "Oförändrade: 4" in out
    assert before == (spells(), list(OwnGround.objects.values_list("pk", "start_date", "end_date")))


def test_a_later_file_ends_a_spell_and_a_missing_spell_stays(world, tmp_path):
    asa, ali = world["persons"]["asa"], world["persons"]["ali"]
    run(af_file(tmp_path, f"{asa.personnummer};2026-01-01;;11", f"{ali.personnummer};2026-02-01;;11"))
    out, _err = run(af_file(tmp_path, f"{asa.personnummer};2026-01-01;2026-06-30;11", name="b.csv"), "2026-12-01")
    assert "Ändrade: 1" in out
    assert spells()[0][2] is not None or spells()[1][2] is not None
    by_person = {pnr: end for pnr, _start, end, _cat, _unit in spells()}
    assert by_person[asa.personnummer] == date(2026, 6, 30)
    assert by_person[ali.personnummer] is None  # missing from the later file: unchanged
    ground = OwnGround.objects.get(unit=world["units"]["af"], person=asa, basis=OwnBasis.REGISTER)
    assert ground.end_date == date(2026, 6, 30)
    # An older file read later cannot reopen it.
    out, _err = run(af_file(tmp_path, f"{asa.personnummer};2026-01-01;;11", name="c.csv"), "2026-11-01")
    assert {pnr: end for pnr, _s, end, _c, _u in spells()}[asa.personnummer] == date(2026, 6, 30)
    assert ImportProblem.objects.filter(severity="meddelande", column="inskriven_till").exists()


def test_a_ground_the_user_ended_stays_ended_until_a_new_spell(world, tmp_path):
    asa = world["persons"]["asa"]
    af = world["units"]["af"]
    run(af_file(tmp_path, f"{asa.personnummer};2026-01-01;;11"))
    user = world["users"]["arbetsformedlare"]
    end_contact(Actor(user), asa, af, reason="Flyttat")
    run(af_file(tmp_path, f"{asa.personnummer};2026-01-01;;11", name="b.csv"), "2026-12-01")
    # A spell that started after the contact ended (yesterday) opens a new ground.
    today = timezone.localdate().isoformat()
    assert asa.pk not in set(restrict(user).values_list("pk", flat=True))
    run(
        af_file(
            tmp_path, f"{asa.personnummer};2026-01-01;2026-11-30;11", f"{asa.personnummer};{today};;69", name="c.csv"
        ),
        today,
    )
    assert OwnGround.objects.filter(unit=af, person=asa, basis=OwnBasis.REGISTER, end_reason="").exists()


def test_bad_rows_are_named_and_nothing_is_stored(world, tmp_path):
    asa = world["persons"]["asa"]
    path = af_file(
        tmp_path,
        f"{asa.personnummer};2026-01-01;2025-12-31;11",
        "200803152381;2026-01-01;;11",
        f"{asa.personnummer};;;1x",
        f"{asa.personnummer};2026-01-01;2025-12-31;11",
    )
    with pytest.raises(CommandError):
        run(path)
    problems = {(p.row, p.column) for p in ImportProblem.objects.all()}
    assert (2, "inskriven_till") in problems
    assert (3, "personnummer") in problems
    assert (4, "inskriven_fran") in problems and (4, "sokandekategori") in problems
    assert not EmploymentSpell.objects.exists() and not OwnGround.objects.filter(basis=OwnBasis.REGISTER).exists()


def test_the_unit_must_be_of_the_municipalitys_agreement(world, tmp_path):
    path = af_file(tmp_path, f"{world['persons']['asa'].personnummer};2026-01-01;;11")
    with pytest.raises(CommandError, match="Ingen samverkan"):
        call_command("import_register", "af_inskrivning", str(path), "--municipality", "1814")
    with pytest.raises(CommandError, match="inte Arbetsförmedlingens enhet"):
        run(path, "2026-11-30", "--unit", str(world["units"]["kaa"].pk))
    assert not RegisterImport.objects.filter(kind="af_inskrivning", status="inlast").exists()


def test_a_person_known_later_gets_the_ground_when_the_population_file_brings_them(world, tmp_path):
    newcomer = "200705022390"
    run(af_file(tmp_path, f"{newcomer};2026-05-01;;11"))
    assert not OwnGround.objects.filter(basis=OwnBasis.REGISTER).exists()
    pop = tmp_path / "folk.csv"
    pop.write_text("personnummer;fornamn;efternamn;kommunkod\n" + f"{newcomer};Nils;Ny;1880\n", encoding="utf-8")
    call_command(
        "import_register",
        "folkbokforing",
        str(pop),
        "--municipality",
        "1880",
        "--as-of",
        "2026-11-30",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    ground = OwnGround.objects.get(basis=OwnBasis.REGISTER)
    assert ground.unit_id == world["units"]["af"].pk and ground.start_date == date(2026, 5, 1)
