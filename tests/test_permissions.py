"""The permission matrix: every route of the app, for every role and for anonymous visitors.

Each route of `app.url_map` must have a row in ROUTES; a new route without one fails
`test_every_route_has_an_expectation`. Paths may name objects of the `world` fixture:
{mine} is a stakeholder of Montréal (the lead's region), {theirs} one of Estrie (outside
it), {national} a national one; {mine_contact}, {theirs_contact}, {mine_interaction},
{theirs_interaction}, {mine_commitment}, {theirs_commitment} likewise; {mine_tie} and
{theirs_tie} tie {mine} and {theirs} to {national}.
"""

import pytest

ROLES = ("anonymous", "admin", "coordinator", "regional_lead", "board")
SKIPPED = {"static", "bootstrap.static"}


def everyone(status: int, anonymous: int = 302) -> dict[str, int]:
    """Return the same expected status for every signed-in role; anonymous goes to sign-in."""
    return {"anonymous": anonymous, **{role: status for role in ROLES[1:]}}


def scoped(lead: int, others: int = 200, board: int | None = None) -> dict[str, int]:
    """Return `others` for admin and coordinator, `lead` for the regional lead, `board`
    (default: `others`) for the board member, 302 for anonymous."""
    return {
        "anonymous": 302,
        "admin": others,
        "coordinator": others,
        "regional_lead": lead,
        "board": others if board is None else board,
    }


def only(allowed: tuple[str, ...], ok: int = 200, refused: int = 403) -> dict[str, int]:
    """Return `ok` for the roles in `allowed`, `refused` for the others, 302 for anonymous."""
    return {"anonymous": 302, **{r: ok if r in allowed else refused for r in ROLES[1:]}}


MANAGERS = ("admin", "coordinator")
TIE_RECORDERS = (*MANAGERS, "regional_lead")

