"""Disposal against a real database: facts built directly with the ORM, then a report and a run.

The scenario, reference date 2026-06-01, three-year rules, cutoff 2023-06-01 (Örebro 1880, Lekeberg 1814):

- done: in KAA in Örebro 2018–2019, moved out 2021, school rows from 2016–2018 → everything goes
- completed: never in KAA, diploma 2018, moved out 2021 → everything goes
- still_in_kaa: KAA period running past the run date, still registered → keeps everything
- ended_after: KAA ended 2023-08-31, after the cutoff → keeps everything
- still_registered: KAA ended 2019 but still registered in Örebro → keeps everything
- ali (world): registration ended 2021, a unit still works with him → registration goes, person stays
- lekeberg: KAA in Lekeberg ended 2019, Lekeberg's own ten-year rule → keeps everything
- school rows for an identity number no person row has (a notice in the import) → go
"""

import json
from datetime import date, datetime, time
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from fotfaste.access.models import ChangeLogEntry, OwnGround, ReadLogEntry
from fotfaste.disposal import categories, services
from fotfaste.disposal.categories import Category, UnexpectedCascade
from fotfaste.disposal.models import DisposalRun, RetentionRule
from fotfaste.kaa.models import KaaChange, KaaPeriod
from fotfaste.people.models import Person
from fotfaste.reference.data import test_identity_numbers as skatteverket_test_numbers
from fotfaste.registers.models import (
    Certificate,
    Enrolment,
    ImportProblem,
    ImportStatus,
    RegisterImport,
    Registration,
)

pytestmark = pytest.mark.django_db

RUN_ON = date(2026, 6, 1)
CUTOFF = date(2023, 6, 1)
OREBRO, LEKEBERG = "1880", "1814"


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def make_import(kind, municipality, as_of, status=ImportStatus.DONE, **extra) -> RegisterImport:
    imp = RegisterImport.objects.create(
        kind=kind,
        municipality_id=municipality,
        as_of=as_of,
        file_name=f"{kind}-{municipality}-{as_of}.csv",
        sha256="0" * 64,
        status=status,
        **extra,
    )
    # created_at is auto_now_add: put the import where its date says it was made.
    RegisterImport.objects.filter(pk=imp.pk).update(created_at=at(as_of))
    imp.refresh_from_db()
    return imp


def make_person(number, first, last, municipality, source=None, updated=date(2019, 1, 1)) -> Person:
    person = Person.objects.create(
        personnummer=number,
        first_name=first,
        last_name=last,
        home_municipality_id=municipality,
        street_address="Storgatan 1",
        postal_code="70210",
        postal_town="Örebro",
        source_import=source,
    )
    Person.objects.filter(pk=person.pk).update(updated_at=at(updated), created_at=at(updated))
    return person


def period(person, municipality, start, end):
    return KaaPeriod.objects.create(
        person=person,
        municipality_id=municipality,
        start_date=start,
        end_date=end,
        start_reason="avbrott",
        end_reason="fyllt_20",
        basis={},
        derived_at=at(start),
    )


def numbers_born(*years: str) -> list[str]:
    return [n for n in skatteverket_test_numbers() if n[:4] in years]


