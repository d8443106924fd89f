"""The Maillage web application: `create_app` builds it for a given configuration."""

import functools
import os
from pathlib import Path

from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from app import incoming
from app.extensions import babel, bootstrap, csrf, db, login_manager, migrate
from config import CONFIGS
from models.base import engine_options

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def select_locale() -> str:
    """Return the interface language: `?lang=` for this page, else the signed-in user's,
    else the session's, else French."""
    if not has_request_context():
        return g.get("lang", "fr")
    asked = request.args.get("lang")
    if asked in current_app.config["LANGUAGES"]:
        return asked
    if current_user and current_user.is_authenticated:
        return current_user.language
    return session.get("lang", "fr")


class FormMessages:
    """WTForms' own messages ("This field is required.") in the language of the moment,
    from catalogues read once per process. Flask-WTF reads the catalogue file again in
    every request that builds a form (each list page's "Views" menu: a twentieth of the
    page's time) unless the request holds one already (`request.wtforms_translations`,
    set for every request by `create_app`); this one follows `force_locale` too."""

    def ugettext(self, string: str) -> str:
        return _form_catalogue(str(get_locale())).ugettext(string)

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return _form_catalogue(str(get_locale())).ungettext(singular, plural, n)


@functools.cache
def _form_catalogue(locale: str):
    from babel.support import Translations
    from wtforms.i18n import messages_path

    return Translations.load(messages_path(), [locale], domain="wtforms")


FORM_MESSAGES = FormMessages()


def create_app(config: str | type | dict | None = None) -> Flask:
    """Build the application; `config` is a name (`development`, `test`, `production`),
    a config class or a dict of overrides."""
    # MAILLAGE_INSTANCE: the folder of the SQLite files and the uploads waiting for import.
    instance = os.environ.get("MAILLAGE_INSTANCE", "").strip() or None
    app = Flask(__name__, instance_path=instance, instance_relative_config=True)
    incoming.register(app)  # before any route is added: their converters are the clean ones
    name = config if isinstance(config, str) else os.environ.get("MAILLAGE_ENV", "development")
    app.config.from_object(config if isinstance(config, type) else CONFIGS[name])
    if isinstance(config, dict):
        app.config.update(config)
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set in production (see README).")
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(
            Path(app.instance_path) / "maillage.sqlite"
        )

    proxies = app.config.get("TRUSTED_PROXIES", 0)
    if proxies:
        # Each trusted proxy appends the address it got the request from: the rightmost
        # `proxies` entries are theirs, anything before them the client could have written.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {})
    )
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)
    babel.init_app(app, locale_selector=select_locale)
    app.before_request(lambda: setattr(request, "wtforms_translations", FORM_MESSAGES))
    csrf.init_app(app)
    login_manager.init_app(app)
    bootstrap.init_app(app)

    from app import (
        account,
        admin,
        auth,
        bulk,
        calendar,
        cli,
        commitments,
        contacts,
        duplicates,
        errors,
        imports,
        interactions,
        maildrop,
        main,
        navigation,
        network,
        newsletter,
        personal_data,
        privacy,
        reports,
        saved_views,
        security,
        stakeholders,
    )

    for feature in (auth, main, stakeholders, contacts, interactions, commitments, admin,
                    imports, reports, network, newsletter, personal_data, privacy, duplicates,
                    saved_views, bulk, maildrop, account, calendar):  # fmt: skip
        app.register_blueprint(feature.bp)
    errors.register(app)
    security.register(app)
    cli.register(app)
    navigation.register(app)

    @app.before_request
    def choose_language():
        """Set the request's language (`select_locale`).

        `?lang=fr|en` shows this one page in that language (and the forms it posts back
        to itself, whose action keeps the query string), but is stored nowhere, not even in
        the session: a GET never writes. The language button (`main.language`, a POST)
        keeps a choice: in the session, and in a signed-in user's account."""
        g.lang = select_locale()

    return app
