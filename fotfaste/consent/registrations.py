"""What this app adds to the shared registries: its person-page section. Imported once, from the app's ready()."""

from fotfaste.people import sections

from .person import consents_section

sections.register(sections.Section("consents_section", "consent/person_section.html", 30, consents_section))
