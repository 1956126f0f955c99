"""Layers point one way (docs/architecture.md): an app imports only apps of its own layer or below.

Apps above add what they bring to the shared registries (menu items, person-page sections, demo
steps, disposal categories and parts, grounds of access, work that keeps an own ground, jobs)
from their ready(), so the foundation never imports them. This test reads every import in the
code, so an import that runs from a lower layer to a higher one fails here.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "fotfaste"

# Lowest first. Apps in one set may import each other; the composition root (fotfaste/urls.py,
# settings, wsgi) is above them all.
LAYERS: list[set[str]] = [
    {"reference"},
    # The foundation: users and organisations, persons, and the one access mechanism with its
    # grounds and consents; core's utilities and registries.
    {"core", "accounts", "orgs", "people", "access", "consent"},
    # The registers and the statutory KAA register derived from them.
    {"registers", "kaa"},
    {"disposal"},
    # The work with the young people, each app above those it builds on.
    {"outreach"},
    {"letters"},
    {"listmatch"},
    {"records"},
    {"incomesupport"},
    {"team"},
    {"mapping"},
    {"plans"},
    {"meetings"},
    {"fund"},
    {"programmes"},
    {"employers"},
    {"scb"},
    {"followup"},
    {"cycle"},
    {"mywork"},
    # Interfaces to other systems.
    {"api"},
]
LEVEL = {app: i for i, layer in enumerate(LAYERS) for app in layer}


def apps() -> list[str]:
    return sorted(p.name for p in ROOT.iterdir() if (p / "apps.py").exists())


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "fotfaste" and len(parts) > 1 and parts[1] in LEVEL:
                found.add(parts[1])
    return found


def test_every_app_has_a_layer():
    assert set(apps()) == set(LEVEL), "Give a new app its place in LAYERS (and in docs/architecture.md)."


@pytest.mark.parametrize("app", apps())
def test_no_import_runs_from_a_lower_layer_to_a_higher_one(app):
    wrong = []
    for path in sorted((ROOT / app).rglob("*.py")):
        for other in sorted(imported_apps(path)):
            if LEVEL[other] > LEVEL[app]:
                wrong.append(f"{path.relative_to(ROOT.parent)} imports fotfaste.{other}")
    assert not wrong, "An import from a lower layer to a higher one:\n" + "\n".join(wrong)


def test_the_layer_order_is_written_in_the_architecture_doc():
    doc = (ROOT.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    for layer in LAYERS:
        for app in layer:
            assert f"`{app}`" in doc, app


def test_the_check_itself_finds_an_upward_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from fotfaste.team.models import TeamMember\nimport fotfaste.api.api\n", encoding="utf-8")
    assert imported_apps(bad) == {"team", "api"}
