"""What this app adds to the shared registries: the KAA duty as a ground of access, and its person-page section. Imported once, from the app's ready()."""

from fotfaste.access import grounds
from fotfaste.people import sections

from .duty import SOURCE
from .person import person_section

grounds.register_duty(SOURCE)
sections.register(sections.Section("kaa", "kaa/person_section.html", 10, person_section))
