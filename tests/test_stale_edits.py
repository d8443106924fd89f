"""Two people save the same record: the second is told who saved in between, keeps what
they typed, sees the other's values beside it, and may reload or save over them."""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser

import pytest
from sqlalchemy import delete, event, inspect, update
from sqlalchemy.orm import Session

from models import (
    Commitment,
    CommitmentStatusChange,
    Contact,
    Incident,
    Interaction,
    Sector,
    Stakeholder,
    User,
    db,
)
from models.operations import (
    rename_entry,
    update_commitment,
    update_contact,
    update_interaction,
    update_stakeholder,
    update_user,
)
from models.operations.incidents import create_incident, update_incident
from tests.conftest import PASSWORD, RequestClient
from tests.test_incidents import LEAK
from tests.test_incidents import form_data as incident_form

TRIALS = 20
RACE_FIXTURES = ("make_stakeholder", "make_user", "restore_reference")


def signed_in(app, user) -> RequestClient:
    """Return a new test client (its own cookies) signed in as `user`."""
    app.test_client_class = RequestClient
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def stakeholder_form(name: str, version: int) -> dict:
    """Return the stakeholder edit form as a browser posts it."""
    return {
        "name": name,
        "kind": "organization",
        "sector_code": "childcare",
        "level": "local",
        "region_code": "06",
        "mrc_code": "66",  # Montréal's only MRC, which the form shows
        "stage": "identified",
        "version": str(version),
    }


class BothPassTheVersionCheck:
    """Hold every flush that writes the record until both saves reach theirs.

    Both requests have then read the same version and passed the operation's version
    check: only the database's `UPDATE ... WHERE version = ?` can tell them apart, which is
    the race two people clicking "Save" together run into. With `first` (a thread's name),
    the other save also waits until that one has committed, so the order is known.
    """

    def __init__(self, record, first: str | None = None):
        self.model, self.identity, self.first = type(record), inspect(record).identity, first
        self.barrier = threading.Barrier(2, timeout=10)
        self.first_committed = threading.Event()
        self.waited: set[int] = set()

    def __enter__(self):
        event.listen(Session, "before_flush", self.hold)
        event.listen(Session, "after_commit", self.committed)
        return self

    def __exit__(self, *_exc):
        event.remove(Session, "before_flush", self.hold)
        event.remove(Session, "after_commit", self.committed)

    def hold(self, session, _context, _instances) -> None:
        """Wait for the other save when this flush writes the record (once per thread)."""
        writes = any(
            isinstance(obj, self.model) and inspect(obj).identity == self.identity
            for obj in session.dirty
        )
        if writes and threading.get_ident() not in self.waited:
            self.waited.add(threading.get_ident())
            self.barrier.wait()
            if self.first and threading.current_thread().name != self.first:
                self.first_committed.wait(10)

    def committed(self, _session) -> None:
        """Let the other save go on once the one that goes first has committed."""
        if threading.current_thread().name == self.first:
            self.first_committed.set()


