from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client


def issue_token(username: str) -> str:
    out = StringIO()
    call_command("api_token", username, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


@pytest.fixture
def api_client():
    """A test client that sends a fresh bearer token for the given user, and no session."""

    def _client(user) -> Client:
        return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user.username)}")

    return _client
