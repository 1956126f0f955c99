"""A big first load builds the indexes afterwards: same facts, same indexes and keys, nothing lost on failure."""

import pytest
from django.db import connection, transaction

from fotfaste.core import bulk
from fotfaste.people.models import Person
from fotfaste.reference.data import load_tables
from fotfaste.reference.models import County, Municipality
from fotfaste.registers.models import Registration

from .test_register_import import ALI, ASA, SARA, population, run_import

pytestmark = pytest.mark.django_db

ROWS = (
    f"{ASA};Åsa;Öberg;Storgatan 1;70210;Örebro;1880;;;;;;svensk",
    f"{ALI};Ali;Hassan;;;;1880;;2025-02-01;;;;",
    f"{SARA};Sara;Sund;;;;1880;;;;2026-01-31;;",
)


@pytest.fixture(autouse=True)
def municipalities(db):
    load_tables(County, Municipality)


def schema(model):
    """Every index and constraint of the model's table, by name, as the database describes it."""
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, model._meta.db_table)


@pytest.fixture
def rebuilds(monkeypatch):
    """Loads of any size count as big; records the tables loaded without their indexes."""
    monkeypatch.setattr(bulk, "REBUILD_INDEXES_FROM", 1)
    done = []
    real = bulk._secondary_indexes

    def recording(table):
        done.append(table)
        return real(table)

    monkeypatch.setattr(bulk, "_secondary_indexes", recording)
    return done


def facts():
    persons = list(Person.objects.order_by("personnummer").values_list("personnummer", "sort_name", "postal_code"))
    registrations = list(
        Registration.objects.order_by("person__personnummer").values_list(
            "person__personnummer", "municipality_id", "start_date", "end_date", "end_kind"
        )
    )
    return persons, registrations


def test_a_first_load_builds_indexes_afterwards_with_the_same_facts_and_schema(tmp_path, rebuilds):
    before = schema(Person), schema(Registration)
    run_import("folkbokforing", population(tmp_path, *ROWS), as_of="2026-03-20")
    assert rebuilds == [Person._meta.db_table, Registration._meta.db_table]
    assert (schema(Person), schema(Registration)) == before
    loaded = facts()
    assert [p[0] for p in loaded[0]] == sorted([ASA, ALI, SARA])
    assert len(loaded[1]) == 3


def test_the_same_file_gives_the_same_facts_with_or_without_the_rebuild(tmp_path, monkeypatch, rebuilds):
    run_import("folkbokforing", population(tmp_path, *ROWS), as_of="2026-03-20")
    rebuilt = facts()
    Registration.objects.all().delete()
    Person.objects.all().delete()
    monkeypatch.setattr(bulk, "REBUILD_INDEXES_FROM", 10**9)
    rebuilds.clear()
    run_import("folkbokforing", population(tmp_path, *ROWS, name="igen.csv"), as_of="2026-03-20")
    assert rebuilds == []
    assert facts() == rebuilt


def test_a_load_smaller_than_the_table_keeps_its_indexes(tmp_path, rebuilds):
    run_import("folkbokforing", population(tmp_path, *ROWS[:2]), as_of="2026-03-20")
    rebuilds.clear()
    # One new person against two already there.
    run_import("folkbokforing", population(tmp_path, *ROWS, name="senare.csv"), as_of="2026-03-21")
    assert rebuilds == []
    assert Person.objects.count() == 3


def test_a_failure_during_the_load_leaves_indexes_and_keys_as_they_were(monkeypatch):
    monkeypatch.setattr(bulk, "REBUILD_INDEXES_FROM", 1)
    before = schema(Person)
    with pytest.raises(RuntimeError), transaction.atomic(), bulk.indexes_built_after(Person, 10) as rebuilt:
        assert rebuilt
        assert set(schema(Person)) < set(before)
        raise RuntimeError("avbrott mitt i inläsningen")
    assert schema(Person) == before


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_nothing_is_dropped(rebuilds):
    with bulk.indexes_built_after(Person, 10) as rebuilt:
        assert not rebuilt
    assert rebuilds == []
