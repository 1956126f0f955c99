"""The life of an import as plain data (registers.models.TRANSITIONS): which status may follow which."""

import pytest

from fotfaste.registers.models import ACTIVE_STATUSES, TRANSITIONS, ImportStatus, can_move, sources_of

S = ImportStatus
TERMINAL = {S.REJECTED, S.DONE, S.DRY_RUN, S.CANCELLED, S.FAILED}


def test_every_status_is_in_the_table():
    assert set(TRANSITIONS) == set(S)


def test_an_ended_import_never_moves_again():
    for status in TERMINAL:
        assert not TRANSITIONS[status]
        assert not any(can_move(status, target) for target in S)
    assert set(ACTIVE_STATUSES) == set(S) - TERMINAL


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (S.NEEDS_MAPPING, S.QUEUED),
        (S.QUEUED, S.CHECKING),
        (S.CHECKING, S.READY),
        (S.CHECKING, S.REJECTED),
        (S.READY, S.COMMIT_QUEUED),
        (S.READY, S.COMMITTING),  # the command reads in at once
        (S.READY, S.DRY_RUN),
        (S.READY, S.CANCELLED),
        (S.COMMIT_QUEUED, S.COMMITTING),
        (S.COMMITTING, S.DONE),
        (S.COMMITTING, S.READY),  # the register changed since the preview: confirm again
        (S.COMMITTING, S.FAILED),
    ],
)
def test_the_way_through(source, target):
    assert can_move(source, target)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        # A cancel cannot hit an import that a worker is reading in or has queued for reading in.
        (S.COMMIT_QUEUED, S.CANCELLED),
        (S.COMMITTING, S.CANCELLED),
        # Nothing is read in that was not checked, and nothing is checked twice.
        (S.QUEUED, S.COMMITTING),
        (S.CHECKING, S.COMMITTING),
        (S.CHECKING, S.CHECKING),
        (S.COMMITTING, S.COMMITTING),
        # A dry run is a decision about a checked file only.
        (S.COMMITTING, S.DRY_RUN),
        (S.DONE, S.FAILED),
        (S.CANCELLED, S.COMMIT_QUEUED),
    ],
)
def test_what_may_not_happen(source, target):
    assert not can_move(source, target)


def test_sources_of_a_target_and_limited_to_what_the_caller_expects():
    assert sources_of(S.COMMITTING) == {S.READY, S.COMMIT_QUEUED}
    assert sources_of(S.CANCELLED) == {S.NEEDS_MAPPING, S.READY}
    assert sources_of(S.CANCELLED, {S.READY, S.COMMITTING}) == {S.READY}
    assert sources_of(S.DONE, {S.READY}) == frozenset()