# "endpoint" or "endpoint variant" → (method, path, expected status per role)
ROUTES: dict[str, tuple[str, str, dict[str, int]]] = {
    "auth.login": ("GET", "/login", everyone(302, anonymous=200)),
    "auth.logout": ("POST", "/logout", everyone(302)),
    "main.index": ("GET", "/", everyone(200)),
    "main.language": ("POST", "/language", everyone(302, anonymous=302)),
    "auth.password": ("GET", "/password", everyone(200)),
    "stakeholders.index": ("GET", "/stakeholders/", everyone(200)),
    "stakeholders.export": ("GET", "/stakeholders/export.csv", everyone(200)),
    "stakeholders.export xlsx": ("GET", "/stakeholders/export.xlsx?region=06", everyone(200)),
    "stakeholders.lookup": ("GET", "/stakeholders/lookup?q=CPE", everyone(200)),
    "stakeholders.municipalities": ("GET", "/stakeholders/municipalities?q=rob", everyone(200)),
    "stakeholders.detail": ("GET", "/stakeholders/{mine}", everyone(200)),
    "stakeholders.detail theirs": ("GET", "/stakeholders/{theirs}", scoped(lead=404)),
    "stakeholders.detail national": ("GET", "/stakeholders/{national}", everyone(200)),
    "stakeholders.detail missing": ("GET", "/stakeholders/999999", everyone(404)),
    "stakeholders.new": ("GET", "/stakeholders/new", only(MANAGERS)),
    "stakeholders.new post": ("POST", "/stakeholders/new", only(MANAGERS)),
    "stakeholders.edit": ("GET", "/stakeholders/{mine}/edit", only(MANAGERS)),
    "stakeholders.edit theirs": ("GET", "/stakeholders/{theirs}/edit", scoped(lead=404, board=403)),
    "stakeholders.edit national": ("POST", "/stakeholders/{national}/edit", only(MANAGERS)),
    # A lead records the ties of their region's stakeholders; an empty form comes back (200).
    "stakeholders.add_tie": ("GET", "/stakeholders/{mine}/ties/new", only(TIE_RECORDERS)),
    "stakeholders.add_tie post": ("POST", "/stakeholders/{mine}/ties/new", only(TIE_RECORDERS)),
    "stakeholders.add_tie theirs": (
        "POST",
        "/stakeholders/{theirs}/ties/new",
        scoped(lead=404, others=200, board=403),
    ),
    "stakeholders.edit_tie": (
        "GET",
        "/stakeholders/{mine}/ties/{mine_tie}/edit",
        only(TIE_RECORDERS),
    ),
    "stakeholders.edit_tie theirs": (
        "GET",
        "/stakeholders/{theirs}/ties/{theirs_tie}/edit",
        scoped(lead=404, board=403),
    ),
    "stakeholders.edit_tie outside": (  # the lead sees that tie, not its other end
        "GET",
        "/stakeholders/{national}/ties/{theirs_tie}/edit",
        scoped(lead=403, board=403),
    ),
    "stakeholders.end_tie": (
        "POST",
        "/stakeholders/{national}/ties/{mine_tie}/end",
        only(TIE_RECORDERS, ok=302),
    ),
    "stakeholders.undo_end_tie": (
        "POST",
        "/stakeholders/{mine}/ties/{mine_tie}/undo",
        only(TIE_RECORDERS, ok=302),
    ),
    "stakeholders.remove_tie": (
        "GET",
        "/stakeholders/{mine}/ties/{mine_tie}/remove",
        only(TIE_RECORDERS),
    ),
    "stakeholders.remove_tie missing": (
        "GET",
        "/stakeholders/{mine}/ties/999999/remove",
        only(TIE_RECORDERS, ok=404),
    ),
    "stakeholders.archive": ("POST", "/stakeholders/{mine}/archive", only(MANAGERS, ok=302)),
    "stakeholders.archive theirs": (
        "POST",
        "/stakeholders/{theirs}/archive",
        scoped(lead=404, others=302, board=403),
    ),
    "contacts.index": ("GET", "/contacts/?q=a&region=06", everyone(200)),
    "contacts.export": ("GET", "/contacts/export.csv", everyone(200)),
    "contacts.lookup": ("GET", "/contacts/lookup?q=Camille", everyone(200)),
    "contacts.detail": ("GET", "/contacts/{mine_contact}", everyone(200)),
    "contacts.detail theirs": ("GET", "/contacts/{theirs_contact}", scoped(lead=404)),
    "contacts.new": ("GET", "/contacts/new", only(MANAGERS)),
    "contacts.edit": ("POST", "/contacts/{mine_contact}/edit", only(MANAGERS)),
    "contacts.edit theirs": ("GET", "/contacts/{theirs_contact}/edit", scoped(lead=404, board=403)),
    "interactions.index": ("GET", "/interactions/?follow_up=due", everyone(200)),
    "interactions.export": ("GET", "/interactions/export.xlsx", everyone(200)),
    "interactions.detail": ("GET", "/interactions/{mine_interaction}", everyone(200)),
    "interactions.detail theirs": ("GET", "/interactions/{theirs_interaction}", scoped(lead=404)),
    "interactions.new": ("GET", "/interactions/new", only((*MANAGERS, "regional_lead"))),
    "interactions.new post": ("POST", "/interactions/new", only((*MANAGERS, "regional_lead"))),
    "interactions.edit": (
        "GET",
        "/interactions/{mine_interaction}/edit",
        only((*MANAGERS, "regional_lead")),
    ),
    "interactions.edit theirs": (
        "GET",
        "/interactions/{theirs_interaction}/edit",
        scoped(lead=404, board=403),
    ),
    "interactions.done": (
        "POST",
        "/interactions/{mine_interaction}/done",
        only((*MANAGERS, "regional_lead"), ok=302),
    ),
    "interactions.done theirs": (
        "POST",
        "/interactions/{theirs_interaction}/done",
        scoped(lead=404, others=302, board=403),
    ),
    "interactions.follow_up": (
        "POST",
        "/interactions/{mine_interaction}/follow-up/snooze",
        only((*MANAGERS, "regional_lead"), ok=302),
    ),
    "interactions.follow_up theirs": (
        "POST",
        "/interactions/{theirs_interaction}/follow-up/done",
        scoped(lead=404, others=302, board=403),
    ),
    # An empty hand-over is refused in a message, back home (302); the board acts on nothing.
    "interactions.follow_up reassign": (
        "POST",
        "/interactions/{mine_interaction}/follow-up/reassign",
        only((*MANAGERS, "regional_lead"), ok=302),
    ),
    "interactions.follow_up reassign theirs": (
        "POST",
        "/interactions/{theirs_interaction}/follow-up/reassign",
        scoped(lead=404, others=302, board=403),
    ),
    "interactions.undo_follow_up": (
        "POST",
        "/interactions/{mine_interaction}/follow-up/undo",
        only((*MANAGERS, "regional_lead"), ok=302),
    ),
    "interactions.undo_follow_up theirs": (
        "POST",
        "/interactions/{theirs_interaction}/follow-up/undo",
        scoped(lead=404, others=302, board=403),
    ),
    "commitments.index": ("GET", "/commitments/?status=active", everyone(200)),
    "commitments.export": ("GET", "/commitments/export.csv", everyone(200)),
    "commitments.detail": ("GET", "/commitments/{mine_commitment}", everyone(200)),
    "commitments.detail theirs": ("GET", "/commitments/{theirs_commitment}", scoped(lead=404)),
    "commitments.new": ("GET", "/commitments/new", only((*MANAGERS, "regional_lead"))),
    "commitments.edit": (
        "GET",
        "/commitments/{mine_commitment}/edit",
        only((*MANAGERS, "regional_lead")),
    ),
    "commitments.status": (
        "POST",
        "/commitments/{mine_commitment}/status",
        only((*MANAGERS, "regional_lead"), ok=302),
    ),
    "commitments.status theirs": (
        "POST",
        "/commitments/{theirs_commitment}/status",
        scoped(lead=404, others=302, board=403),
    ),
    "commitments.edit theirs": (
        "POST",
        "/commitments/{theirs_commitment}/edit",
        scoped(lead=404, others=302, board=403),
    ),
    # Administration: admins only. Empty POSTs change nothing: the forms answer with their
    # errors (200) or, for the deactivate/reactivate buttons, redirect back (302).
    "admin.users": ("GET", "/admin/users", only(("admin",))),
    "admin.users_export": ("GET", "/admin/users/export.csv?role=admin", only(("admin",))),
    "admin.new_user": ("GET", "/admin/users/new", only(("admin",))),
    "admin.new_user post": ("POST", "/admin/users/new", only(("admin",))),
    "admin.edit_user": ("GET", "/admin/users/{user}/edit", only(("admin",))),
    "admin.edit_user post": ("POST", "/admin/users/{user}/edit", only(("admin",))),
    "admin.edit_user missing": ("GET", "/admin/users/999999/edit", only(("admin",), ok=404)),
    "admin.user_active": ("POST", "/admin/users/{user}/active", only(("admin",), ok=302)),
    "admin.reset_user_password": ("POST", "/admin/users/{user}/password", only(("admin",))),
    "admin.reference": ("GET", "/admin/reference", only(("admin",))),
    "admin.reference measures": ("GET", "/admin/reference/measure", only(("admin",))),
    "admin.reference vocabulary": ("GET", "/admin/reference/stage", only(("admin",))),
    "admin.reference unknown": ("GET", "/admin/reference/nothing", only(("admin",), ok=404)),
    "admin.new_entry": ("GET", "/admin/reference/sector/new", only(("admin",))),
    "admin.new_entry post": ("POST", "/admin/reference/measure/new", only(("admin",))),
    "admin.new_entry region": ("GET", "/admin/reference/region/new", only(("admin",), ok=404)),
    "admin.edit_entry": ("GET", "/admin/reference/sector/childcare/edit", only(("admin",))),
    "admin.edit_entry post": ("POST", "/admin/reference/stage/contacted/edit", only(("admin",))),
    "admin.entry_active": (
        "POST",
        "/admin/reference/sector/childcare/active",
        only(("admin",), ok=302),
    ),
    "admin.audit": ("GET", "/admin/audit?entity_type=user&date_from=2026-01-01", only(("admin",))),
    "admin.audit_export": ("GET", "/admin/audit/export.xlsx?action=create", only(("admin",))),
    # Privacy: the privacy page is public; the incident register is for admins only.
    "privacy.page": ("GET", "/privacy", everyone(200, anonymous=200)),
    "privacy.incidents": ("GET", "/admin/incidents", only(("admin",))),
    "privacy.new_incident": ("GET", "/admin/incidents/new", only(("admin",))),
    "privacy.new_incident post": ("POST", "/admin/incidents/new", only(("admin",))),
    "privacy.incident": ("GET", "/admin/incidents/999999", only(("admin",), ok=404)),
    "privacy.edit_incident": ("POST", "/admin/incidents/999999/edit", only(("admin",), ok=404)),
    # Personal data: admins only. An empty anonymize POST answers with its form's error
    # (nothing erased); an empty retention POST (nothing ticked) redirects back.
    "personal_data.index": ("GET", "/personal-data/?email=nobody@example.org", only(("admin",))),
    "personal_data.index contact": (
        "GET",
        "/personal-data/?contact={mine_contact}",
        only(("admin",)),
    ),
    "personal_data.export": (
        "POST",
        "/personal-data/contacts/{mine_contact}/export",
        only(("admin",)),
    ),
    "personal_data.anonymize": (
        "GET",
        "/personal-data/contacts/{mine_contact}/anonymize",
        only(("admin",)),
    ),
    "personal_data.anonymize post": (
        "POST",
        "/personal-data/contacts/{theirs_contact}/anonymize",
        only(("admin",)),
    ),
    "personal_data.anonymize missing": (
        "GET",
        "/personal-data/contacts/999999/anonymize",
        only(("admin",), ok=404),
    ),
    "personal_data.retention": ("GET", "/personal-data/retention?years=2", only(("admin",))),
    "personal_data.retention_anonymize": (
        "POST",
        "/personal-data/retention",
        only(("admin",), ok=302),
    ),
    "imports.index": ("GET", "/imports/", only(MANAGERS)),
    "imports.new": ("GET", "/imports/new", only(MANAGERS)),
    "imports.new post": ("POST", "/imports/new", only(MANAGERS)),
    "imports.mapping": ("GET", "/imports/999999/mapping", only(MANAGERS, ok=404)),
    "imports.preview": ("GET", "/imports/999999/preview", only(MANAGERS, ok=404)),
    "imports.result": ("GET", "/imports/999999", only(MANAGERS, ok=404)),
    "imports.progress": ("GET", "/imports/999999/progress", only(MANAGERS, ok=404)),
    "imports.rejected": ("GET", "/imports/999999/rejected.xlsx", only(MANAGERS, ok=404)),
    "imports.undo": ("POST", "/imports/999999/undo", only(MANAGERS, ok=404)),
    "imports.undo_page": ("GET", "/imports/999999/undo", only(MANAGERS, ok=404)),
    # Bulk actions: managers on every list, leads on interactions and commitments (in
    # their regions), the board on nothing. An empty POST (no action) goes back to the list.
    "bulk.index": ("GET", "/bulk/", only(TIE_RECORDERS)),
    "bulk.confirm": ("POST", "/bulk/stakeholders/confirm", only(MANAGERS, ok=302)),
    "bulk.confirm commitments": ("POST", "/bulk/commitments/confirm", only(TIE_RECORDERS, ok=302)),
    "bulk.apply": ("POST", "/bulk/contacts/apply", only(MANAGERS, ok=302)),
    "bulk.apply interactions": ("POST", "/bulk/interactions/apply", only(TIE_RECORDERS, ok=302)),
    "bulk.batch": ("GET", "/bulk/999999", only(TIE_RECORDERS, ok=404)),
    "bulk.undo": ("POST", "/bulk/999999/undo", only(TIE_RECORDERS, ok=404)),
    "imports.again": ("POST", "/imports/999999/again", only(MANAGERS, ok=404)),
    "network.index": ("GET", "/network?regions=06", everyone(200)),
    "network.compact_svg": ("GET", "/network/compact.svg?regions=06", everyone(200)),
    "network.svg_download": ("GET", "/network.svg", everyone(200)),
    "network.png_download": ("GET", "/network.png", everyone(200)),
    "network.export_ties": ("GET", "/network/ties.xlsx", everyone(200)),
    "network.export_ties csv": ("GET", "/network/ties.csv?type=funds", everyone(200)),
    "reports.synergy": ("GET", "/reports/synergy?regions=06&themes=children", everyone(200)),
    "reports.synergy_download": ("GET", "/reports/synergy.xlsx", everyone(200)),
    "reports.synergy_download json": ("GET", "/reports/synergy.json?regions=05", everyone(200)),
    "reports.synergy_pdf": ("GET", "/reports/synergy.pdf?regions=06", everyone(200)),
    "reports.synergy_map": (
        "GET",
        "/reports/synergy/map.svg?regions=06&map=theme:children",
        everyone(200),
    ),
    # Newsletter: the public pages work signed out (unknown tokens are 404); the list is
    # for admins, coordinators and the board; consent is recorded by admins and
    # coordinators; the unsubscribe list is imported by admins. Empty POSTs change nothing.
    "newsletter.subscribe": ("GET", "/newsletter/subscribe", everyone(200, anonymous=200)),
    "newsletter.subscribe post": ("POST", "/newsletter/subscribe", everyone(200, anonymous=200)),
    "newsletter.confirmation": ("GET", "/newsletter/confirm/nothing", everyone(404, anonymous=404)),
    "newsletter.unsubscribe": (
        "POST",
        "/newsletter/unsubscribe/nothing",
        everyone(404, anonymous=404),
    ),
    "newsletter.index": ("GET", "/newsletter/", only(("admin", "coordinator", "board"))),
    "newsletter.export": ("GET", "/newsletter/export.csv", only(("admin", "coordinator", "board"))),
    "newsletter.consent": ("GET", "/newsletter/contacts/{mine_contact}/consent", everyone(200)),
    "newsletter.consent theirs": (
        "GET",
        "/newsletter/contacts/{theirs_contact}/consent",
        scoped(lead=404),
    ),
    "newsletter.consent post": (
        "POST",
        "/newsletter/contacts/{mine_contact}/consent",
        only(MANAGERS),
    ),
    "saved_views.index": ("GET", "/views/", everyone(200)),
    "saved_views.open_view": ("GET", "/views/{shared_view}", everyone(302)),
    "saved_views.open_view theirs": ("GET", "/views/{theirs_view}", everyone(404)),
    # An empty name is refused with a message on the list (302); a list of no view, 403.
    "saved_views.save": ("POST", "/views/save?", everyone(403)),
    "saved_views.rename": ("POST", "/views/{shared_view}/rename", only(("admin",), 302)),
    "saved_views.rename theirs": ("POST", "/views/{theirs_view}/rename", everyone(404)),
    "saved_views.share": ("POST", "/views/{shared_view}/share", only(("admin",), 302)),
    "saved_views.delete": ("POST", "/views/{shared_view}/delete", only(("admin",), 302)),
    "saved_views.delete theirs": ("POST", "/views/{theirs_view}/delete", everyone(404)),
    "newsletter.unsubscribes": ("GET", "/newsletter/unsubscribes", only(("admin",))),
    "newsletter.unsubscribes post": ("POST", "/newsletter/unsubscribes", only(("admin",))),
    "duplicates.review": ("GET", "/duplicates/stakeholders", everyone(200)),
    "duplicates.review contacts": ("GET", "/duplicates/contacts?page=2", everyone(200)),
    "duplicates.review unknown": ("GET", "/duplicates/users", everyone(404)),
    "duplicates.not_duplicate": (
        "POST",
        "/duplicates/stakeholders/{mine}/{national}/not-duplicate",
        only(MANAGERS, ok=302),
    ),
    "duplicates.not_duplicate theirs": (
        "POST",
        "/duplicates/stakeholders/{mine}/{theirs}/not-duplicate",
        scoped(lead=404, others=302, board=403),
    ),
    "duplicates.not_duplicate contacts": (
        "POST",
        "/duplicates/contacts/{mine_contact}/{theirs_contact}/not-duplicate",
        scoped(lead=404, others=302, board=403),
    ),
    # Merging duplicates: who may edit the records, both in their scope (a lead sees both of
    # these, and may not); undo for its author or an admin (a coordinator is told so).
    "duplicates.merge": (
        "GET",
        "/duplicates/stakeholders/merge?keep={mine}&other={national}",
        only(MANAGERS),
    ),
    "duplicates.merge theirs": (
        "GET",
        "/duplicates/stakeholders/merge?keep={mine}&other={theirs}",
        scoped(lead=404, board=403),
    ),
    "duplicates.merge contacts": (
        "GET",
        "/duplicates/contacts/merge?keep={mine_contact}&other={theirs_contact}",
        scoped(lead=404, board=403),
    ),
    "duplicates.merge post": (
        "POST",
        "/duplicates/stakeholders/merge?keep={mine}&other={national}",
        only(MANAGERS, ok=302),
    ),
    "duplicates.merges": ("GET", "/duplicates/merges", only(MANAGERS)),
    # One's own account: every signed-in user; "New address" shows the address (200).
    "account.index": ("GET", "/account/", everyone(200)),
    "account.new_feed": ("POST", "/account/calendar/new", everyone(200)),
    "account.feed_off": ("POST", "/account/calendar/off", everyone(302)),
    "account.digest": ("POST", "/account/digest", everyone(302)),
    # The calendar feed: no sign-in, its secret in the address; an unknown one is a 404.
    "calendar.feed": ("GET", "/calendar/not-a-secret.ics", everyone(404, anonymous=404)),
    # The mail drop's review queue: one's own mail (an admin: everyone's). {theirs_pending}
    # waits in another user's mail: only an admin may classify it (302, back to the queue).
    "maildrop.index": ("GET", "/maildrop/", everyone(200)),
    "maildrop.attach": ("POST", "/maildrop/{theirs_pending}/attach", only(("admin",), 302, 404)),
    "maildrop.new_contact": (
        "GET",
        "/maildrop/{theirs_pending}/contact",
        only(("admin",), 200, 404),
    ),
    "maildrop.discard": ("POST", "/maildrop/{theirs_pending}/discard", only(("admin",), 302, 404)),
    "maildrop.restore": ("POST", "/maildrop/{theirs_pending}/restore", only(("admin",), 302, 404)),
    "maildrop.restore missing": ("POST", "/maildrop/999999/restore", everyone(404)),
    "maildrop.runs": ("GET", "/maildrop/runs", only(("admin",))),
    "duplicates.undo_merge": (
        "POST",
        "/duplicates/merges/{merge}/undo",
        only(MANAGERS, ok=302),
    ),
}


