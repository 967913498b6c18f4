"""OpenTwin settings, read from the environment with safe development defaults.

Production (``OPENTWIN_ENV=production``) refuses to start without a real
``SECRET_KEY`` and ``ALLOWED_HOSTS`` and turns on every HTTPS protection, so
that ``manage.py check --deploy`` has nothing to report.
"""

from __future__ import annotations

import os
import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from core.formats.en import formats as english_formats
from core.plugins import active_plugins

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


OPENTWIN_ENV = os.environ.get("OPENTWIN_ENV", "development")
PRODUCTION = OPENTWIN_ENV == "production"
DEBUG = env_bool("DEBUG", default=not PRODUCTION)

_DEVELOPMENT_SECRET_KEY = "development-only-insecure-key-never-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else _DEVELOPMENT_SECRET_KEY)
if PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY == _DEVELOPMENT_SECRET_KEY):
    raise ImproperlyConfigured(
        "OPENTWIN_ENV=production needs a SECRET_KEY of at least 50 random characters."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1]")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("OPENTWIN_ENV=production needs ALLOWED_HOSTS (comma-separated).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Links in e-mails are built from this address, never from a request's Host header.
OPENTWIN_SITE_URL = os.environ.get(
    "SITE_URL",
    f"https://{ALLOWED_HOSTS[0]}" if PRODUCTION else "http://127.0.0.1:8000",
).rstrip("/")
# The name e-mails and pages sign with.
OPENTWIN_SITE_NAME = os.environ.get("OPENTWIN_SITE_NAME", "OpenTwin")

# --- plugins ----------------------------------------------------------------
# OPENTWIN_PLUGINS: comma-separated allow-list; absent means every installed plugin.
OPENTWIN_ACTIVE_PLUGINS = active_plugins(os.environ.get("OPENTWIN_PLUGINS"))
OPENTWIN_PLUGINS = [plugin.name for plugin in OPENTWIN_ACTIVE_PLUGINS]

INSTALLED_APPS = [
    "core.apps.CoreConfig",
    "cms.apps.CmsConfig",
    *[plugin.app for plugin in OPENTWIN_ACTIVE_PLUGINS],
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # CLDR country names in every EU language (core.models.directory.country_name).
    "django_countries",
    "django_q",
    "csp",
    # request.htmx and the HX-* response helpers for in-place actions.
    "django_htmx",
    # The API's interactive docs from our static files, not a CDN and an inline script.
    "ninja",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files (fingerprinted names, compressed, cached for a year) without a
    # separate web server; in development it serves them with runserver too.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.accounts.middleware.ProfileLanguageMiddleware",
    "core.registration.middleware.RegistrationGateMiddleware",
    "core.accounts.middleware.PupilConfinementMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.csp.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "core.urls"
WSGI_APPLICATION = "core.wsgi.application"

# Every site form renders through the design system's templates (labels, help and
# errors tied to their fields, Bootstrap's classes); the Wagtail admin renders its own.
FORM_RENDERER = "core.forms.SiteFormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.context_processors.site_navigation",
            ],
        },
    },
]

# --- data ------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at
    # BEGIN so two writers queue (for up to `timeout` seconds) instead of deadlocking.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

