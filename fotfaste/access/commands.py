"""The base of every Fotfäste management command: like a request, it reads persons only through
`grounds.restrict`, or says why not (`guard.unrestricted`). tests/unit/test_commands_guarded.py
keeps every command on it."""

from django.core.management.base import BaseCommand

from .guard import guarded


class GuardedCommand(BaseCommand):
    def execute(self, *args, **options):
        with guarded():
            return super().execute(*args, **options)