@pytest.fixture
def world(
    make_stakeholder, make_contact, make_interaction, make_commitment, make_relationship, make_user
):
    """Build one stakeholder (with a contact, interaction, commitment, and a tie to the
    national one) in and out of scope."""
    mine = make_stakeholder("CPE Montréal", region="06")
    theirs = make_stakeholder("CPE Estrie", region="05")
    national = make_stakeholder("Fondation nationale", region=None, sector="philanthropy")
    return {
        "mine": mine.id,
        "theirs": theirs.id,
        "national": national.id,
        "mine_contact": make_contact(mine).id,
        "theirs_contact": make_contact(theirs).id,
        "mine_interaction": make_interaction([mine]).id,
        "theirs_interaction": make_interaction([theirs]).id,
        "mine_commitment": make_commitment(mine).id,
        "theirs_commitment": make_commitment(theirs).id,
        "mine_tie": make_relationship(mine, national).id,
        "theirs_tie": make_relationship(theirs, national).id,
        "user": make_user("coordinator").id,
        **saved_views(make_user),
        "merge": _merge(make_stakeholder),
        "theirs_pending": pending_address(make_user),
    }


def saved_views(make_user) -> dict[str, int]:
    """Return the ids of another user's personal view and of their shared one."""
    from models import db
    from models.saved_view import SavedView

    other = make_user("coordinator")
    theirs = SavedView(user_id=other.id, list_name="contacts", name="Personnelle", args={})
    shared = SavedView(user_id=other.id, list_name="stakeholders", name="Partagée",
                       args={"region": ["06"]}, shared=True)  # fmt: skip
    db.session.add_all([theirs, shared])
    db.session.commit()
    return {"theirs_view": theirs.id, "shared_view": shared.id}


