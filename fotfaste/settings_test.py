"""Settings for the test suite: production settings, minus what only HTTPS or speed forbids."""

import os
import tempfile
from pathlib import Path

os.environ["FOTFASTE_ENV_FILE"] = "/nonexistent"  # tests never read a developer's .env
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-never-used-in-production-0123456789")
os.environ.setdefault("FOTFASTE_DEBUG", "0")
os.environ.setdefault("FOTFASTE_SSL_REDIRECT", "0")

from .settings import *  # noqa: E402,F403
from .settings import PASSWORD_HASHERS, STORAGES  # noqa: E402

# The live test server speaks plain HTTP.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# Fast hashing keeps the suite quick; production uses Argon2 (tested in test_security.py).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Background jobs run at once, so a test sees the finished import.
JOBS_INLINE = True
# The fault-injection tests stop a worker process at a named point (fotfaste/core/faults.py).
FAULT_POINTS = True
IMPORT_DIR = Path(tempfile.gettempdir()) / "fotfaste-test-imports"
LETTER_DIR = Path(tempfile.gettempdir()) / "fotfaste-test-letters"
MEDIA_ROOT = Path(tempfile.gettempdir()) / "fotfaste-test-media"
# A read of persons that does not go through fotfaste.access.grounds.restrict fails the test.
PERSON_QUERY_GUARD = "raise"