@pytest.fixture
def scenario(world):
    # The scenario's KAA register is its own: without the world's current periods.
    KaaPeriod.objects.all().delete()
    older = numbers_born("1999", "2000", "2001")
    young = numbers_born("2007")
    imports = {
        "pop_o_2018": make_import("folkbokforing", OREBRO, date(2018, 1, 15)),
        "pop_o_2024": make_import("folkbokforing", OREBRO, date(2024, 1, 15)),
        "school_o_2019": make_import("elevregister", OREBRO, date(2019, 8, 30)),
        "school_o_2022": make_import("elevregister", OREBRO, date(2022, 8, 30)),
        "cert_o_2019": make_import("betyg", OREBRO, date(2019, 7, 1)),
        "rejected_o_2018": make_import("folkbokforing", OREBRO, date(2018, 3, 1), status=ImportStatus.REJECTED),
        "pop_l_2018": make_import("folkbokforing", LEKEBERG, date(2018, 1, 15)),
        "school_l_2019": make_import("elevregister", LEKEBERG, date(2019, 8, 30)),
    }
    pop18, pop24 = imports["pop_o_2018"], imports["pop_o_2024"]
    school19, school22, cert19 = imports["school_o_2019"], imports["school_o_2022"], imports["cert_o_2019"]
    persons = {
        "done": make_person(older[0], "Disa", "Dahlgren", OREBRO, pop18),
        "completed": make_person(older[1], "Cornelia", "Carlsson", OREBRO, pop18),
        "still_in_kaa": make_person(young[0], "Sven", "Stillman", OREBRO, pop24),
        "ended_after": make_person(older[2], "Elin", "Efterberg", OREBRO, pop24),
        "still_registered": make_person(older[3], "Rut", "Registersson", OREBRO, pop24),
        "lekeberg": make_person(older[4], "Leo", "Lekman", LEKEBERG, imports["pop_l_2018"]),
    }
    no_person_number = older[5]
    p = persons

    # done: everything old.
    Registration.objects.create(
        person=p["done"], municipality_id=OREBRO, start_date=None, end_date=date(2021, 3, 1), source_import=pop18
    )
    period(p["done"], OREBRO, date(2018, 7, 1), date(2019, 12, 31))
    KaaChange.objects.create(
        register_import=pop18,
        municipality_id=OREBRO,
        person=p["done"],
        direction="in",
        reason="avbrott",
        day=date(2018, 7, 1),
    )
    Enrolment.objects.create(
        personnummer=p["done"].personnummer, school_form="GY", programme="NA", start_date=date(2016, 8, 20),
        end_date=date(2018, 6, 30), end_cause="avbrott", row_hash="x", source_import=school19,
    )  # fmt: skip
    Certificate.objects.create(
        personnummer=p["done"].personnummer, kind="studiebevis", issued=date(2018, 6, 30), source_import=cert19
    )
    ChangeLogEntry.objects.create(
        username="kaa", person=p["done"], personnummer=p["done"].personnummer, action="kontaktuppgifter",
        before={"phone": ""}, after={"phone": "070-111 22 33"},
    )  # fmt: skip

    # completed: never in KAA.
    Registration.objects.create(
        person=p["completed"], municipality_id=OREBRO, start_date=None, end_date=date(2021, 8, 1), source_import=pop18
    )
    Enrolment.objects.create(
        personnummer=p["completed"].personnummer, school_form="GY", programme="SA", start_date=date(2015, 8, 20),
        end_date=date(2018, 6, 10), end_cause="fullfoljd", row_hash="x", source_import=school19,
    )  # fmt: skip
    Certificate.objects.create(
        personnummer=p["completed"].personnummer, kind="gymnasieexamen", issued=date(2018, 6, 10), source_import=cert19
    )

    # still_in_kaa: running period, still registered.
    Registration.objects.create(
        person=p["still_in_kaa"], municipality_id=OREBRO, start_date=None, end_date=None, source_import=pop24
    )
    period(p["still_in_kaa"], OREBRO, date(2025, 1, 1), date(2026, 12, 31))
    KaaChange.objects.create(
        register_import=pop24,
        municipality_id=OREBRO,
        person=p["still_in_kaa"],
        direction="in",
        reason="avbrott",
        day=date(2025, 1, 1),
    )

    # ended_after: KAA ended after the cutoff; school rows are old.
    Registration.objects.create(
        person=p["ended_after"], municipality_id=OREBRO, start_date=None, end_date=date(2022, 12, 1),
        source_import=pop24,
    )  # fmt: skip
    period(p["ended_after"], OREBRO, date(2019, 1, 1), date(2023, 8, 31))
    Enrolment.objects.create(
        personnummer=p["ended_after"].personnummer, school_form="GY", programme="IMA", start_date=date(2017, 8, 20),
        end_date=date(2018, 12, 20), end_cause="avbrott", row_hash="x", source_import=school22,
    )  # fmt: skip

    # still_registered: KAA long over, but still registered in Örebro.
    Registration.objects.create(
        person=p["still_registered"], municipality_id=OREBRO, start_date=None, end_date=None, source_import=pop24
    )
    period(p["still_registered"], OREBRO, date(2018, 7, 1), date(2019, 12, 31))
    Certificate.objects.create(
        personnummer=p["still_registered"].personnummer, kind="studiebevis", issued=date(2018, 6, 1),
        source_import=school22,
    )  # fmt: skip

    # ali: a unit still works with him (an own ground from the world fixture).
    ali = world["persons"]["ali"]
    Person.objects.filter(pk=ali.pk).update(updated_at=at(date(2019, 1, 1)))
    Registration.objects.create(
        person=ali, municipality_id=OREBRO, start_date=None, end_date=date(2021, 1, 1), source_import=pop18
    )

    # lekeberg: Lekeberg's data, under Lekeberg's own ten-year rule.
    Registration.objects.create(
        person=p["lekeberg"], municipality_id=LEKEBERG, start_date=None, end_date=date(2020, 1, 1),
        source_import=imports["pop_l_2018"],
    )  # fmt: skip
    period(p["lekeberg"], LEKEBERG, date(2018, 7, 1), date(2019, 6, 30))
    KaaChange.objects.create(
        register_import=imports["pop_l_2018"], municipality_id=LEKEBERG, person=p["lekeberg"], direction="in",
        reason="avbrott",
        day=date(2018, 7, 1),
    )  # fmt: skip
    Enrolment.objects.create(
        personnummer=p["lekeberg"].personnummer, school_form="GY", programme="BA", start_date=date(2016, 8, 20),
        end_date=date(2018, 6, 10), end_cause="avbrott", row_hash="x", source_import=imports["school_l_2019"],
    )  # fmt: skip

    # School rows for someone the population register never listed.
    Enrolment.objects.create(
        personnummer=no_person_number, school_form="GY", programme="EK", start_date=date(2015, 8, 20),
        end_date=date(2018, 6, 10), end_cause="fullfoljd", row_hash="x", source_import=school19,
    )  # fmt: skip
    Certificate.objects.create(
        personnummer=no_person_number, kind="gymnasieexamen", issued=date(2018, 6, 10), source_import=cert19
    )
    ImportProblem.objects.create(
        register_import=school19, severity="meddelande", row=4, column="personnummer",
        message=f"Personen {no_person_number} finns inte i kommunens folkbokföring. Raden sparas ändå.",
    )  # fmt: skip
    ImportProblem.objects.create(
        register_import=imports["rejected_o_2018"], severity="fel", row=2, column="personnummer",
        message=f"Kontrollsiffran stämmer inte: {older[6]}",
    )  # fmt: skip

    admin = world["users"]["admin"]
    rules = {
        "kaa_all": RetentionRule.objects.create(
            category="kaa_register", years_after_kaa_end=3, decision_reference="BUN 2025/101",
            decided_on=date(2025, 3, 1), created_by=admin,
        ),
        "kaa_lekeberg": RetentionRule.objects.create(
            category="kaa_register", municipality_id=LEKEBERG, years_after_kaa_end=10,
            decision_reference="KS 2024/7", decided_on=date(2024, 5, 1),
        ),
        "school_orebro": RetentionRule.objects.create(
            category="school_records", municipality_id=OREBRO, years_after_kaa_end=3,
            decision_reference="BUN 2025/102", decided_on=date(2025, 3, 1),
        ),
        "persons_all": RetentionRule.objects.create(
            category="persons", years_after_kaa_end=3, decision_reference="BUN 2025/103", decided_on=date(2025, 3, 1)
        ),
        "imports_all": RetentionRule.objects.create(
            category="register_imports", years_after_kaa_end=3, decision_reference="BUN 2025/104",
            decided_on=date(2025, 3, 1),
        ),
        # Inactive rules are never used.
        "inactive": RetentionRule.objects.create(
            category="school_records", years_after_kaa_end=1, decision_reference="BUN 2020/1",
            decided_on=date(2020, 1, 1), active=False,
        ),
    }  # fmt: skip
    return {
        "imports": imports,
        "persons": persons,
        "ali": ali,
        "world_persons": world["persons"],
        "no_person_number": no_person_number,
        "problem_number": older[6],
        "rules": rules,
    }


