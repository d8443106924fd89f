"""One clock: an event stored at 02:30 UTC reads 22:30 the day before in Montréal, on
every page, and carries its offset in JSON."""

import json
import re
from datetime import datetime

from models import AuditEvent, ImportBatch, db
from models.clock import iso

STORED = datetime(2026, 3, 15, 2, 30)  # UTC, as both databases store it
LOCAL = "14 mars 2026 22 h 30"  # America/Toronto, daylight time since 2026-03-08


def test_the_import_history_and_the_audit_log_read_the_same_local_time(app, client, login):
    admin = login("admin")
    db.session.add(ImportBatch(kind="stakeholders", filename="liste.csv", user_id=admin.id,
                               status="done", created_at=STORED))  # fmt: skip
    db.session.add(AuditEvent(at=STORED, actor_id=admin.id, action="import",
                              entity_type="import_batch", entity_id=1))  # fmt: skip
    db.session.commit()
    history = client.get("/imports/").get_data(as_text=True)
    audit = client.get("/admin/audit").get_data(as_text=True)
    assert LOCAL in history and LOCAL in audit
    assert "15 mars 2026 2 h 30" not in history + audit


def test_personal_data_pages_show_the_local_day(app, client, login, make_contact):
    login("admin")
    contact = make_contact(email="camille@example.org", anonymized_at=STORED,
                           created_at=STORED)  # fmt: skip
    page = client.get(f"/personal-data/?contact={contact.id}").get_data(as_text=True)
    assert "14 mars 2026" in page and "15 mars 2026" not in page


def test_json_times_carry_their_offset(app, client, login, make_contact):
    login("admin")
    contact = make_contact(email="camille@example.org")
    response = client.post(f"/personal-data/contacts/{contact.id}/export")
    data = json.loads(response.get_data(as_text=True))
    times = re.findall(r'"\d{4}-\d\d-\d\dT[^"]*"', json.dumps(data))
    assert times and all(t.endswith('+00:00"') for t in times)
    assert iso(STORED) == "2026-03-15T02:30:00+00:00"
