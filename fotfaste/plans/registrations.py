"""What this app adds to the shared registries: its person-page section, work that keeps an own ground, disposal part and demo data. Imported once, from the app's ready()."""

from fotfaste.access import grounds
from fotfaste.core import demo
from fotfaste.people import sections

from . import disposal  # noqa: F401  (its part of the disposal category "samverkan")
from .demo import demo_step
from .person import plan_section
from .services import WORK

grounds.register_work(WORK)
sections.register(sections.Section("plan", "plans/person_section.html", 70, plan_section))
demo.register_step(demo.DemoStep("plans", 50, demo_step))