EXPECTED = {
    "kaa_register": {"kaa_periods": 1, "kaa_changes": 1, "registrations": 3},
    "school_records": {"enrolments": 3, "certificates": 3},
    "persons": {"persons": 2, "change_log_entries": 1},
    "register_imports": {"imports": 4, "import_problems": 2, "staged_rows": 0},
}

TABLES = (
    Person,
    Registration,
    Enrolment,
    Certificate,
    KaaPeriod,
    KaaChange,
    RegisterImport,
    ImportProblem,
    ChangeLogEntry,
    ReadLogEntry,
    OwnGround,
)


def snapshot() -> dict[str, set[int]]:
    return {model._meta.label: set(model.objects.values_list("pk", flat=True)) for model in TABLES}


def test_dry_run_changes_nothing_and_reports_exact_counts(scenario):
    before = snapshot()
    result = services.report(RUN_ON, actor_name="admin")
    assert snapshot() == before
    assert result.counts == EXPECTED
    run = result.run
    assert run.dry_run and run.run_on == RUN_ON and run.finished_at and run.run_by_name == "admin"
    assert DisposalRun.objects.get() == run
    # Per rule, in the order of a run: Lekeberg's own KAA rule before the rule for all municipalities.
    rules = scenario["rules"]
    assert [(s["id"], s["category"], s["municipality"], s["except"]) for s in run.rules] == [
        (rules["kaa_lekeberg"].pk, "kaa_register", LEKEBERG, []),
        (rules["kaa_all"].pk, "kaa_register", None, [LEKEBERG]),
        (rules["school_orebro"].pk, "school_records", OREBRO, []),
        (rules["persons_all"].pk, "persons", None, []),
        (rules["imports_all"].pk, "register_imports", None, []),
    ]
    assert run.rules[0]["counts"] == {"kaa_periods": 0, "kaa_changes": 0, "registrations": 0}
    assert run.rules[0]["cutoff"] == "2016-06-01" and run.rules[1]["cutoff"] == "2023-06-01"
    assert run.rules[1]["decision_reference"] == "BUN 2025/101" and run.rules[1]["years"] == 3


