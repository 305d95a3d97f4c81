"""One settings module for every installation, configured by environment variables.

The embedded default (no variables set) runs on a laptop with nothing installed: SQLite in
WAL mode, files and an e-mail outbox under var/. Production (ESERVICE_ENV=production)
refuses to start until every value it needs is set, naming the variable that is missing.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
import fontpkg_sarabun
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

ENVIRONMENT = os.environ.get("ESERVICE_ENV", "development")
if ENVIRONMENT not in ("development", "production"):
    raise ImproperlyConfigured("ESERVICE_ENV must be 'development' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"


def env(name: str, default: str = "", *, required_in_production: bool = False) -> str:
    value = os.environ.get(name, "")
    if not value and PRODUCTION and required_in_production:
        raise ImproperlyConfigured(f"Set the environment variable {name} (needed in production).")
    return value or default


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def _development_secret(filename: str) -> str:
    # Generated once per checkout and kept out of git (var/ is ignored).
    path = VAR_DIR / filename
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env("SECRET_KEY", required_in_production=True) or _development_secret("secret_key")
if PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters.")


def standalone_secret(name: str) -> str:
    """A secret that authorises something by itself and is shared with another party (a
    provider signs its callbacks with it). It never falls back to, or equals, SECRET_KEY:
    a leak of either must not give away the other."""
    value = env(name, required_in_production=True) or _development_secret(name.lower())
    if PRODUCTION and len(value) < 32:
        raise ImproperlyConfigured(f"{name} must be at least 32 random characters.")
    if value == SECRET_KEY:
        raise ImproperlyConfigured(f"{name} must not be the same as SECRET_KEY.")
    return value


DEBUG = env_bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production (unset DEBUG).")

ALLOWED_HOSTS = [
    h.strip()
    for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost", required_in_production=True).split(",")
    if h.strip()
]
# The address people see in e-mails and QR codes; links in mail must work outside the request.
# In development it follows PORT (as make run and honcho set it), so that links in e-mails, QR
# codes and the register's verify URLs reach the server that is running.
SITE_URL = env(
    "SITE_URL",
    f"http://127.0.0.1:{env_int('PORT', 8000)}",
    required_in_production=True,
).rstrip("/")
if PRODUCTION and not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured("SITE_URL must start with https:// in production.")
CSRF_TRUSTED_ORIGINS = [SITE_URL]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
    "axes",
    "eservice.lib",
    "eservice.registry",
    "eservice.identity",
    "eservice.outreach",
    "eservice.catalogue",
    "eservice.intake",
    "eservice.cases",
    "eservice.documents",
    "eservice.payments",
    "eservice.oversight",
    "eservice.front",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "eservice.lib.badinput.RejectBadInput",
    "eservice.lib.errors.MethodNotAllowed",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "eservice.urls"
WSGI_APPLICATION = "eservice.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "eservice" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["eservice.lib.templatetags.thai"],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env(
            "DATABASE_URL",
            f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
            required_in_production=True,
        ),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections are kept between requests (CONN_MAX_AGE above) for SQLite too: opening
    # one and setting its pragmas cost more than a whole submission's queries.
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers and one writer work at once; IMMEDIATE avoids lock-upgrade
        # deadlocks between the web server and the worker.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        # How long a writer waits for another's lock before "database is locked" (which the
        # worker, scheduler and smtpd retry, ADR 0012). Set on connecting, so that it covers
        # the pragmas above too.
        "timeout": env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 10),
    }
    # A file, not memory, so that a worker started by a test sees the test's data; one per
    # test run, so that two runs on one machine do not share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    # In the database so that rate limits and lock-outs hold across every web worker.
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "eservice_cache",
    }
}

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "identity.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
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
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# A reset link works once, for 2 hours; an address may ask for a few an hour.
PASSWORD_RESET_TIMEOUT = 2 * 3600
PASSWORD_RESETS_PER_HOUR = env_int("PASSWORD_RESETS_PER_HOUR", 5)
# A session ends after this long without a request (every request starts the time again),
# so a screen left signed in at a shared counter does not stay open.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
# Lock-outs count per client, the same address the rate limits and the audit log use.
AXES_CLIENT_IP_CALLABLE = "eservice.lib.audit.client_ip"

# --- Language, time -------------------------------------------------------------------------
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "eservice" / "templates" / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [
    *(
        (f"uswds/{part}", BASE_DIR / "node_modules" / "@uswds" / "uswds" / "dist" / part)
        for part in ("css", "js", "img", "fonts")
    ),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("fonts/sarabun", fontpkg_sarabun.ROOT / "files"),
]
# Uploaded and generated files live outside the web root and are served only through views
# that check who is asking.
MEDIA_ROOT = VAR_DIR / "media"
S3_BUCKET = env("S3_BUCKET")
if S3_BUCKET:
    default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env("S3_ENDPOINT_URL") or None,
            "region_name": env("S3_REGION") or None,
            "access_key": env("S3_ACCESS_KEY_ID", required_in_production=True),
            "secret_key": env("S3_SECRET_ACCESS_KEY", required_in_production=True),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    }
STORAGES = {
    "default": default_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Development serves static files straight from the packages; production collects them.
WHITENOISE_USE_FINDERS = not PRODUCTION
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760

# --- E-mail ---------------------------------------------------------------------------------
# Every message is a database record first (eservice.outreach); this only says how it leaves:
# to the SMTP relay in EMAIL_HOST, or, without one, to a local outbox (files under var/outbox
# and the outbox page).
smtp_host = env("EMAIL_HOST")
if PRODUCTION and not smtp_host:
    raise ImproperlyConfigured("Set the environment variable EMAIL_HOST (the SMTP relay).")
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": smtp_host,
            "port": env_int("EMAIL_PORT", 25),
            "username": env("EMAIL_HOST_USER"),
            "password": env("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", default=False),
            "use_ssl": env_bool("EMAIL_USE_SSL", default=False),
            "timeout": env_int("EMAIL_TIMEOUT", 20),
        },
    }
    if smtp_host
    else {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": str(VAR_DIR / "outbox")},
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "eservice <no-reply@eservice.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 8)
MAIL_RETRY_BASE_SECONDS = env_int("MAIL_RETRY_BASE_SECONDS", 30)
# How long a worker keeps the messages it claimed from other workers; renewed while it
# sends, so a worker killed mid-send has its messages sent by another within about this.
MAIL_SENDING_LEASE_SECONDS = env_int("MAIL_SENDING_LEASE_SECONDS", 60)

# --- Background work ------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        # Queues named by purpose, so a bulk send never blocks an acknowledgement.
        "QUEUES": ["default", "mail", "bulk"],
    }
}
# (task path, every N seconds). The scheduler enqueues each once per period, however many
# schedulers run.
PERIODIC_TASKS: list[tuple[str, int]] = [
    ("eservice.outreach.tasks.requeue_stalled_mail", 300),
    ("eservice.lib.tasks.forget_old_heartbeats", 3600),
]
WORKER_HEARTBEAT_SECONDS = 5
WORKER_STALE_AFTER_SECONDS = env_int("WORKER_STALE_AFTER_SECONDS", 30)

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Proxies (load balancer, CDN) in front of the web server that append the client's address
# to X-Forwarded-For. 0: the header is ignored and the connecting address is the client's.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
# Calls per minute for each connected system's API key.
API_REQUESTS_PER_MINUTE = env_int("API_REQUESTS_PER_MINUTE", 300)
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- audit ---
# The audit log's hash chain is anchored outside the database: every AUDIT_CHECKPOINT_SECONDS,
# when the log has grown, a checkpoint signed with this Ed25519 key (PEM) is written to
# storage under AUDIT_CHECKPOINT_DIR and to the log, timestamped by SIGNING_TSA_URL when set.
# Development makes the key under var/. verify_audit trusts the public keys (PEM) in
# AUDIT_CHECKPOINT_PUBLIC_KEYS (comma-separated: the current one and retired ones), or by
# default the key's own public half.
AUDIT_CHECKPOINT_KEY = Path(
    env(
        "AUDIT_CHECKPOINT_KEY",
        str(VAR_DIR / "audit" / "checkpoint-key.pem"),
        required_in_production=True,
    )
)
AUDIT_CHECKPOINT_PUBLIC_KEYS = [
    Path(p.strip()) for p in env("AUDIT_CHECKPOINT_PUBLIC_KEYS").split(",") if p.strip()
]
AUDIT_CHECKPOINT_DIR = "audit/checkpoints"
AUDIT_CHECKPOINT_SECONDS = env_int("AUDIT_CHECKPOINT_SECONDS", 300)
PERIODIC_TASKS.append(("eservice.lib.tasks.write_audit_checkpoint", AUDIT_CHECKPOINT_SECONDS))

# --- documents ---
# Each agency signs its documents with its own key, never stored in the database or the
# repository: a PKCS#12 file "<agency code>.p12" in SIGNING_KEY_DIR opened with
# SIGNING_KEY_PASSPHRASE, or, when SIGNING_PKCS11_MODULE is set, a key on an HSM whose label
# is the agency code (needs the python-pkcs11 package). Without a production key the
# development setup makes a demo CA and one certificate per agency there (make_demo_ca).
SIGNING_KEY_DIR = Path(env("SIGNING_KEY_DIR", str(VAR_DIR / "keys")))
SIGNING_KEY_PASSPHRASE = env("SIGNING_KEY_PASSPHRASE")
SIGNING_DEMO_CA = env_bool("SIGNING_DEMO_CA", default=not PRODUCTION)
SIGNING_PKCS11_MODULE = env("SIGNING_PKCS11_MODULE")
SIGNING_PKCS11_TOKEN = env("SIGNING_PKCS11_TOKEN")
SIGNING_PKCS11_PIN = env("SIGNING_PKCS11_PIN")
# An RFC 3161 timestamp server makes signatures PAdES B-T, and B-LT when the certificate's
# revocation data can be embedded too. Without one they are B-B.
SIGNING_TSA_URL = env("SIGNING_TSA_URL")
# PEM files of the roots that uploaded documents are checked against (comma-separated).
SIGNING_TRUST_ROOTS = [p.strip() for p in env("SIGNING_TRUST_ROOTS").split(",") if p.strip()]
# "pdf/a-3b" for archival copies (§17), or "" for plain PDF.
DOCUMENT_PDF_VARIANT = env("DOCUMENT_PDF_VARIANT", "pdf/a-3b")
VERIFY_UPLOADS_PER_HOUR = env_int("VERIFY_UPLOADS_PER_HOUR", 20)
VERIFY_UPLOAD_MAX_BYTES = env_int("VERIFY_UPLOAD_MAX_BYTES", 10_485_760)

# --- payments ---
# The e-Payment provider (DGA's service through Krungthai Bank): where to create payments,
# and the shared secret its callbacks are signed with (HMAC-SHA256).
PAYMENT_PROVIDER_URL = env("PAYMENT_PROVIDER_URL")
PAYMENT_PROVIDER_MERCHANT_ID = env("PAYMENT_PROVIDER_MERCHANT_ID")
PAYMENT_CALLBACK_SECRET = standalone_secret("PAYMENT_CALLBACK_SECRET")

# --- registry -------------------------------------------------------------------------------
# One-time verification links live this long; verified addresses are checked again yearly.
REGISTRY_VERIFICATION_HOURS = env_int("REGISTRY_VERIFICATION_HOURS", 72)
REGISTRY_REVERIFY_DAYS = env_int("REGISTRY_REVERIFY_DAYS", 365)
# §22: agencies are notified every 15 days until their channel is verified.
REGISTRY_REMINDER_DAYS = env_int("REGISTRY_REMINDER_DAYS", 15)
# Deliverability check run in the background: resolve_domain (DNS), or no_check offline.
REGISTRY_DOMAIN_CHECKER = env(
    "REGISTRY_DOMAIN_CHECKER", "eservice.registry.addresses.resolve_domain"
)
# A domain that surely exists: when even it does not resolve, DNS is out of reach.
REGISTRY_DNS_PROBE = env("REGISTRY_DNS_PROBE", "dga.or.th")
REGISTRY_IMPORT_MAX_BYTES = env_int("REGISTRY_IMPORT_MAX_BYTES", 10_485_760)
PERIODIC_TASKS += [
    ("eservice.registry.tasks.expire_verifications", 3600),
    ("eservice.registry.tasks.reverify_yearly", 86400),
    ("eservice.registry.tasks.chase_missing_channels", 86400),
    ("eservice.registry.tasks.take_snapshot", 86400),
]

# --- intake ---
# Applying by e-mail. Mail to "<agency code>@INTAKE_EMAIL_DOMAIN" (or an address the
# registry lists for an agency) becomes a request; replies come back to
# "INTAKE_REPLY_LOCALPART+<reference>-<hmac>@INTAKE_EMAIL_DOMAIN".
INTAKE_EMAIL_DOMAIN = env("INTAKE_EMAIL_DOMAIN", "eservice.localhost")
INTAKE_REPLY_LOCALPART = env("INTAKE_REPLY_LOCALPART", "reply")
# An existing mailbox to poll instead of (or beside) `manage.py smtpd`.
INTAKE_IMAP_HOST = env("INTAKE_IMAP_HOST")
INTAKE_IMAP_PORT = env_int("INTAKE_IMAP_PORT", 993)
INTAKE_IMAP_SSL = env_bool("INTAKE_IMAP_SSL", default=True)
INTAKE_IMAP_USER = env("INTAKE_IMAP_USER")
INTAKE_IMAP_PASSWORD = env("INTAKE_IMAP_PASSWORD")
INTAKE_IMAP_FOLDER = env("INTAKE_IMAP_FOLDER", "INBOX")
# Uploads: per file, and per e-mail message (the SMTP receiver refuses larger ones).
INTAKE_UPLOAD_MAX_BYTES = env_int("INTAKE_UPLOAD_MAX_BYTES", 10_485_760)
INTAKE_EMAIL_MAX_BYTES = env_int("INTAKE_EMAIL_MAX_BYTES", 26_214_400)
# Public submissions per client address per minute (FormSG allows 80 per instance).
INTAKE_SUBMITS_PER_MINUTE = env_int("INTAKE_SUBMITS_PER_MINUTE", 60)
# Unsubmitted drafts are deleted after this many days without a change.
INTAKE_DRAFT_DAYS = env_int("INTAKE_DRAFT_DAYS", 30)
PERIODIC_TASKS += [
    ("eservice.intake.tasks.forget_old_drafts", 86400),
    ("eservice.intake.tasks.forget_post_counts", 300),
]

# --- cases ---
# Working days a service takes when its manual gives none (unconfirmed default; set the
# manual's time on every service).
CASES_DEFAULT_DAYS = env_int("CASES_DEFAULT_DAYS", 15)
CASES_DUE_SOON_DAYS = env_int("CASES_DUE_SOON_DAYS", 3)  # working days before the due date
# Licensing Facilitation Act: the result within 7 days of the decision, progress every 7 days.
CASES_RESULT_NOTICE_DAYS = 7
CASES_PROGRESS_NOTICE_DAYS = 7
PERIODIC_TASKS.append(("eservice.cases.tasks.send_progress_notices", 3600))
# The inbox index carries extra columns on PostgreSQL (INCLUDE); SQLite builds it without
# them, which is what this warning says.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- oversight ------------------------------------------------------------------------------
# What "does on the platform" means for readiness: activity within this many days.
OVERSIGHT_ACTIVITY_DAYS = env_int("OVERSIGHT_ACTIVITY_DAYS", 365)
# The §20/§22 duties an agency must meet to count as compliant (names in oversight.measure).
OVERSIGHT_DUTIES = [
    d.strip()
    for d in env(
        "OVERSIGHT_DUTIES",
        "channel_announced,email_verified,services_published,services_on_portal",
    ).split(",")
    if d.strip()
]
# §22: a notice to every agency every 15 days, a report to the Cabinet every 60.
OVERSIGHT_NOTICE_DAYS = env_int("OVERSIGHT_NOTICE_DAYS", 15)
OVERSIGHT_REPORT_DAYS = env_int("OVERSIGHT_REPORT_DAYS", 60)
# Deliveries of a notice queued per task run, so a pause takes effect within a batch.
OVERSIGHT_NOTICE_BATCH = env_int("OVERSIGHT_NOTICE_BATCH", 500)
OVERSIGHT_EVIDENCE_MAX_BYTES = env_int("OVERSIGHT_EVIDENCE_MAX_BYTES", 5_242_880)
PERIODIC_TASKS += [
    ("eservice.oversight.tasks.take_daily_figures", 86400),
    ("eservice.oversight.tasks.send_scheduled_notice", OVERSIGHT_NOTICE_DAYS * 86400),
    ("eservice.oversight.tasks.make_scheduled_report", OVERSIGHT_REPORT_DAYS * 86400),
    ("eservice.oversight.tasks.resume_stalled_notices", 300),
]
LOGGING["loggers"]["weasyprint"] = {"level": "WARNING"}  # type: ignore[index]
LOGGING["loggers"]["fontTools"] = {"level": "WARNING"}  # type: ignore[index]
