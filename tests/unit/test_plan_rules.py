from datetime import date, timedelta
from types import SimpleNamespace

from fotfaste.plans import rules

TODAY = date(2026, 11, 25)


def measure(**kw):
    base = dict(
        responsible="personen",
        responsible_unit_id=None,
        responsible_actor="",
        planned_start=TODAY,
        planned_end=None,
        actual_start=None,
        actual_end=None,
        status="planerad",
        end_reason="",
        follow_up_on=TODAY + timedelta(days=30),
        evaluation_on=TODAY + timedelta(days=90),
    )
    base.update(kw)
    return SimpleNamespace(**base)


def problems(**kw):
    m = measure(**kw)
    return rules.measure_problems(
        responsible=m.responsible,
        responsible_unit_id=m.responsible_unit_id,
        responsible_actor=m.responsible_actor,
        planned_start=m.planned_start,
        planned_end=m.planned_end,
        actual_start=m.actual_start,
        actual_end=m.actual_end,
        status=m.status,
        end_reason=m.end_reason,
    )


def test_a_planned_measure_of_the_young_person_is_fine():
    assert problems() == {}


def test_responsibility_needs_a_unit_or_an_actor():
    assert set(problems(responsible="kommunen")) == {"responsible_unit"}
    assert set(problems(responsible="annan")) == {"responsible_actor"}
    assert problems(responsible="annan", responsible_actor="Arbetsförmedlingen") == {}


def test_dates_in_order_and_ended_measures_say_when_and_why():
    assert set(problems(planned_end=TODAY - timedelta(days=1))) == {"planned_end"}
    assert set(problems(status="avslutad", actual_start=TODAY)) == {"actual_end", "end_reason"}
    assert problems(status="avslutad", actual_start=TODAY, actual_end=TODAY, end_reason="genomford") == {}
    assert set(problems(status="pagaende")) == {"actual_start"}
    assert set(problems(status="avbojd", actual_end=TODAY)) == {"actual_end"}


def states(plan, measures):
    return {i.number: i.state for i in rules.documentation_items(plan, measures)}


def test_the_seven_documentation_items():
    plan = SimpleNamespace(goal_kind="studier", goal="Börja på komvux")
    assert states(plan, []) == {
        1: "ok",
        2: "ej_aktuell",
        3: "ej_aktuell",
        4: "ej_aktuell",
        5: "saknas",
        6: "ej_aktuell",
        7: "ej_aktuell",
    }
    ms = [
        measure(),
        measure(responsible="kommunen", responsible_unit_id=1, follow_up_on=None),
        measure(responsible="annan", status="avslutad", actual_start=TODAY, actual_end=TODAY, end_reason=""),
    ]
    got = states(plan, ms)
    assert got == {1: "ok", 2: "ok", 3: "ok", 4: "ok", 5: "ok", 6: "saknas", 7: "saknas"}
    assert not rules.documentation_complete(rules.documentation_items(plan, ms))
    ms[1].follow_up_on = TODAY
    ms[2].end_reason = "genomford"
    assert rules.documentation_complete(rules.documentation_items(plan, ms))
    assert states(SimpleNamespace(goal_kind="arbete", goal="  "), ms)[1] == "saknas"


def test_stalled_and_due_for_revision():
    assert not rules.stalled(measure(), TODAY)
    assert rules.stalled(measure(planned_start=TODAY - timedelta(days=31), follow_up_on=None), TODAY)
    assert rules.stalled(measure(follow_up_on=TODAY - timedelta(days=1)), TODAY)
    assert not rules.stalled(measure(status="avslutad", follow_up_on=TODAY - timedelta(days=1)), TODAY)
    assert rules.follow_up_due(measure(follow_up_on=TODAY), TODAY)
    plan = SimpleNamespace(closed_on=None, revise_by=TODAY)
    assert rules.due_for_revision(plan, TODAY)
    plan.closed_on = TODAY
    assert not rules.due_for_revision(plan, TODAY)