def test_run_removes_exactly_the_eligible_rows(scenario):
    reported = services.report(RUN_ON).counts
    p, imports = scenario["persons"], scenario["imports"]
    owners = [p["done"], p["completed"], scenario["ali"]]
    expected_registrations = set(Registration.objects.filter(person__in=owners).values_list("pk", flat=True))
    before = snapshot()
    run = services.dispose(RUN_ON, "admin")
    assert not run.dry_run and run.finished_at and not run.failure
    assert run.counts == reported == EXPECTED

    gone = {k: before[k] - v for k, v in snapshot().items()}
    assert gone["people.Person"] == {p["done"].pk, p["completed"].pk}
    assert gone["registers.Registration"] == expected_registrations and len(expected_registrations) == 3
    assert gone["registers.RegisterImport"] == {
        imports["pop_o_2018"].pk,
        imports["school_o_2019"].pk,
        imports["cert_o_2019"].pk,
        imports["rejected_o_2018"].pk,
    }
    assert gone["access.ReadLogEntry"] == set() and gone["access.OwnGround"] == set()

    # Kept whole: still in KAA, KAA ended after the cutoff, still registered, Lekeberg's.
    for key in ("still_in_kaa", "ended_after", "still_registered", "lekeberg"):
        person = Person.objects.get(pk=p[key].pk)
        assert Registration.objects.filter(person=person).count() == 1, key
        assert KaaPeriod.objects.filter(person=person).count() == 1, key
    assert KaaChange.objects.filter(person=p["still_in_kaa"]).count() == 1
    assert KaaChange.objects.filter(person=p["lekeberg"]).count() == 1
    assert Enrolment.objects.filter(personnummer=p["ended_after"].personnummer).count() == 1
    assert Certificate.objects.filter(personnummer=p["still_registered"].personnummer).count() == 1
    # Örebro's school rule leaves Lekeberg's school rows alone, although the person would qualify.
    assert Enrolment.objects.filter(personnummer=p["lekeberg"].personnummer).count() == 1

    # Gone: everything about done, completed and the number without a person.
    for key in ("done", "completed"):
        number = p[key].personnummer
        assert not Registration.objects.filter(person_id=p[key].pk).exists()
        assert not Enrolment.objects.filter(personnummer=number).exists()
        assert not Certificate.objects.filter(personnummer=number).exists()
    assert not ChangeLogEntry.objects.filter(personnummer=p["done"].personnummer).exists()
    assert not Enrolment.objects.filter(personnummer=scenario["no_person_number"]).exists()
    assert not ImportProblem.objects.filter(message__contains=scenario["no_person_number"]).exists()

    # Ali: his registration went, but a unit still works with him, so his person row stays.
    ali = scenario["ali"]
    assert Person.objects.filter(pk=ali.pk).exists()
    assert not Registration.objects.filter(person=ali).exists()
    assert OwnGround.objects.filter(person=ali).exists()
    # Persons changed recently (the world's) stay although nothing refers to them.
    assert Person.objects.filter(pk__in=[q.pk for q in scenario["world_persons"].values()]).count() == 4
    # Imports still referred to, or too recent, stay.
    for key in ("pop_o_2024", "school_o_2022", "pop_l_2018", "school_l_2019"):
        assert RegisterImport.objects.filter(pk=imports[key].pk).exists(), key