def pending_address(make_user) -> int:
    """Return the id of an address waiting in another user's review queue (mail drop)."""
    from datetime import datetime

    from models import MaildropAddress, MaildropMessage, db

    message = MaildropMessage(
        message_key="permissions", user=make_user("coordinator"), sent_at=datetime(2026, 3, 2),
        subject="Rencontre", addresses=["inconnu@example.net"],
        waiting=[MaildropAddress(address="inconnu@example.net")],
    )  # fmt: skip
    db.session.add(message)
    db.session.commit()
    return message.waiting[0].id


def _merge(make_stakeholder) -> int:
    """Return the id of a merge of two stakeholders made for it (by the system)."""
    from models.base import db
    from models.operations.merge import merge_stakeholders

    one, two = make_stakeholder("CPE Doublon", region="06"), make_stakeholder("CPE Doublon")
    merge = merge_stakeholders(None, one, two)
    db.session.commit()
    return merge.id


def test_every_route_has_an_expectation(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - SKIPPED
    listed = {key.split()[0] for key in ROUTES}
    missing = sorted(endpoints - listed)
    assert not missing, f"add these routes to ROUTES in tests/test_permissions.py: {missing}"
    assert not sorted(listed - endpoints), "ROUTES names routes that no longer exist"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_route_answers_each_role_as_expected(client, login, world, endpoint, role):
    method, path, expected = ROUTES[endpoint]
    if role != "anonymous":
        login(role, regions=["06"] if role == "regional_lead" else ())
    response = client.open(path.format(**world), method=method)
    assert response.status_code == expected[role], (endpoint, role, response.status_code)