REDIS_URL = os.environ.get("REDIS_URL", "")
# Names this installation's cache keys and task queue, so several installations (or
# the parallel workers of a test run, PYTEST_XDIST_WORKER) can share one Redis.
INSTANCE_NAME = os.environ.get("OPENTWIN_INSTANCE_NAME", "opentwin") + os.environ.get(
    "PYTEST_XDIST_WORKER", ""
)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": INSTANCE_NAME,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# django-q2: the ORM broker on the same database by default, Redis when configured.
# The ORM broker delivers at least once, so retry > timeout > the longest task.
Q_CLUSTER = {
    "name": INSTANCE_NAME,
    "workers": int(os.environ.get("Q_WORKERS", "2")),
    "timeout": 300,
    "retry": 600,
    "max_attempts": 5,
    "ack_failures": True,
    "catch_up": False,
    # Keep no history of successful tasks: their arguments may hold personal data
    # (e-mail bodies) that erasure could not reach. Failed tasks are kept for operators.
    "save_limit": -1,
    "label": "Background tasks",
    "sync": env_bool("OPENTWIN_TASKS_SYNC"),
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# --- accounts --------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Periods of the account timeline (DOMAIN.md §2), in days; settings, not code.
OPENTWIN_EMAIL_VERIFICATION_DAYS = int(os.environ.get("OPENTWIN_EMAIL_VERIFICATION_DAYS", "3"))
OPENTWIN_HEAD_TEACHER_LINK_DAYS = int(os.environ.get("OPENTWIN_HEAD_TEACHER_LINK_DAYS", "14"))
OPENTWIN_INACTIVE_AFTER_DAYS = int(os.environ.get("OPENTWIN_INACTIVE_AFTER_DAYS", str(2 * 365)))
OPENTWIN_DELETE_AFTER_DAYS = int(os.environ.get("OPENTWIN_DELETE_AFTER_DAYS", str(3 * 365)))
OPENTWIN_INACTIVITY_WARNING_DAYS = (30, 7)
# TwinSpace materials (DOMAIN.md §4): size limits per upload, in megabytes.
OPENTWIN_MAX_FILE_MB = int(os.environ.get("OPENTWIN_MAX_FILE_MB", "20"))
OPENTWIN_MAX_IMAGE_MB = int(os.environ.get("OPENTWIN_MAX_IMAGE_MB", "5"))
# Online seminars (docs/plugins/mooc.md): the registration window, when registrants see
# the live link, the largest recording; "new to the programme" for the calls for events.
OPENTWIN_SEMINAR_REGISTRATION_DAYS = int(os.environ.get("OPENTWIN_SEMINAR_REGISTRATION_DAYS", "7"))
OPENTWIN_SEMINAR_LINK_MINUTES = int(os.environ.get("OPENTWIN_SEMINAR_LINK_MINUTES", "15"))
OPENTWIN_MAX_VIDEO_MB = int(os.environ.get("OPENTWIN_MAX_VIDEO_MB", "2048"))
OPENTWIN_NEW_TEACHER_MONTHS = int(os.environ.get("OPENTWIN_NEW_TEACHER_MONTHS", "12"))
# Public verification of awards: look-ups allowed per client network in each window,
# so verification codes cannot be tried one after another.
OPENTWIN_VERIFY_RATE_LIMIT = int(os.environ.get("OPENTWIN_VERIFY_RATE_LIMIT", "30"))
OPENTWIN_VERIFY_RATE_WINDOW_SECONDS = int(
    os.environ.get("OPENTWIN_VERIFY_RATE_WINDOW_SECONDS", "60")
)
# The school year starts on the first day of this month (names: the year it starts in).
OPENTWIN_SCHOOL_YEAR_START_MONTH = int(os.environ.get("OPENTWIN_SCHOOL_YEAR_START_MONTH", "9"))
# National Quality Label applications a teacher may make in one school year.
OPENTWIN_NQL_MAX_APPLICATIONS_PER_YEAR = int(
    os.environ.get("OPENTWIN_NQL_MAX_APPLICATIONS_PER_YEAR", "4")
)
# How the NSS's and the regional representative's scores of a National Quality Label
# application combine: "average", "lowest", or "nss" (the NSS's alone).
OPENTWIN_NQL_SCORE_RULE = os.environ.get("OPENTWIN_NQL_SCORE_RULE", "average")
# The European Quality Label's yearly computation: each NSS may nominate up to this share
# (in percent) of its country's labelled projects, each with an average score above the
# threshold.
OPENTWIN_EQL_QUOTA_PERCENT = int(os.environ.get("OPENTWIN_EQL_QUOTA_PERCENT", "25"))
OPENTWIN_EQL_SCORE_THRESHOLD = int(os.environ.get("OPENTWIN_EQL_SCORE_THRESHOLD", "20"))
# Portable badges (Open Badges 3.0) are signed with this Ed25519 key (a PEM file); empty:
# a key derived from SECRET_KEY, which changes with it.
OPENTWIN_BADGE_SIGNING_KEY_FILE = os.environ.get("OPENTWIN_BADGE_SIGNING_KEY_FILE", "")
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:desktop"
LOGOUT_REDIRECT_URL = "/"
# Pupils log in on their own page (a URL or URL name, like LOGIN_URL); the teacher login
# and the password reset refuse pupils and point there.
OPENTWIN_PUPIL_LOGIN_URL = "twinspace:pupil-login"

# --- login throttling (django-axes) -----------------------------------------
# Failed logins lock out one username from one IP address: a pupil mistyping cannot
# lock out the whole class behind the school's NAT address, nor an attacker a teacher.
INSTALLED_APPS.insert(INSTALLED_APPS.index("django_q") + 1, "axes")
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # must stay the last middleware
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.accounts.views.locked_out"
# Behind reverse proxies every request comes from the proxy: count the proxies that
# append to X-Forwarded-For, so failures are still counted per client address.
OPENTWIN_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "core.accounts.client_ip.client_ip"
AXES_VERBOSE = False  # no start-up banner on every manage.py command

# --- e-mail ----------------------------------------------------------------
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "OpenTwin <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
    EMAIL_TIMEOUT = 30
else:
    # Development: mail is printed on the console of `make run`.
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- languages -------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("de", "Deutsch"),
]
USE_I18N = True
# Day-month order and a 24-hour clock for English readers in Europe (core/dates.py).
FORMAT_MODULE_PATH = ["core.formats"]
# The same formats when no language is active (an e-mail rendered for someone who never
# chose one is rendered with translation switched off, which reads these settings).
DATE_FORMAT = english_formats.DATE_FORMAT
TIME_FORMAT = english_formats.TIME_FORMAT
DATETIME_FORMAT = english_formats.DATETIME_FORMAT
MONTH_DAY_FORMAT = english_formats.MONTH_DAY_FORMAT
SHORT_DATE_FORMAT = english_formats.SHORT_DATE_FORMAT
SHORT_DATETIME_FORMAT = english_formats.SHORT_DATETIME_FORMAT
FIRST_DAY_OF_WEEK = english_formats.FIRST_DAY_OF_WEEK
TIME_ZONE = "Europe/Brussels"
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