def test_school_rows_behind_another_municipalitys_kept_kaa_period_stay(scenario):
    # Lekeberg keeps Leo's KAA period for ten years; Örebro's three-year school rule must not take
    # the diploma Lekeberg's period was derived from, although it came with an Örebro import.
    leo = scenario["persons"]["lekeberg"]
    diploma = Certificate.objects.create(
        personnummer=leo.personnummer, kind="studiebevis", issued=date(2018, 6, 10),
        source_import=scenario["imports"]["school_o_2022"],
    )  # fmt: skip
    run = services.dispose(RUN_ON, "admin")
    assert run.counts["school_records"] == EXPECTED["school_records"]
    assert Certificate.objects.filter(pk=diploma.pk).exists()
    assert KaaPeriod.objects.filter(person=leo).exists()


def test_second_run_removes_nothing(scenario):
    services.dispose(RUN_ON, "admin")
    before = snapshot()
    again = services.dispose(RUN_ON, "admin")
    assert snapshot() == before
    assert again.total == 0
    assert again.counts == {category: dict.fromkeys(counts, 0) for category, counts in EXPECTED.items()}


def test_disposal_runs_hold_no_personal_data(scenario, world):
    services.report(RUN_ON, actor_name="admin")
    services.dispose(RUN_ON, "admin")
    text = serializers.serialize("json", DisposalRun.objects.all())
    assert DisposalRun.objects.count() == 2
    persons = [*scenario["persons"].values(), *world["persons"].values()]
    secrets = [scenario["no_person_number"], scenario["problem_number"]]
    for person in persons:
        secrets += [person.personnummer, person.personnummer[2:], person.formatted_personnummer()]
        secrets += [person.first_name, person.last_name, person.street_address]
    for secret in secrets:
        assert secret not in text, secret
    # Also as stored, not only through the serializer.
    for run in DisposalRun.objects.all():
        raw = json.dumps({"counts": run.counts, "rules": run.rules}, ensure_ascii=False)
        assert not any(secret in raw for secret in secrets)


def test_report_for_one_municipality(scenario):
    result = services.report(RUN_ON, municipality=OREBRO)
    assert result.counts == EXPECTED
    assert [s["municipality"] for s in result.steps] == [OREBRO] * 4
    assert DisposalRun.objects.get().municipality_id == OREBRO
    lekeberg = services.report(RUN_ON, municipality=LEKEBERG)
    # Lekeberg's ten-year rule, no school rule for Lekeberg, and nothing of Lekeberg's old enough.
    assert [s["id"] for s in lekeberg.steps] == [
        scenario["rules"]["kaa_lekeberg"].pk,
        scenario["rules"]["persons_all"].pk,
        scenario["rules"]["imports_all"].pk,
    ]
    assert lekeberg.total == 0


