"""Préau settings: one module, driven by environment variables.

Defaults give the embedded set-up (SQLite under ``var/``, console e-mail,
immediate tasks). Production sets ``PREAU_PRODUCTION=1`` and the variables
listed in docs/operations.md; ``manage.py check --deploy`` is then clean.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("PREAU_HOME", PACKAGE_DIR.parent.parent)).resolve()
VAR_DIR = Path(os.environ.get("PREAU_VAR_DIR", BASE_DIR / "var")).resolve()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """Secret from the environment, else one generated once and kept in var/
    (never in production: each machine would sign links with its own key)."""
    if key := os.environ.get("PREAU_SECRET_KEY"):
        return key
    if env_bool("PREAU_PRODUCTION"):
        raise ImproperlyConfigured(
            "PREAU_PRODUCTION=1 needs PREAU_SECRET_KEY: set it to a long random value "
            "shared by every machine of the site (e.g. `python -c 'import secrets; "
            "print(secrets.token_urlsafe(64))'`), see docs/operations.md."
        )
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


PRODUCTION = env_bool("PREAU_PRODUCTION")
DEBUG = env_bool("PREAU_DEBUG")
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("PREAU_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("PREAU_CSRF_TRUSTED_ORIGINS")

# The operator running this instance: its name is shown in the header, e-mails
# and documents (the Marianne identity is reserved to State sites).
OPERATOR_NAME = os.environ.get("PREAU_OPERATOR_NAME", "Réseau Préau")
OPERATOR_TAGLINE = os.environ.get(
    "PREAU_OPERATOR_TAGLINE", "Formation continue des enseignants et des équipes éducatives"
)
# The RGAA accessibility audit, once there is one: the statement's status
# (footer, /accessibilite) follows it and is "non conforme" without it
# (core/accessibility.py). Date as YYYY-MM-DD, rate = % of criteria met.
ACCESSIBILITY_AUDIT = {
    "date": os.environ.get("PREAU_ACCESSIBILITY_AUDIT_DATE", ""),
    "auditor": os.environ.get("PREAU_ACCESSIBILITY_AUDITOR", ""),
    "rate": os.environ.get("PREAU_ACCESSIBILITY_AUDIT_RATE", ""),
}
# When the operator established (or last updated) its statement.
ACCESSIBILITY_STATEMENT_DATE = os.environ.get("PREAU_ACCESSIBILITY_STATEMENT_DATE", "2026-12-02")
# The operator's multi-year accessibility plan (schéma pluriannuel), if published.
ACCESSIBILITY_PLAN_URL = os.environ.get("PREAU_ACCESSIBILITY_PLAN_URL", "")
SITE_URL = os.environ.get("PREAU_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The training provider's identity on the certificat de réalisation (docs/operations.md).
PREAU_OPERATOR_ADDRESS = os.environ.get("PREAU_OPERATOR_ADDRESS", "").replace("\\n", "\n")
PREAU_OPERATOR_SIRET = os.environ.get("PREAU_OPERATOR_SIRET", "")
PREAU_OPERATOR_NDA = os.environ.get("PREAU_OPERATOR_NDA", "")  # déclaration d'activité
PREAU_OPERATOR_TOWN = os.environ.get("PREAU_OPERATOR_TOWN", "")  # "Fait à …"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "dsfr",
    "widget_tweaks",  # used by the DSFR form templates
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_ratelimit",
    "preau.core",
    "preau.accounts",
    "preau.network",
    "preau.catalog",
    "preau.scheduling",
    "preau.registrations",
    "preau.attendance",
    "preau.credentials",
    "preau.evaluation",
    "preau.lrs",
    "preau.selftraining",
    "preau.indicators",
    "preau.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "preau.core.middleware.ContentSecurityPolicyMiddleware",
    # Before sessions and views: a NUL or control character in the path, a query,
    # a form, a header or a cookie is refused (400/404), as is a request too large.
    "preau.core.middleware.HostileInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A read-only view whose database connection dropped runs once more.
    "preau.core.dbfaults.RetryDroppedConnectionMiddleware",
    # Last: turns a refused login (too many failures) into the login page saying when to retry.
    "axes.middleware.AxesMiddleware",
]

# Largest request body accepted (uploads included); each importer has its own limit below it.
PREAU_MAX_REQUEST_BYTES = int(os.environ.get("PREAU_MAX_REQUEST_BYTES", str(64 * 1024 * 1024)))

ROOT_URLCONF = "preau.urls"
WSGI_APPLICATION = "preau.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "preau.core.context_processors.operator",
                "preau.catalog.context_processors.catalog_menu",
                "preau.attendance.context_processors.attendance_menu",
            ],
        },
    },
]

# --- Databases --------------------------------------------------------------
SQLITE_PATH = VAR_DIR / "preau.sqlite3"
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    # Connections are kept between requests and checked before each request
    # uses one again: after a database restart the next request reconnects
    # (docs/operations.md, "Database faults").
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=int(os.environ.get("PREAU_DB_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "TEST": {"NAME": None},
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Also when DATABASE_URL names an SQLite file. IMMEDIATE takes the write lock
    # at BEGIN, so two writers queue on the busy timeout instead of failing with
    # "database is locked" when a read transaction tries to write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
            ),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The default cache is per process; rate limits need one shared by every
# worker and machine: a table in the database (`preau manage createcachetable`,
# done by `preau run`). Entries outlive the longest window (a day).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "preau_ratelimit",
        "TIMEOUT": 60 * 60 * 48,
        "OPTIONS": {"MAX_ENTRIES": 200_000},
    },
}

# --- Accounts ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:me"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
# Passwords are refused for a while after repeated failures (django-axes, see
# docs/security.md): per account, and per client IP address with a higher
# threshold (a school network shares one address). Attempts are kept only
# during the cool-off; the password-reset link unlocks the account, and
# `preau manage axes_reset_username EMAIL` too.
AUTHENTICATION_BACKENDS = [
    "preau.accounts.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PREAU_LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("PREAU_LOGIN_FAILURES_PER_ACCOUNT", "5"))
PREAU_LOGIN_FAILURES_PER_IP = int(os.environ.get("PREAU_LOGIN_FAILURES_PER_IP", "30"))
PREAU_LOGIN_COOLOFF_MINUTES = int(os.environ.get("PREAU_LOGIN_COOLOFF_MINUTES", "15"))
AXES_HANDLER = "preau.accounts.lockout.LockoutHandler"
AXES_FAILURE_LIMIT = PREAU_LOGIN_FAILURES_PER_ACCOUNT
AXES_COOLOFF_TIME = timedelta(minutes=PREAU_LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "preau.accounts.lockout.attempted_username"
AXES_CLIENT_IP_CALLABLE = "preau.core.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "preau.accounts.lockout.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # no record of every successful login (IP, browser)
AXES_ENABLE_ADMIN = True
# Reverse proxies in front of the web server that append to X-Forwarded-For:
# the client address is the one the outermost trusted proxy saw.
PREAU_PROXY_COUNT = int(os.environ.get("PREAU_PROXY_COUNT", "1" if PRODUCTION else "0"))

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Paris"

# --- Static files -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Without collectstatic (embedded use), WhiteNoise serves straight from the apps.
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # keeps WhiteNoise from warning
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- E-mail -----------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "PREAU_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("PREAU_EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("PREAU_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("PREAU_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("PREAU_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PREAU_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("PREAU_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("PREAU_FROM_EMAIL", "Préau <ne-pas-repondre@preau.invalid>")
# A server that accepts and never answers costs at most this many seconds per
# attempt; a failed send is tried again PREAU_EMAIL_ATTEMPTS times in all, after
# PREAU_EMAIL_RETRY_SECONDS, then 4 times longer each time (docs/operations.md).
EMAIL_TIMEOUT = float(os.environ.get("PREAU_EMAIL_TIMEOUT", "10"))
PREAU_EMAIL_ATTEMPTS = int(os.environ.get("PREAU_EMAIL_ATTEMPTS", "5"))
PREAU_EMAIL_RETRY_SECONDS = float(os.environ.get("PREAU_EMAIL_RETRY_SECONDS", "60"))

# --- Background tasks -------------------------------------------------------
# "immediate" runs tasks in the request (embedded default, tests); "database"
# queues them for `preau worker`.
TASKS_MODE = os.environ.get("PREAU_TASKS", "immediate")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if TASKS_MODE == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# --- Security ---------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The language cookie is set by the server (/i18n/setlang/) and read by nobody else.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("PREAU_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("PREAU_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("PREAU_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
# /healthz is probed over plain HTTP by load balancers.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# DSFR assets are served locally; integrity hashes would break under WhiteNoise compression.
DSFR_USE_INTEGRITY_CHECKSUMS = False

# --- Domain settings ----------------------------------------------------------
# 1 trainee-day = 6 participant-hours (operator's report; see docs/indicators.md).
PREAU_HOURS_PER_TRAINEE_DAY = float(os.environ.get("PREAU_HOURS_PER_TRAINEE_DAY", "6"))
PREAU_WAITLIST_OFFER_HOURS = int(os.environ.get("PREAU_WAITLIST_OFFER_HOURS", "24"))
# Complaints: the answer delay promised on the form and in the acknowledgement.
PREAU_COMPLAINT_REPLY_DAYS = int(os.environ.get("PREAU_COMPLAINT_REPLY_DAYS", "15"))
PREAU_REMINDER_DAYS = int(os.environ.get("PREAU_REMINDER_DAYS", "2"))
# QR check-in opens this many minutes before a slot and closes as long after it.
PREAU_CHECKIN_MARGIN_MINUTES = int(os.environ.get("PREAU_CHECKIN_MARGIN_MINUTES", "30"))
# The QR code shown in the room changes every PREAU_QR_ROTATION_SECONDS; the
# previous one is accepted PREAU_QR_GRACE_SECONDS more; a valid scan leaves
# PREAU_QR_PASS_MINUTES to log in and confirm (see attendance/checkin.py).
PREAU_QR_ROTATION_SECONDS = int(os.environ.get("PREAU_QR_ROTATION_SECONDS", "45"))
PREAU_QR_GRACE_SECONDS = int(os.environ.get("PREAU_QR_GRACE_SECONDS", "20"))
PREAU_QR_PASS_MINUTES = int(os.environ.get("PREAU_QR_PASS_MINUTES", "10"))
# Webinar logs: present when connected at least this share of the slot.
PREAU_WEBINAR_PRESENCE_RATIO = float(os.environ.get("PREAU_WEBINAR_PRESENCE_RATIO", "0.8"))
# Evaluation: follow-up survey delay, reminder delay, smallest N shown publicly.
PREAU_COLD_SURVEY_DAYS = int(os.environ.get("PREAU_COLD_SURVEY_DAYS", "60"))
PREAU_SURVEY_REMINDER_DAYS = int(os.environ.get("PREAU_SURVEY_REMINDER_DAYS", "7"))
PREAU_RESULTS_MIN_N = int(os.environ.get("PREAU_RESULTS_MIN_N", "5"))
# Reading committee: the author of an offer (or of the version under review) may
# not accept it ("four eyes"). A small operator with a single editor may allow it;
# each such acceptance is then flagged in the offer's history and the audit log.
PREAU_CATALOG_SELF_REVIEW = env_bool("PREAU_CATALOG_SELF_REVIEW")
# Dashboards may show an indicator roll-up this many seconds old while records
# change (they say when it was computed); older, it is rebuilt before showing.
PREAU_ROLLUP_MAX_AGE_SECONDS = int(os.environ.get("PREAU_ROLLUP_MAX_AGE_SECONDS", "300"))
# Personal API tokens: how many days they stay valid when created without a date.
PREAU_API_TOKEN_DAYS = int(os.environ.get("PREAU_API_TOKEN_DAYS", "365"))

# Anonymous forms that send e-mail (sign-up, registration with an e-mail
# address, password reset, complaints): at most this many per client IP
# address and per target address ("count/period", period s, m, h or d).
PREAU_MAIL_FORMS_PER_IP = os.environ.get("PREAU_MAIL_FORMS_PER_IP", "20/h")
PREAU_MAIL_FORMS_PER_ADDRESS = os.environ.get("PREAU_MAIL_FORMS_PER_ADDRESS", "3/h")
RATELIMIT_USE_CACHE = "ratelimit"
SILENCED_SYSTEM_CHECKS = [
    # django-ratelimit knows only memcached and Redis as shared, atomic caches.
    # The database cache is shared by every worker; its increments are not
    # atomic, so a burst of simultaneous requests may count a few as one
    # (docs/security.md). Nothing here needs a cache server.
    "django_ratelimit.E003",
    "django_ratelimit.W001",
]

# --- Logging: ids only, never names or e-mails (see docs/operations.md) ------
# Every handler strips link tokens from URLs and e-mail addresses from messages
# and tracebacks (preau.core.logredact); Django's own loggers use the same handler.
LOG_LEVEL = os.environ.get("PREAU_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "preau.core.logredact.RedactFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}
