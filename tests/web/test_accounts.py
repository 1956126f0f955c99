"""Login security: throttling, two-factor, session and headers, production checks."""

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pyotp
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fotfaste.orgs.models import RoleSetting
from fotfaste.orgs.roles import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def post_login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_lands_on_start_page_for_role(world):
    client = Client()
    response = post_login(client, "kaa", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("core:start")
    html = client.get(reverse("core:start")).content.decode()
    assert '<html lang="sv">' in html
    assert "KAA-handläggare" in html and "Sök person" in html
    html = Client()
    post_login(html, "styrgrupp", PASSWORD)
    page = html.get(reverse("core:start")).content.decode()
    assert "Sök person" not in page and "aldrig enskilda personer" in page and "/uppfoljning/" in page


def test_wrong_password_gives_swedish_error_and_no_session(world):
    client = Client()
    response = post_login(client, "kaa", "fel")
    assert response.status_code == 200
    assert "Fel användarnamn eller lösenord." in response.content.decode()
    assert client.get(reverse("core:start")).status_code == 302


def test_login_is_throttled_after_repeated_failures(world, settings):
    client = Client()
    for _ in range(settings.LOGIN_MAX_FAILURES):
        post_login(client, "kaa", "fel")
    response = post_login(client, "kaa", PASSWORD)
    assert "För många misslyckade inloggningsförsök" in response.content.decode()
    assert client.get(reverse("core:start")).status_code == 302


def test_inactive_user_cannot_log_in(world):
    user = world["users"]["kaa"]
    user.is_active = False
    user.save()
    response = post_login(Client(), "kaa", PASSWORD)
    assert "Fel användarnamn eller lösenord." in response.content.decode()


def test_two_factor_required_by_role_forces_setup_then_verification(world):
    RoleSetting.objects.filter(role=Role.KAA).update(require_two_factor=True)
    client = Client()
    response = post_login(client, "kaa", PASSWORD)
    assert response["Location"] == reverse("accounts:totp_setup")
    # Every other page sends the user back to the setup until it is done.
    assert client.get(reverse("people:search"))["Location"] == reverse("accounts:totp_setup")
    page = client.get(reverse("accounts:totp_setup")).content.decode()
    assert "<svg" in page
    secret = client.session["totp_pending_secret"]
    response = client.post(reverse("accounts:totp_setup"), {"code": "000000"})
    assert "Koden stämmer inte" in response.content.decode()
    response = client.post(reverse("accounts:totp_setup"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert client.get(reverse("people:search")).status_code == 200

    # A new login now asks for a code; a wrong one is refused, a used one cannot be replayed.
    client = Client()
    response = post_login(client, "kaa", PASSWORD)
    assert response["Location"].startswith(reverse("accounts:verify"))
    assert client.get(reverse("people:search")).status_code == 302
    response = client.post(reverse("accounts:verify"), {"code": "123456"})
    assert "Koden stämmer inte" in response.content.decode()
    # The current code was spent on the setup; the next time step's code is accepted (clock drift).
    code = pyotp.TOTP(secret).at(time.time() + 30)
    replay_client = Client()
    post_login(replay_client, "kaa", PASSWORD)
    assert client.post(reverse("accounts:verify"), {"code": code}).status_code == 302
    assert client.get(reverse("people:search")).status_code == 200
    response = replay_client.post(reverse("accounts:verify"), {"code": code})
    assert "Koden stämmer inte" in response.content.decode()
    assert replay_client.get(reverse("people:search")).status_code == 302


def test_two_factor_not_required_when_role_setting_off(world):
    client = Client()
    post_login(client, "kaa", PASSWORD)
    assert client.get(reverse("people:search")).status_code == 200


def test_role_without_setting_requires_two_factor(world):
    RoleSetting.objects.filter(role=Role.KAA).delete()
    client = Client()
    assert post_login(client, "kaa", PASSWORD)["Location"] == reverse("accounts:totp_setup")


def test_logout_requires_post_and_ends_session(world, login):
    client = login(world["users"]["kaa"])
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("core:start")).status_code == 302


def test_password_change(world, login):
    client = login(world["users"]["kaa"])
    response = client.post(
        reverse("accounts:security"),
        {
            "old_password": PASSWORD,
            "new_password1": "ett-nytt-langt-losenord-42",
            "new_password2": "ett-nytt-langt-losenord-42",
        },
    )
    assert response.status_code == 302
    assert Client().login(username="kaa", password="ett-nytt-langt-losenord-42")


def test_security_headers(world, client):
    response = client.get(reverse("accounts:login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_with_personal_data_are_not_cached(world, login):
    response = login(world["users"]["kaa"]).get(reverse("people:detail", args=[world["persons"]["asa"].pk]))
    assert response["Cache-Control"] == "no-store"


def test_production_settings_pass_deploy_check_and_use_argon2():
    env = {
        **os.environ,
        "FOTFASTE_ENV_FILE": "/nonexistent",
        "FOTFASTE_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "fotfaste.example.se",
        "DJANGO_SETTINGS_MODULE": "fotfaste.settings",
    }
    env.pop("FOTFASTE_SSL_REDIRECT", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    code = "from django.conf import settings; print(settings.PASSWORD_HASHERS[0], settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_AGE)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split()[-3:] == ["django.contrib.auth.hashers.Argon2PasswordHasher", "True", "1800"]


def test_production_refuses_to_start_without_secret_key():
    env = {
        **os.environ,
        "FOTFASTE_ENV_FILE": "/nonexistent",
        "FOTFASTE_DEBUG": "0",
        "SECRET_KEY": "",
        "DJANGO_SETTINGS_MODULE": "fotfaste.settings",
    }
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def enrol_two_factor(world):
    """Gives kaa a confirmed TOTP secret and returns it."""
    secret = pyotp.random_base32()
    user = world["users"]["kaa"]
    user.totp_secret = secret
    user.totp_confirmed_at = timezone.now()
    user.save()
    return secret


def test_password_alone_cannot_reenrol_two_factor_or_change_password(world):
    secret = enrol_two_factor(world)
    client = Client()
    post_login(client, "kaa", PASSWORD)
    # Re-enrolment sends the user to the existing second factor first.
    response = client.get(reverse("accounts:totp_setup"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:verify"))
    attacker_secret = pyotp.random_base32()
    client.post(reverse("accounts:totp_setup"), {"code": pyotp.TOTP(attacker_secret).now()})
    world["users"]["kaa"].refresh_from_db()
    assert world["users"]["kaa"].totp_secret == secret
    response = client.post(
        reverse("accounts:security"),
        {
            "old_password": PASSWORD,
            "new_password1": "x-nytt-langt-losenord-9",
            "new_password2": "x-nytt-langt-losenord-9",
        },
    )
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:verify"))
    assert Client().login(username="kaa", password=PASSWORD)


def test_code_guessing_is_throttled_across_new_logins(world, settings):
    """Wrong codes count like wrong passwords, and a new password login does not reset them."""
    enrol_two_factor(world)
    client = Client()
    post_login(client, "kaa", PASSWORD)
    for _ in range(settings.LOGIN_MAX_FAILURES):
        client.post(reverse("accounts:verify"), {"code": "000000"})
    response = client.post(reverse("accounts:verify"), {"code": "000000"})
    assert "För många felaktiga koder" in response.content.decode()
    response = post_login(Client(), "kaa", PASSWORD)
    assert "För många misslyckade inloggningsförsök" in response.content.decode()


def test_role_that_starts_to_require_two_factor_applies_to_open_sessions(world):
    client = Client()
    post_login(client, "kaa", PASSWORD)
    assert client.get(reverse("people:search")).status_code == 200
    RoleSetting.objects.filter(role=Role.KAA).update(require_two_factor=True)
    assert client.get(reverse("people:search"))["Location"] == reverse("accounts:totp_setup")


def test_client_address_behind_trusted_proxy(world, settings):
    from django.test import RequestFactory

    from fotfaste.core.net import client_ip

    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7", REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request) == "192.0.2.7"  # the client cannot spoof past our own proxy's entry