def test_without_rules_nothing_is_disposed(scenario):
    RetentionRule.objects.update(active=False)
    before = snapshot()
    run = services.dispose(RUN_ON, "admin")
    assert snapshot() == before and run.rules == [] and run.counts == {}


def test_an_import_whose_change_list_names_someone_still_in_kaa_is_kept(scenario):
    imports, p = scenario["imports"], scenario["persons"]
    KaaChange.objects.create(
        register_import=imports["school_o_2019"],
        municipality_id=OREBRO,
        person=p["still_in_kaa"],
        direction="in",
        reason="avbrott",
    )
    services.dispose(RUN_ON, "admin")
    assert RegisterImport.objects.filter(pk=imports["school_o_2019"].pk).exists()
    # Its notice, which names an identity number, goes only with the import.
    assert ImportProblem.objects.filter(register_import=imports["school_o_2019"]).count() == 1


def test_an_import_in_progress_is_never_disposed_and_stops_the_run(scenario):
    running = make_import("betyg", OREBRO, date(2018, 1, 1), status=ImportStatus.COMMITTING)
    with pytest.raises(services.DisposalRefused):
        services.dispose(RUN_ON, "admin")
    assert not DisposalRun.objects.exists()
    RegisterImport.objects.filter(pk=running.pk).update(status=ImportStatus.READY)  # checked, waiting for the user
    services.dispose(RUN_ON, "admin")
    assert RegisterImport.objects.filter(pk=running.pk).exists()


def test_a_person_referred_to_by_another_app_is_kept(scenario):
    # Any relation to Person counts, not a list of known ones: here an involvement ended long ago.
    completed = scenario["persons"]["completed"]
    OwnGround.objects.create(
        person=completed, unit=scenario["ali"].own_grounds.get().unit, start_date=date(2017, 1, 1),
        end_date=date(2018, 1, 1),
    )  # fmt: skip
    run = services.dispose(RUN_ON, "admin")
    assert run.counts["persons"]["persons"] == 1
    assert Person.objects.filter(pk=completed.pk).exists()
    # Its population import is still referred to by the person, so it stays too.
    assert RegisterImport.objects.filter(pk=scenario["imports"]["pop_o_2018"].pk).exists()


def test_unexpected_cascade_is_refused_and_rolled_back(world):
    ali = world["persons"]["ali"]
    with pytest.raises(UnexpectedCascade) as refused, transaction.atomic():
        categories.delete(Person.objects.filter(pk=ali.pk))
    assert "access.OwnGround" in str(refused.value)
    assert ali.personnummer not in str(refused.value)
    assert Person.objects.filter(pk=ali.pk).exists() and OwnGround.objects.filter(person=ali).exists()


def test_a_failing_step_is_rolled_back_and_recorded(scenario, monkeypatch):
    def broken(municipality, cutoff, *, exclude=frozenset()):
        Person.objects.all().delete()
        raise RuntimeError(f"boom {scenario['persons']['done'].personnummer}")

    persons = categories._registry["persons"]
    monkeypatch.setitem(categories._registry, "persons", Category(**{**persons.__dict__, "dispose": broken}))
    run = services.dispose(RUN_ON, "admin")
    assert run.failure and "BUN 2025/103" in run.failure
    assert scenario["persons"]["done"].personnummer not in run.failure
    # The steps before it are done and counted; the failing one changed nothing; the later ones never ran.
    assert run.counts == {"kaa_register": EXPECTED["kaa_register"], "school_records": EXPECTED["school_records"]}
    assert Person.objects.filter(pk=scenario["persons"]["done"].pk).exists()
    assert RegisterImport.objects.filter(pk=scenario["imports"]["rejected_o_2018"].pk).exists()


