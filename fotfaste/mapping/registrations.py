"""What this app adds to the shared registries: its person-page section, disposal part and demo data. Imported once, from the app's ready()."""

from fotfaste.core import demo
from fotfaste.people import sections

from . import disposal  # noqa: F401  (its part of the disposal category "samverkan")
from .demo import demo_step
from .person import mapping_section

sections.register(sections.Section("mapping", "mapping/person_section.html", 60, mapping_section))
demo.register_step(demo.DemoStep("mapping", 60, demo_step))
