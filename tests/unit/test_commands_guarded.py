"""Every management command reads persons as a request does: through restrict(), or saying why not."""

import importlib
from pathlib import Path

import pytest

from fotfaste.access.commands import GuardedCommand
from fotfaste.access.guard import current_state

ROOT = Path(__file__).resolve().parents[2] / "fotfaste"
COMMANDS = sorted(p for p in ROOT.glob("*/management/commands/*.py") if p.name != "__init__.py")


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: p.stem)
def test_every_command_is_guarded(path):
    module = importlib.import_module(".".join(path.relative_to(ROOT.parent).with_suffix("").parts))
    assert issubclass(module.Command, GuardedCommand), f"{path.stem} must derive from GuardedCommand"


def test_a_guarded_command_runs_inside_the_guard():
    seen = []

    class Probe(GuardedCommand):
        def handle(self, *args, **options):
            seen.append(current_state())

    Probe().execute(no_color=True, force_color=False, skip_checks=True, stdout=None, stderr=None)
    assert seen == ["guarded"] and current_state() is None
