"""The mapping's pure rules: the default need levels, who may record sensitive barriers, need-level counts."""

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from fotfaste.mapping.rules import (
    DEFAULT_LEVELS,
    are_defaults,
    latest_per_person,
    may_record_sensitive,
    need_level_counts,
)
from fotfaste.orgs.roles import Role


def m(person_id, talk_date, level, created=(2025, 1, 1, 10), pk=0):
    return SimpleNamespace(
        person_id=person_id,
        talk_date=talk_date,
        created_at=datetime(*created, tzinfo=UTC),
        need_level_code=level,
        pk=pk,
    )


def test_the_defaults_are_eslovs_four_levels_in_order_with_its_split():
    assert [level.code for level in DEFAULT_LEVELS] == [
        "begransad",
        "samordnade_insatser",
        "omfattande",
        "ej_tillganglig",
    ]
    assert [level.order for level in DEFAULT_LEVELS] == [1, 2, 3, 4]
    assert [level.share for level in DEFAULT_LEVELS] == [0.30, 0.50, 0.15, 0.05]
    assert all(level.active and level.name and level.description for level in DEFAULT_LEVELS)
    assert "4–8 månader" in DEFAULT_LEVELS[1].name


def test_each_person_counts_once_at_their_latest_level():
    mappings = [
        m(1, date(2025, 1, 10), "begransad"),
        m(1, date(2025, 5, 2), "omfattande"),  # the later talk decides
        m(2, date(2025, 3, 1), "samordnade_insatser"),
        m(3, date(2025, 3, 1), "samordnade_insatser"),
        m(4, date(2025, 4, 1), None),
    ]
    assert need_level_counts(mappings) == {"omfattande": 1, "samordnade_insatser": 2, None: 1}


def test_the_latest_of_several_units_decides_and_ties_go_to_the_later_recording():
    mappings = [
        m(1, date(2025, 2, 1), "begransad", created=(2025, 2, 1, 9), pk=1),  # social services
        m(1, date(2025, 2, 1), "omfattande", created=(2025, 2, 1, 15), pk=2),  # KAA, same day, later
        m(2, date(2025, 2, 1), "omfattande", created=(2025, 2, 3, 9), pk=3),
        m(2, date(2025, 2, 2), "begransad", created=(2025, 2, 2, 9), pk=4),  # later talk, recorded earlier
    ]
    assert {p: x.pk for p, x in latest_per_person(mappings).items()} == {1: 2, 2: 4}
    assert need_level_counts(reversed(mappings)) == {"omfattande": 1, "begransad": 1}


def test_with_levels_every_level_is_listed_in_order_and_unknown_codes_still_count():
    counts = need_level_counts(
        [m(1, date(2025, 1, 1), "omfattande"), m(2, date(2025, 1, 1), "gammal_niva")], DEFAULT_LEVELS
    )
    assert list(counts) == ["begransad", "samordnade_insatser", "omfattande", "ej_tillganglig", "gammal_niva"]
    assert counts == {"begransad": 0, "samordnade_insatser": 0, "omfattande": 1, "ej_tillganglig": 0, "gammal_niva": 1}


def test_no_mappings_no_counts():
    assert need_level_counts([]) == {}
    assert set(need_level_counts([], DEFAULT_LEVELS).values()) == {0}


@pytest.mark.parametrize(
    "user_roles,unit_roles,allowed",
    [
        ({Role.SOCIAL_WORKER}, {Role.SOCIAL_WORKER}, True),
        ({Role.GUIDANCE}, {Role.GUIDANCE, Role.MENTOR}, True),
        ({Role.EMPLOYMENT_OFFICER}, {Role.EMPLOYMENT_OFFICER}, True),
        ({Role.KAA}, {Role.KAA}, False),
        # KAA documentation never holds sensitive data, whatever else the user is.
        ({Role.KAA, Role.GUIDANCE}, {Role.KAA, Role.GUIDANCE}, False),
        # A unit where someone works as KAA caseworker keeps KAA documentation.
        ({Role.GUIDANCE}, {Role.KAA, Role.GUIDANCE}, False),
        # Roles that are not casework record nothing.
        ({Role.STEERING}, {Role.STEERING, Role.SOCIAL_WORKER}, False),
        ({Role.ADMIN}, {Role.ADMIN}, False),
        (set(), set(), False),
    ],
)
def test_who_may_record_sensitive_barriers(user_roles, unit_roles, allowed):
    assert may_record_sensitive(user_roles, unit_roles) is allowed


def test_levels_stored_unchanged_are_still_the_defaults():
    from dataclasses import replace

    assert are_defaults(DEFAULT_LEVELS)
    assert not are_defaults(DEFAULT_LEVELS[:3])
    assert not are_defaults((replace(DEFAULT_LEVELS[0], name="Lätt stöd"),) + DEFAULT_LEVELS[1:])
    assert not are_defaults(DEFAULT_LEVELS[:3] + (replace(DEFAULT_LEVELS[3], active=False),))
