"""What this app adds to the shared registries: its person-page section, work that keeps an own ground and disposal part. Imported once, from the app's ready()."""

from fotfaste.access import grounds
from fotfaste.people import sections

from . import disposal  # noqa: F401  (its part of the disposal category "samverkan")
from .person import records_section
from .services import WORK

grounds.register_work(WORK)
sections.register(sections.Section("records_section", "records/person_section.html", 50, records_section))
