"""The reasons of a candidate pair (`models.duplicate_finder`) in the reader's words."""

from flask_babel import format_percent
from flask_babel import gettext as _

from models.labels import Labels


def reason_words(reason: tuple[str, object], labels: Labels) -> str:
    """Return one reason of a pair, `("similar_name", 92)`, in words: "Noms semblables
    (92 %)", "Similar names (92%)" (the locale's percent)."""
    code, detail = reason
    if code == "similar_name":
        return _("Similar names (%(percent)s)", percent=format_percent(detail / 100))
    if code == "same_region":
        return _("Same region: %(region)s", region=labels.of("region", detail))
    if code == "same_phone":
        return _("Same phone: %(phone)s", phone=detail)
    if code == "same_email":
        return _("Same email address: %(email)s", email=detail)
    if code == "same_email_domain":
        return _("Same email domain: %(domain)s", domain=detail)
    if code == "same_municipality":
        return _("Same municipality")
    if code == "same_stakeholder":
        return _("Same stakeholder")
    if code == "same_email_local_part":
        return _("Same email before the @: %(part)s", part=detail)
    return code
