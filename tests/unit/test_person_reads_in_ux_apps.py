"""Letters, list matching, meetings, Mina uppgifter and the worklist read persons only through access.

A narrow guard until the lead's project-wide one (issue 10): no `Person.objects` in these apps.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "fotfaste"
MODULES = sorted(
    [
        *(ROOT / "letters").glob("*.py"),
        *(ROOT / "listmatch").glob("*.py"),
        *(ROOT / "meetings").glob("*.py"),
        *(ROOT / "mywork").glob("*.py"),
        ROOT / "outreach" / "worklist.py",
    ]
)
DEMO = {"demo.py"}  # a demo loader writes the made-up data it was given


@pytest.mark.parametrize("path", [p for p in MODULES if p.name not in DEMO], ids=lambda p: str(p.relative_to(ROOT)))
def test_no_person_objects(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    reads = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in ("objects", "_default_manager", "_base_manager")
        and isinstance(node.value, ast.Name)
        and node.value.id == "Person"
    ]
    assert not reads, f"{path.relative_to(ROOT)} läser personer förbi access på rad {reads}"