def test_another_app_registers_a_category(scenario, monkeypatch):
    seen = []

    def dispose_contacts(municipality, cutoff, *, exclude=frozenset()):
        seen.append((municipality, cutoff, exclude))
        return {"contact_attempts": 7}

    outreach = Category(
        code="outreach_contacts",
        label="Kontaktförsök",
        description="Kontaktförsök som avslutades före gränsdatumet.",
        what=(("contact_attempts", "kontaktförsök"),),
        dispose=dispose_contacts,
        order=300,
    )
    monkeypatch.setitem(categories._registry, outreach.code, outreach)
    RetentionRule.objects.create(
        category="outreach_contacts", years_after_kaa_end=2, decision_reference="SN 2025/9", decided_on=date(2025, 1, 1)
    )
    result = services.report(RUN_ON)
    # Between school records and persons, so persons can go once their contacts are gone.
    assert [s["category"] for s in result.steps].index("outreach_contacts") == 3
    assert result.counts["outreach_contacts"] == {"contact_attempts": 7}
    assert seen == [(None, date(2024, 6, 1), frozenset())]
    with pytest.raises(ValueError):
        categories.register(Category(**{**outreach.__dict__, "order": 1}))


def test_category_count_changes_nothing(scenario):
    before = snapshot()
    counts = categories.find("kaa_register").count(OREBRO, CUTOFF)
    assert counts == EXPECTED["kaa_register"]
    # On its own, persons finds nobody yet: their KAA data is still there.
    assert categories.find("persons").count(None, CUTOFF) == {"persons": 0, "change_log_entries": 0}
    assert snapshot() == before


def test_uploaded_file_of_a_disposed_import_is_deleted(scenario, tmp_path, django_capture_on_commit_callbacks):
    upload = tmp_path / "folkbokforing.csv"
    upload.write_text("personnummer\n")
    kept = tmp_path / "kommando.csv"
    kept.write_text("personnummer\n")
    make_import("folkbokforing", OREBRO, date(2018, 2, 1), status=ImportStatus.CANCELLED, stored_file=str(upload))
    make_import(
        "folkbokforing", OREBRO, date(2018, 2, 2), status=ImportStatus.FAILED, stored_file=str(kept), channel="kommando"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.report(RUN_ON)
    assert upload.exists()  # a dry run deletes nothing
    with django_capture_on_commit_callbacks(execute=True):
        run = services.dispose(RUN_ON, "admin")
    assert run.counts["register_imports"]["imports"] == 6
    assert not upload.exists()
    assert kept.exists()  # a command's own file belongs to the operator


def test_command_dry_run_and_run(scenario):
    out = StringIO()
    call_command("dispose", "--dry-run", "--date", "2026-06-01", stdout=out)
    text = out.getvalue()
    assert "Provkörning" in text and "BUN 2025/101" in text and "gränsdatum 2023-06-01" in text
    assert "folkbokföringsperioder: 3" in text and "personposter: 2" in text
    assert DisposalRun.objects.get().dry_run
    assert Person.objects.filter(pk=scenario["persons"]["done"].pk).exists()

    out = StringIO()
    call_command("dispose", "--date", "2026-06-01", stdout=out)
    assert "registerimporter: 4" in out.getvalue()
    run = DisposalRun.objects.filter(dry_run=False).get()
    assert run.run_by_name.endswith("(kommando)") and run.counts == EXPECTED
    for person in scenario["persons"].values():
        assert person.personnummer not in out.getvalue() and person.last_name not in out.getvalue()

    with pytest.raises(CommandError):
        call_command("dispose", "--date", "2026-02-30")


def test_every_relation_to_person_and_import_is_checked(db):
    """Whatever app adds a foreign key to Person or RegisterImport, the checks include it."""
    persons_sql = str(categories.persons_with_nothing_left(None, CUTOFF).query)
    for rel in categories.reverse_relations(Person):
        if rel.related_model._meta.label not in categories.DISPOSED_WITH_PERSON:
            assert rel.related_model._meta.db_table in persons_sql, rel.related_model._meta.label
    imports_sql = str(categories.unreferenced_imports(None, CUTOFF).query)
    for rel in categories.reverse_relations(RegisterImport):
        label = rel.related_model._meta.label
        if label not in categories.OWNED_BY_IMPORT and rel.related_model is not RegisterImport:
            assert rel.related_model._meta.db_table in imports_sql, label
    assert {"kaa.KaaChange", "registers.Registration", "people.Person"} <= {
        rel.related_model._meta.label for rel in categories.reverse_relations(RegisterImport)
    }
