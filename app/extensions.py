"""Flask extensions, made here and attached to the app in the factory."""

from functools import cached_property

from flask import g
from flask_babel import Babel, Domain
from flask_bootstrap import Bootstrap5
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

from models.base import db


class RequestCatalogue(Domain):
    """Flask-Babel's message domain, which finds the catalogue of the request's language
    once per request (or job) instead of at every message: Flask-Babel looks up its
    context, the locale and the locale's name each time, about 10 µs a message, and a list
    page shows about a hundred of them. The catalogue is remembered with the locale it is
    for, so that `force_locale` (a digest in its reader's language) and `refresh` get
    theirs."""

    def get_translations(self):
        try:
            context = g._flask_babel
            locale = context.babel_locale
            remembered_locale, catalogue = context.maillage_catalogue
        except (AttributeError, RuntimeError):  # first message, or outside an app context
            return self._remember()
        return catalogue if remembered_locale is locale else self._remember()

    def _remember(self):
        from flask_babel import _get_current_context, get_locale

        catalogue = super().get_translations()
        context = _get_current_context()
        if context is not None:
            context.maillage_catalogue = (get_locale(), catalogue)
        return catalogue


class MaillageBabel(Babel):
    """Flask-Babel with `RequestCatalogue`, which the templates' `_()` and `ngettext()` call
    directly (Flask-Babel's own callables look the domain up again at every message)."""

    @cached_property
    def domain_instance(self):
        return RequestCatalogue(domain=self.domain)

    def init_app(self, app, *args, **kwargs):
        super().init_app(app, *args, **kwargs)

        def catalogue():  # the domain is made at the first message, in an app context
            return self.domain_instance.get_translations()

        app.jinja_env.install_gettext_callables(
            gettext=lambda s: catalogue().ugettext(s),
            ngettext=lambda s, p, n: catalogue().ungettext(s, p, n),
            pgettext=lambda c, s: catalogue().upgettext(c, s),
            npgettext=lambda c, s, p, n: catalogue().unpgettext(c, s, p, n),
            newstyle=True,
        )


babel = MaillageBabel()
bootstrap = Bootstrap5()
csrf = CSRFProtect()
login_manager = LoginManager()
migrate = Migrate()

__all__ = ["babel", "bootstrap", "csrf", "db", "login_manager", "migrate"]
