"""Settings of Maillage, read from the environment.

`DATABASE_URL` picks the database: unset, a SQLite file in the instance folder;
`postgresql://...` uses PostgreSQL through psycopg 3.
"""

import os
from datetime import timedelta


def database_url(default: str) -> str:
    """Return the SQLAlchemy URL from DATABASE_URL, with psycopg 3 for PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "").strip() or default
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    """Settings shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY")
    # None: the app factory puts maillage.sqlite in the instance folder.
    SQLALCHEMY_DATABASE_URI = database_url("") or None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "fr"
    # The coalition's time zone: every time is stored in UTC and shown in this zone.
    BABEL_DEFAULT_TIMEZONE = os.environ.get("TIME_ZONE", "").strip() or "America/Toronto"
    LANGUAGES = ("fr", "en")
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_UPLOAD_MB", "20")) * 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    # A session ends after this long without a request, and in any case this long after
    # sign-in (seconds).
    SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_MINUTES", "120")) * 60
    SESSION_ABSOLUTE_TIMEOUT = int(os.environ.get("SESSION_ABSOLUTE_HOURS", "12")) * 3600
    WTF_CSRF_TIME_LIMIT = None
    BOOTSTRAP_SERVE_LOCAL = True  # the machines have no internet: no CDN
    BOOTSTRAP_BTN_STYLE = "primary"
    # Outgoing email (newsletter confirmations); without MAIL_SERVER it goes to the log.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "").strip() or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "").strip() or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1").strip().lower() not in ("0", "false", "no")
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "").strip() or "infolettre@example.org"
    # How many reverse proxies in front of the app add X-Forwarded-For and -Proto: only
    # their entries are believed (0: none, the connection's own address counts).
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    # The public address of the app, for links in emails and in the newsletter list.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "").strip().rstrip("/") or "http://127.0.0.1:5000"
    # The person in charge of the protection of personal information (Law 25), shown on
    # the public privacy page; without a name the page shows the role's title.
    PRIVACY_OFFICER_NAME = os.environ.get("PRIVACY_OFFICER_NAME", "").strip()
    PRIVACY_OFFICER_EMAIL = (
        os.environ.get("PRIVACY_OFFICER_EMAIL", "").strip() or "confidentialite@example.org"
    )
    PRIVACY_OFFICER_PHONE = os.environ.get("PRIVACY_OFFICER_PHONE", "").strip()
    # The job queue (imports): Redis when REDIS_URL is set, else a SQLite file (None: the
    # instance folder's jobs.sqlite). A running job says it is alive every heartbeat; one
    # silent for JOB_STALE_SECONDS is taken as interrupted (jobs/recovery.py).
    REDIS_URL = os.environ.get("REDIS_URL", "").strip() or None
    JOBS_DATABASE = os.environ.get("JOBS_DATABASE", "").strip() or None
    JOBS_QUEUE_NAME = os.environ.get("JOBS_QUEUE_NAME", "").strip() or "maillage"
    JOB_HEARTBEAT_SECONDS = float(os.environ.get("JOB_HEARTBEAT_SECONDS", "5"))
    JOB_STALE_SECONDS = float(os.environ.get("JOB_STALE_SECONDS", "30"))
    # The mail drop (README, "The mail drop"): the IMAP mailbox the worker reads every
    # MAILDROP_INTERVAL_MINUTES; without MAILDROP_HOST it is not read. MAILDROP_SECURITY is
    # "ssl" (port 993), "starttls" or "none"; MAILDROP_AUTH "password" (an app password) or
    # "oauth2" (MAILDROP_PASSWORD then holds the access token: XOAUTH2).
    MAILDROP_HOST = os.environ.get("MAILDROP_HOST", "").strip() or None
    MAILDROP_PORT = int(os.environ.get("MAILDROP_PORT", "993"))
    MAILDROP_SECURITY = os.environ.get("MAILDROP_SECURITY", "ssl").strip().lower()
    MAILDROP_USER = os.environ.get("MAILDROP_USER", "").strip() or None
    MAILDROP_PASSWORD = os.environ.get("MAILDROP_PASSWORD") or None
    MAILDROP_AUTH = os.environ.get("MAILDROP_AUTH", "password").strip().lower()
    MAILDROP_FOLDER = os.environ.get("MAILDROP_FOLDER", "").strip() or "INBOX"
    MAILDROP_DONE_FOLDER = os.environ.get("MAILDROP_DONE_FOLDER", "").strip() or "Traités"
    MAILDROP_INTERVAL_MINUTES = int(os.environ.get("MAILDROP_INTERVAL_MINUTES", "5"))
    # The weekly digest goes out on Monday from this hour (America/Montreal).
    DIGEST_HOUR = int(os.environ.get("DIGEST_HOUR", "7"))


class DevelopmentConfig(Config):
    """Local development: a fixed, non-secret key unless one is given."""

    SECRET_KEY = Config.SECRET_KEY or "dev-only-not-secret"


class TestConfig(Config):
    """The test suite: TEST_DATABASE_URL or DATABASE_URL, else a SQLite file per run."""

    TESTING = True
    SECRET_KEY = "test-only-not-secret"
    SQLALCHEMY_DATABASE_URI = database_url("") or None
    WTF_CSRF_ENABLED = False
    MAIL_SERVER = None  # never send from the tests, whatever the environment says
    # The queue: a SQLite file beside the test database (conftest), or TEST_REDIS_URL.
    REDIS_URL = os.environ.get("TEST_REDIS_URL", "").strip() or None
    JOBS_DATABASE = None
    JOB_HEARTBEAT_SECONDS = 0.5
    JOB_STALE_SECONDS = 2.0


class ProductionConfig(Config):
    """Production: secure cookies; refuses to start without SECRET_KEY."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}