# --- static and media files ----------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Members-only files (TwinSpace materials…): outside MEDIA_ROOT, never served directly.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "core.storage.PrivateFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail -----------------------------------------------------------------
WAGTAIL_SITE_NAME = "OpenTwin"
WAGTAILADMIN_BASE_URL = OPENTWIN_SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# No Gravatar: it would send a hash of every staff member's e-mail address to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor Wagtail's release check: each staff browser would fetch it from releases.wagtail.io.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odp", "ods", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]

# --- security --------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# Wagtail relaxes this to SAMEORIGIN on its own preview views.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe over plain HTTP, behind the TLS they terminate.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Every page: scripts, styles, images and fonts from our own origin only, never inline
# (core/csp.py relaxes this for the admin screens). A response that sets its own policy,
# such as a private file's sandbox, keeps it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        # The design system draws its small icons (a select's arrow, a ticked box's
        # check mark, a radio button's dot) as data: SVG images in its style sheet.
        # Images cannot run code; scripts and styles stay limited to our own files.
        "img-src": [SELF, "data:"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django_q": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": os.environ.get("WAGTAIL_LOG_LEVEL", "WARNING")},
    },
}

# Development serves static files straight from the apps' folders (no collectstatic);
# WhiteNoise would otherwise warn, on every start, that STATIC_ROOT does not exist yet.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG and not PRODUCTION
if not PRODUCTION:
    warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
