"""Record and correct confidentiality incidents (administrators only, audited)."""

from datetime import date

from flask_babel import lazy_gettext as _l

from models import clock
from models.base import db
from models.incident import RISKS, Incident
from models.operations.common import add_audited, apply_changes, check_version, require
from models.operations.validation import Checker

FIELDS = (
    "occurred_on",
    "discovered_on",
    "description",
    "information_concerned",
    "people_count",
    "serious_injury_risk",
    "risk_assessment",
    "cai_notified_on",
    "people_notified_on",
)
REQUIRED = ("occurred_on", "discovered_on", "description", "information_concerned")


def _clean(data: dict, current: Incident | None) -> dict:
    data = {k: v for k, v in data.items() if k in FIELDS}
    check = Checker(data)
    for field in REQUIRED:
        if current is None and data.get(field) in (None, ""):
            check.fail(field, _l("This field is required."))
    for field in ("description", "information_concerned"):
        check.required_text(field)
    if "risk_assessment" in data:
        data["risk_assessment"] = (data["risk_assessment"] or "").strip()
    check.choice("serious_injury_risk", RISKS)
    for field in ("occurred_on", "discovered_on", "cai_notified_on", "people_notified_on"):
        check.date(field)
        if isinstance(data.get(field), date) and data[field] > clock.today():
            check.fail(field, _l("This date is in the future."))
    count = data.get("people_count")
    if "people_count" in data and (not isinstance(count, int) or count < 0):
        check.fail("people_count", _l("Give a whole number, 0 or more."))
    check.done()
    _check_order(check, {f: data.get(f, getattr(current, f, None)) for f in FIELDS})
    return data


def _check_order(check: Checker, values: dict) -> None:
    """Refuse a discovery before the incident, or a notification before the discovery."""
    occurred, discovered = values["occurred_on"], values["discovered_on"]
    if occurred and discovered and discovered < occurred:
        check.fail("discovered_on", _l("The incident was discovered before it happened."))
    for field in ("cai_notified_on", "people_notified_on"):
        if discovered and values[field] and values[field] < discovered:
            check.fail(field, _l("A notification cannot precede the discovery."))
    if values["serious_injury_risk"] == "serious" and not values["risk_assessment"]:
        check.fail("risk_assessment", _l("Explain why the risk of serious injury is serious."))
    check.done()


def create_incident(actor, data: dict) -> Incident:
    """Record a confidentiality incident in the register; audit it."""
    require(actor is None or actor.is_admin)
    incident = Incident(**_clean(dict(data), None))
    incident.recorded_by_id = actor.id if actor else None
    add_audited(actor, incident, "incident", FIELDS)
    return incident


def update_incident(
    actor, incident: Incident, data: dict, expected_version: int | None = None
) -> bool:
    """Correct or complete an incident (e.g. the notification dates); return whether
    anything changed. A stale edit is refused."""
    require(actor is None or actor.is_admin)
    check_version(incident, expected_version)
    changed = apply_changes(actor, incident, _clean(dict(data), incident), FIELDS, "incident")
    db.session.flush()
    return changed
