"""What this app adds to the shared registries: the disposal category "samverkan", to which the collaboration apps add their parts. Imported once, from the app's ready()."""

from . import collaboration  # noqa: F401  (registers the category)
