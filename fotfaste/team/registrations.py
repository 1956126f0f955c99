"""What this app adds to the shared registries: its person-page section, work that keeps an own ground, disposal part and demo data. Imported once, from the app's ready()."""

from fotfaste.access import grounds
from fotfaste.core import demo
from fotfaste.people import sections

from . import disposal  # noqa: F401  (its part of the disposal category "samverkan")
from .demo import demo_step
from .person import team_section
from .services import WORK

grounds.register_work(WORK)
sections.register(sections.Section("team_section", "team/person_section.html", 40, team_section))
demo.register_step(demo.DemoStep("team", 40, demo_step))