def race(posts: dict[str, tuple]) -> dict[str, object]:
    """Send the posts at the same moment, one thread each; return each name's response
    (or the exception its request raised)."""
    answers: dict[str, object] = {}

    def send(name, client, url, data):
        try:
            answers[name] = client.post(url, data=data)
        except Exception as error:
            answers[name] = error

    threads = [threading.Thread(target=send, args=(n, *p), name=n) for n, p in posts.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return answers


def stakeholder_race(make_stakeholder, **_fixtures):
    """Return a stakeholder and its edit form as each person fills it, from version 1."""
    cpe = make_stakeholder("CPE Soleil", region="06")
    return cpe, f"/stakeholders/{cpe.id}/edit", lambda name: stakeholder_form(name, 1)


def user_race(make_user, **_fixtures):
    """Return a user and its edit form as each admin fills it, from version 1."""
    marie = make_user("coordinator", name="Marie Tremblay")
    form = {"role": "coordinator", "language": "fr", "version": "1"}
    return marie, f"/admin/users/{marie.id}/edit", lambda name: {**form, "name": name}


def entry_race(restore_reference, **_fixtures):
    """Return a sector and its rename form as each admin fills it, from version 1."""
    health = db.session.get(Sector, "health")
    form = {"label_en": "Health and social services", "version": "1"}
    return health, "/admin/reference/sector/health/edit", lambda name: {**form, "label_fr": name}


RACES = {
    "stakeholder": (stakeholder_race, "coordinator", "name"),
    "user": (user_race, "admin", "name"),
    "reference entry": (entry_race, "admin", "label_fr"),
}


@pytest.mark.parametrize("kind", RACES)
def test_two_saves_at_the_same_moment_one_wins_the_other_is_told(app, make_user, kind, request):
    build, role, field = RACES[kind]
    sophie = make_user(role, name="Sophie Lavoie")
    marc = make_user(role, name="Marc Gagnon")
    people = {"Sophie Lavoie": signed_in(app, sophie), "Marc Gagnon": signed_in(app, marc)}
    for trial in range(TRIALS):
        typed = {who: f"{who} {trial}" for who in people}  # what each one types
        fixtures = {name: request.getfixturevalue(name) for name in RACE_FIXTURES}
        record, url, form = build(**fixtures)
        with BothPassTheVersionCheck(record):
            answers = race({who: (people[who], url, form(typed[who])) for who in people})
        statuses = {who: getattr(a, "status_code", repr(a)) for who, a in answers.items()}
        assert sorted(statuses.values(), key=str) == [302, 409], statuses
        winner = next(who for who, status in statuses.items() if status == 302)
        loser = next(who for who in people if who != winner)
        page = answers[loser].get_data(as_text=True)
        assert f"{winner} a modifié cette fiche" in page
        assert f'value="{typed[loser]}"' in page  # what the loser typed is kept
        assert typed[winner] in page  # and the winner's value is shown beside it
        db.session.expire_all()
        assert getattr(db.session.merge(record), field) == typed[winner]
        if kind == "reference entry":  # the next trial starts again from version 1
            db.session.execute(update(Sector).where(Sector.code == "health").values(version=1))
            db.session.commit()


def test_a_button_overtaken_by_a_save_at_the_same_moment_says_so(
    app, make_user, make_stakeholder, make_interaction
):
    sophie = make_user("coordinator", name="Sophie Lavoie")
    marc = make_user("coordinator", name="Marc Gagnon")
    cpe = make_stakeholder("CPE Soleil")
    meeting = make_interaction([cpe], summary="Rencontre", follow_up_on=date(2026, 3, 20))
    detail = f"/interactions/{meeting.id}"
    edit_form = {
        "occurred_on": "2026-03-14",
        "kind": "meeting",
        "stakeholder_ids": [cpe.id],
        "summary": "Rencontre et visite des locaux",
        "follow_up_on": "2026-03-20",
        "version": "1",
    }
    marc_client = signed_in(app, marc)
    with BothPassTheVersionCheck(meeting, first="edit"):
        answers = race(
            {
                "edit": (signed_in(app, sophie), f"{detail}/edit", edit_form),
                "done": (marc_client, f"{detail}/done", {}),
            }
        )
    assert getattr(answers["edit"], "status_code", answers["edit"]) == 302
    done = answers["done"]
    assert getattr(done, "status_code", done) == 302  # back to the page, not an error
    assert done.headers["Location"] == "/"
    page = marc_client.get("/").get_data(as_text=True)
    assert "Quelqu’un d’autre a enregistré cette fiche au même moment" in page
    db.session.expire_all()
    stored = db.session.get(Interaction, meeting.id)
    assert (stored.summary, stored.follow_up_done) == ("Rencontre et visite des locaux", False)


def test_a_record_deleted_while_its_edit_is_saved_is_not_found(
    client, login, make_stakeholder, make_commitment
):
    pledge = make_commitment(make_stakeholder("CPE Soleil"))
    login("coordinator")

    def delete_first(session, _context, _instances) -> None:
        """Delete the commitment on another connection just before this save writes it
        (an import undone at that moment, say)."""
        if any(isinstance(obj, Commitment) for obj in session.dirty):
            with db.engine.begin() as other:
                history = CommitmentStatusChange.commitment_id == pledge.id
                other.execute(delete(CommitmentStatusChange).where(history))
                other.execute(delete(Commitment).where(Commitment.id == pledge.id))

    event.listen(Session, "before_flush", delete_first)
    try:
        response = client.post(
            f"/commitments/{pledge.id}/edit",
            data={"status": "achieved", "involvement": "leader", "version": "1"},
        )
    finally:
        event.remove(Session, "before_flush", delete_first)
    assert response.status_code == 404
    assert "Cette page n’existe pas." in response.get_data(as_text=True)


class StaleTable(HTMLParser):
    """Read the rows of the "saved in between" table: {label: (typed, stored)}."""

    def __init__(self, page: str):
        super().__init__()
        self.rows: dict[str, tuple[str, ...]] = {}
        self._cells: list[str] | None = None
        self._text: list[str] | None = None
        self._in_body = False
        self.feed(page)

    def handle_starttag(self, tag, _attrs):
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._cells = []
        elif tag in ("th", "td") and self._cells is not None:
            self._text = []

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._text is not None:
            self._cells.append(" ".join("".join(self._text).split()))
            self._text = None
        elif tag == "tr" and self._cells:
            self.rows[self._cells[0]] = tuple(self._cells[1:])
            self._cells = None
        elif tag == "tbody":
            self._in_body = False


@dataclass
class Case:
    """One editable record: its edit page, a colleague's save, and the user's stale form."""

    url: str
    colleague_saves: Callable[[], None]
    form: dict  # what the user posts, read from version 1
    kept: str  # the markup that shows what the user typed, still in the form
    differs: dict[str, tuple[str, str]]  # label: (what the user typed, what is stored)
    stored: Callable[[], object]  # the value the user's save writes, read from the database


def stakeholder_case(colleague, make_stakeholder, **_fixtures) -> Case:
    cpe = make_stakeholder("CPE Soleil", region="06")
    return Case(
        url=f"/stakeholders/{cpe.id}/edit",
        colleague_saves=lambda: update_stakeholder(
            colleague, cpe, {"stage": "engaged", "locality": "Verdun"}
        ),
        form={**stakeholder_form("CPE Soleil levant", 1), "locality": "Lachine"},
        kept='value="CPE Soleil levant"',
        differs={
            "Nom": ("CPE Soleil levant", "CPE Soleil"),
            "Étape de mobilisation": ("Identifié", "Engagé dans la démarche"),
            "Lieu (si ce n’est pas une municipalité)": ("Lachine", "Verdun"),
        },
        stored=lambda: db.session.get(Stakeholder, cpe.id).locality,
    )


def contact_case(colleague, make_stakeholder, make_contact, **_fixtures) -> Case:
    camille = make_contact(make_stakeholder("CPE Soleil"), first_name="Camille", last_name="Roy")
    return Case(
        url=f"/contacts/{camille.id}/edit",
        colleague_saves=lambda: update_contact(
            colleague, camille, {"title": "Directrice générale", "language": "en"}
        ),
        form={
            "first_name": "Camille",
            "last_name": "Roy",
            "stakeholder_id": str(camille.stakeholder_id),
            "title": "Directrice adjointe",
            "language": "fr",
            "newsletter_consent": "none",
            "version": "1",
        },
        kept='value="Directrice adjointe"',
        differs={
            "Titre": ("Directrice adjointe", "Directrice générale"),
            "Langue préférée": ("Français", "English"),
        },
        stored=lambda: db.session.get(Contact, camille.id).title,
    )


def interaction_case(colleague, make_stakeholder, make_interaction, **_fixtures) -> Case:
    cpe = make_stakeholder("CPE Soleil")
    meeting = make_interaction([cpe], summary="Première rencontre")
    return Case(
        url=f"/interactions/{meeting.id}/edit",
        colleague_saves=lambda: update_interaction(
            colleague, meeting, {"kind": "call", "occurred_on": date(2026, 3, 16)}
        ),
        form={
            "occurred_on": "2026-03-14",
            "kind": "meeting",
            "stakeholder_ids": [cpe.id],
            "summary": "Suivi du dossier de la halte-garderie",
            "version": "1",
        },
        kept="Suivi du dossier de la halte-garderie</textarea>",
        differs={
            "Date": ("14 mars 2026", "16 mars 2026"),
            "Type": ("Rencontre", "Appel"),
            "Résumé": ("Suivi du dossier de la halte-garderie", "Première rencontre"),
        },
        stored=lambda: db.session.get(Interaction, meeting.id).summary,
    )


def commitment_case(colleague, make_stakeholder, make_commitment, **_fixtures) -> Case:
    pledge = make_commitment(make_stakeholder("CPE Soleil"), status="committed")
    return Case(
        url=f"/commitments/{pledge.id}/edit",
        colleague_saves=lambda: update_commitment(colleague, pledge, {"status": "achieved"}),
        form={
            "status": "committed",
            "involvement": "leader",
            "description": "Porte le projet de halte-garderie",
            "version": "1",
        },
        kept="Porte le projet de halte-garderie</textarea>",
        differs={
            "Statut": ("Engagé", "Réalisé"),
            "Implication": ("Porteur", "Appui"),
            "Description": ("Porte le projet de halte-garderie", "(vide)"),
        },
        stored=lambda: db.session.get(Commitment, pledge.id).description,
    )


def incident_case(colleague, **_fixtures) -> Case:
    leak = create_incident(colleague, LEAK)
    db.session.commit()
    return Case(
        url=f"/admin/incidents/{leak.id}/edit",
        colleague_saves=lambda: update_incident(colleague, leak, {"people_count": 50}),
        form={**incident_form(people_count=7), "version": "1"},
        kept='value="7"',
        differs={"Nombre de personnes concernées": ("7", "50")},
        stored=lambda: db.session.get(Incident, leak.id).people_count,
    )


def user_case(colleague, make_user, **_fixtures) -> Case:
    marie = make_user("coordinator", name="Marie Tremblay")
    return Case(
        url=f"/admin/users/{marie.id}/edit",
        colleague_saves=lambda: update_user(
            colleague, marie, {"name": "Marie Tremblay-Roy", "language": "en"}
        ),
        form={"name": "Marie Tremblay", "role": "board", "language": "fr", "version": "1"},
        kept='<option selected value="board">Membre du conseil</option>',
        differs={
            "Nom": ("Marie Tremblay", "Marie Tremblay-Roy"),
            "Rôle": ("Membre du conseil", "Coordination"),
            "Langue": ("Français", "English"),
        },
        stored=lambda: db.session.get(User, marie.id).role,
    )


def entry_case(colleague, restore_reference, **_fixtures) -> Case:
    return Case(
        url="/admin/reference/sector/health/edit",
        colleague_saves=lambda: rename_entry(
            colleague, "sector", "health", "Santé et services sociaux (RSSS)", "Health"
        ),
        form={
            "label_fr": "Santé et services sociaux",
            "label_en": "Health and social services (HSS)",
            "version": "1",
        },
        kept='value="Health and social services (HSS)"',
        differs={
            "Libellé français": ("Santé et services sociaux", "Santé et services sociaux (RSSS)"),
            "Libellé anglais": ("Health and social services (HSS)", "Health"),
        },
        stored=lambda: db.session.get(Sector, "health").label_en,
    )


FIXTURES = (
    "make_stakeholder",
    "make_contact",
    "make_interaction",
    "make_commitment",
    "make_user",
    "restore_reference",
)
CASES = {
    "stakeholder": (stakeholder_case, "coordinator", "Lachine"),
    "contact": (contact_case, "coordinator", "Directrice adjointe"),
    "interaction": (interaction_case, "coordinator", "Suivi du dossier de la halte-garderie"),
    "commitment": (commitment_case, "coordinator", "Porte le projet de halte-garderie"),
    "incident": (incident_case, "admin", 7),
    "user": (user_case, "admin", "board"),
    "reference entry": (entry_case, "admin", "Health and social services (HSS)"),
}


@pytest.mark.parametrize("kind", CASES)
def test_a_stale_form_keeps_what_was_typed_and_shows_what_was_saved_in_between(
    kind, client, login, make_user, request
):
    build, role, typed = CASES[kind]
    login(role)
    colleague = make_user(role, name="Sophie Lavoie")
    fixtures = {name: request.getfixturevalue(name) for name in FIXTURES}
    case = build(colleague, **fixtures)
    assert 'name="version" type="hidden" value="1"' in client.get(case.url).get_data(as_text=True)
    case.colleague_saves()
    db.session.commit()

    response = client.post(case.url, data=case.form)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Sophie Lavoie a modifié cette fiche après que vous l’avez ouverte." in page
    assert case.kept in page  # what the user typed is still in the form
    assert StaleTable(page).rows == case.differs  # beside what was saved in between
    assert f'href="{case.url}">Recharger la fiche</a>' in page
    assert 'name="version" type="hidden" value="2"' in page
    db.session.expire_all()
    assert case.stored() != typed  # nothing of the stale form was saved

    reloaded = client.get(case.url)  # the reload link shows the stored record, no warning
    assert reloaded.status_code == 200
    assert "Recharger la fiche" not in reloaded.get_data(as_text=True)

    # Saving the kept form again replaces the values saved in between, on purpose.
    again = client.post(case.url, data={**case.form, "version": "2"})
    assert again.status_code == 302
    db.session.expire_all()
    assert case.stored() == typed
