"""Settings for Fotfäste, read from environment variables.

Defaults give a working development system on SQLite; production sets
FOTFASTE_DEBUG=0 (the default), SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def load_env_file(path: Path) -> None:
    """Read KEY=VALUE lines from a local .env (written by `make run` for development).

    Real environment variables win, so production never depends on the file.
    """
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            os.environ.setdefault(key.strip(), value.strip())


load_env_file(Path(os.environ.get("FOTFASTE_ENV_FILE", BASE_DIR / ".env")))


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: str) -> bool:
    return env(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: str) -> int:
    return int(env(name, default))


DEBUG = envbool("FOTFASTE_DEBUG", "0")
# A development key is only acceptable with DEBUG on; production must set its own.
SECRET_KEY = env("SECRET_KEY") or ("dev-only-insecure-key" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY måste sättas när FOTFASTE_DEBUG inte är på.")
ALLOWED_HOSTS = [h for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "fotfaste.reference",
    "fotfaste.accounts",
    "fotfaste.orgs",
    "fotfaste.people",
    "fotfaste.registers",
    "fotfaste.kaa",
    "fotfaste.outreach",
    "fotfaste.letters",
    "fotfaste.consent",
    "fotfaste.team",
    "fotfaste.records",
    "fotfaste.incomesupport",
    "fotfaste.mapping",
    "fotfaste.plans",
    "fotfaste.fund",
    "fotfaste.programmes",
    "fotfaste.employers",
    "fotfaste.scb",
    "fotfaste.followup",
    "fotfaste.cycle",
    "fotfaste.mywork",
    "fotfaste.meetings",
    "fotfaste.listmatch",
    "fotfaste.access",
    "fotfaste.core",
    "fotfaste.disposal",
    "fotfaste.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "fotfaste.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "fotfaste.accounts.middleware.TwoFactorMiddleware",
    "fotfaste.access.middleware.ReadLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "fotfaste.urls"
WSGI_APPLICATION = "fotfaste.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fotfaste.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=60)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while an import writes; IMMEDIATE avoids
        # "database is locked" upgrades from read to write transactions.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": env("FOTFASTE_TEST_SQLITE", "") or None}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: a worklist page whose LIMIT the planner cannot cost well (over a
    # million persons) spent 370 ms compiling a query that ran in 1 ms (docs/performance.md §3).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:start"

# Sessions end after a period without activity.
SESSION_COOKIE_AGE = envint("FOTFASTE_SESSION_MINUTES", "30") * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A Swedish page in the site's layout, instead of Django's bare English one.
CSRF_FAILURE_VIEW = "fotfaste.core.views.csrf_failure"

# How many reverse proxies in front of Fotfäste append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXIES = envint("FOTFASTE_TRUSTED_PROXIES", "0")

# Login throttling: this many failed attempts per username or address within the window.
LOGIN_MAX_FAILURES = envint("FOTFASTE_LOGIN_MAX_FAILURES", "5")
LOGIN_FAILURE_WINDOW_MINUTES = envint("FOTFASTE_LOGIN_WINDOW_MINUTES", "15")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("FOTFASTE_SSL_REDIRECT", "1")
    SECURE_HSTS_SECONDS = envint("FOTFASTE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The Content-Security-Policy is sent always: only our own scripts, styles and images.
CONTENT_SECURITY_POLICY = env(
    "FOTFASTE_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
)

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "fotfaste@localhost")
# The address users reach Fotfäste at, for links in e-mail (which never carry personal data).
SITE_URL = env("FOTFASTE_SITE_URL", "http://127.0.0.1:8000")

# Background jobs run by `manage.py worker`; inline (in the request) only for tests.
JOBS_INLINE = envbool("FOTFASTE_JOBS_INLINE", "0")
# A worker says every few seconds that its running job is alive; a job on another machine whose last
# word is older than the stale limit is taken as abandoned (docs/decisions/0004-background-jobs.md).
JOB_HEARTBEAT_SECONDS = float(env("FOTFASTE_JOB_HEARTBEAT_SECONDS", "5"))
JOB_STALE_SECONDS = float(env("FOTFASTE_JOB_STALE_SECONDS", "120"))
# Pause points for the fault-injection tests (fotfaste/core/faults.py): never on outside the tests.
FAULT_POINTS = False
# Uploaded register files wait here until checked and read (then they are deleted).
IMPORT_DIR = Path(env("FOTFASTE_IMPORT_DIR", str(BASE_DIR / "var" / "imports")))
# An import left waiting for the user (columns to map, or checked and not read in) longer than this is cancelled
# by the worker and its file and staged rows removed (registers.imports.forget_waiting).
IMPORT_WAIT_DAYS = int(env("FOTFASTE_IMPORT_WAIT_DAYS", "7"))
# Printed letter batches are kept here for a day (letters.services.BATCH_FILE_HOURS).
LETTER_DIR = Path(env("FOTFASTE_LETTER_DIR", str(BASE_DIR / "var" / "letters")))
# Attached documents (signed consent forms). Never served as static files: only through views that check
# access and log the read, so there is no MEDIA_URL.
MEDIA_ROOT = Path(env("FOTFASTE_MEDIA_DIR", str(BASE_DIR / "var" / "media")))

# After a young person's KAA period ends, the municipality's KAA caseworkers keep seeing them this
# long, to follow up (docs/consent.md, "Grounds of access"); the register itself keeps every period.
KAA_FOLLOW_UP_MONTHS = envint("FOTFASTE_KAA_FOLLOW_UP_MONTHS", "6")
# What a read of persons outside fotfaste.access.grounds.restrict does: "raise" (development, tests)
# or "log" (an error in the log; production keeps serving).
PERSON_QUERY_GUARD = env("FOTFASTE_PERSON_QUERY_GUARD", "raise" if DEBUG else "log")

# Page size for lists and the API; lists use keyset pagination.
PAGE_SIZE = envint("FOTFASTE_PAGE_SIZE", "25")
# The day of January and July the default annual cycle sets for the municipality's half-year report to SCB.
# SCB publishes the real deadline each half-year, so the activity says "Kontrollera SCB:s datum"; an
# agreement changes its own day on the activity's page.
CYCLE_SCB_REPORT_DAY = envint("FOTFASTE_CYCLE_SCB_REPORT_DAY", "31")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("FOTFASTE_LOG_LEVEL", "WARNING")},
}
