"""Bulk actions on the lists: tick rows (or every row matching the filters), confirm with
the action and the count in words, see the change, undo it while nobody touched the
records since. Each action of each list, the rights and scope of each role, the audit."""

import re
from datetime import date
from html import unescape

import pytest
from sqlalchemy import func, select

from models import (
    AuditEvent,
    Commitment,
    CommitmentStatusChange,
    ConsentEvent,
    Contact,
    Interaction,
    Stakeholder,
    clock,
    db,
)
from models.change_batch import ChangeBatch

NNBSP = "\u202f"


def text(response) -> str:
    """Return a page's words, tags dropped, entities and spaces made plain."""
    words = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", unescape(words)).replace("\u00a0", " ").replace(NNBSP, " ")


def count_shown(response) -> int:
    """Return the count beside a list's title."""
    found = re.search(r'<h1[^>]*>[^<]*<span class="badge[^"]*">([^<]+)</span>', response.text)
    return int(found.group(1).replace("\u00a0", "").replace("\u202f", ""))


def form(action: str, ids=(), tag: str = "", filters: str | None = None, back: str = "") -> dict:
    """Return the bulk bar's form as a browser posts it: ticked `ids`, or every row
    matching `filters` (a query string)."""
    data = {"action": action, "tag": tag, "back": back}
    if filters is not None:
        data |= {"all": "1", "filters": filters}
    else:
        data["ids"] = [str(i) for i in ids]
    return data


def confirm(client, kind: str, **kwargs):
    return client.post(f"/bulk/{kind}/confirm", data=form(**kwargs))


def apply(client, kind: str, **kwargs):
    """Do the action; return the batch's page (followed)."""
    return client.post(f"/bulk/{kind}/apply", data=form(**kwargs), follow_redirects=True)


def last_batch() -> ChangeBatch:
    return db.session.scalars(select(ChangeBatch).order_by(ChangeBatch.id.desc())).first()


def undo(client, batch_id: int):
    return client.post(f"/bulk/{batch_id}/undo", follow_redirects=True)


def fresh(model, record_id):
    db.session.expire_all()
    return db.session.get(model, record_id)


# -- stakeholders ------------------------------------------------------------------------------


def test_tag_ticked_stakeholders_confirm_list_and_undo(client, login, make_stakeholder):
    login("coordinator")
    one, two, other = (make_stakeholder(n) for n in ("CPE Soleil", "CPE Lune", "CPE Étoile"))
    asked = confirm(client, "stakeholders", action="add_tag", ids=[one.id, two.id],
                    tag="priorité 2027")  # fmt: skip
    assert "Ajouter l’étiquette « priorité 2027 » à 2 acteurs ?" in text(asked)
    assert fresh(Stakeholder, one.id).tag_names == []  # the question changes nothing

    done = apply(client, "stakeholders", action="add_tag", ids=[one.id, two.id],
                 tag="priorité 2027")  # fmt: skip
    assert "2 acteurs modifiés." in text(done)
    tagged = text(client.get("/stakeholders/?tag=priorité 2027"))
    assert "CPE Soleil" in tagged and "CPE Lune" in tagged and "CPE Étoile" not in tagged
    # Tags are in a stakeholder's search text: the search finds them by it at once.
    found = text(client.get("/stakeholders/?q=priorite"))
    assert "CPE Soleil" in found and "CPE Étoile" not in found
    versions = (fresh(Stakeholder, one.id).version, fresh(Stakeholder, other.id).version)
    assert versions == (2, 1)

    undone = undo(client, last_batch().id)
    assert "Modification annulée : 2 fiches sont revenues comme avant." in text(undone)
    assert "CPE Soleil" not in text(client.get("/stakeholders/?tag=priorité 2027"))
    assert "CPE Soleil" not in text(client.get("/stakeholders/?q=priorite"))


def test_one_stakeholder_is_said_in_the_singular(client, login, make_stakeholder):
    login("coordinator")
    one = make_stakeholder("CPE Soleil")
    asked = confirm(client, "stakeholders", action="archive", ids=[one.id])
    assert "Archiver 1 acteur ?" in text(asked)


def test_select_every_stakeholder_matching_the_filters(client, login, make_stakeholder):
    login("coordinator")
    montreal = [make_stakeholder(f"Montréal {n}", region="06") for n in range(30)]
    estrie = make_stakeholder("Estrie 1", region="05")
    page = text(client.get("/stakeholders/?region=06"))
    assert "Sélectionner les 30 acteurs qui correspondent aux filtres" in page

    asked = confirm(client, "stakeholders", action="set_stage:engaged", filters="region=06")
    assert "Passer 30 acteurs à l’étape « Engagé dans la démarche » ?" in text(asked)
    apply(client, "stakeholders", action="set_stage:engaged", filters="region=06")
    assert {fresh(Stakeholder, s.id).stage for s in montreal} == {"engaged"}
    assert fresh(Stakeholder, estrie.id).stage == "identified"


def test_remove_tag(client, login, make_stakeholder):
    from models.stakeholder import StakeholderTag

    login("coordinator")
    one = make_stakeholder("CPE Soleil", tags=[StakeholderTag(name="vieux")])
    two = make_stakeholder("CPE Lune")
    asked = confirm(client, "stakeholders", action="remove_tag", ids=[one.id, two.id],
                    tag="vieux")  # fmt: skip
    page = text(asked)
    assert "Retirer l’étiquette « vieux » de 1 acteur ?" in page
    assert "1 ligne est déjà ainsi : elle reste comme elle est." in page
    apply(client, "stakeholders", action="remove_tag", ids=[one.id, two.id], tag="vieux")
    assert fresh(Stakeholder, one.id).tag_names == []
    undo(client, last_batch().id)
    assert fresh(Stakeholder, one.id).tag_names == ["vieux"]


def test_set_and_remove_the_owner(client, login, make_stakeholder, make_user):
    login("coordinator")
    lead = make_user("regional_lead", regions=["06"], name="Léa Lead")
    mine, theirs = make_stakeholder("CPE Montréal"), make_stakeholder("CPE Estrie", region="05")
    asked = confirm(client, "stakeholders", action=f"set_owner:{lead.id}",
                    ids=[mine.id, theirs.id])  # fmt: skip
    page = text(asked)
    assert "Confier 1 acteur à Léa Lead ?" in page
    assert "1 acteur est hors des régions du responsable choisi : il est laissé de côté." in page
    apply(client, "stakeholders", action=f"set_owner:{lead.id}", ids=[mine.id, theirs.id])
    assert (fresh(Stakeholder, mine.id).owner_id, fresh(Stakeholder, theirs.id).owner_id) == (
        lead.id,
        None,
    )
    asked = confirm(client, "stakeholders", action="set_owner:", ids=[mine.id])
    assert "Laisser 1 acteur sans responsable ?" in text(asked)
    apply(client, "stakeholders", action="set_owner:", ids=[mine.id])
    assert fresh(Stakeholder, mine.id).owner_id is None


def test_an_inactive_user_cannot_be_made_owner(client, login, make_stakeholder, make_user):
    login("coordinator")
    gone = make_user("coordinator", active=False)
    one = make_stakeholder("CPE Soleil")
    page = text(apply(client, "stakeholders", action=f"set_owner:{gone.id}", ids=[one.id]))
    assert f"Valeur inconnue : {gone.id}" in page
    assert fresh(Stakeholder, one.id).owner_id is None


def test_archive_and_restore(client, login, make_stakeholder):
    login("coordinator")
    one, two = make_stakeholder("CPE Soleil"), make_stakeholder("CPE Lune")
    assert count_shown(client.get("/stakeholders/")) == 2  # the count is remembered…
    apply(client, "stakeholders", action="archive", ids=[one.id, two.id])
    assert count_shown(client.get("/stakeholders/")) == 0  # …until a bulk change
    assert "CPE Soleil" not in text(client.get("/stakeholders/"))
    assert "CPE Soleil" in text(client.get("/stakeholders/?archived=1"))
    asked = confirm(client, "stakeholders", action="restore", filters="archived=1")
    assert "Restaurer 2 acteurs archivés ?" in text(asked)
    apply(client, "stakeholders", action="restore", ids=[one.id])
    assert "CPE Soleil" in text(client.get("/stakeholders/"))
    assert "CPE Lune" not in text(client.get("/stakeholders/"))


def test_a_tag_typed_wrong_is_refused_naming_it(client, login, make_stakeholder):
    login("coordinator")
    one = make_stakeholder("CPE Soleil")
    assert "Tapez l’étiquette." in text(
        apply(client, "stakeholders", action="add_tag", ids=[one.id], tag="  ")
    )
    long_tag = "x" * 101
    page = text(apply(client, "stakeholders", action="add_tag", ids=[one.id], tag=long_tag))
    assert f"L’étiquette « {long_tag} » dépasse 100 caractères." in page
    assert "Choisissez une action." in text(apply(client, "stakeholders", action="", ids=[one.id]))
    none_ticked = client.post(
        "/bulk/stakeholders/confirm", data=form("archive"), follow_redirects=True
    )
    assert "Cochez d’abord les lignes à modifier." in text(none_ticked)
    assert db.session.scalar(select(func.count(ChangeBatch.id))) == 0


# -- interactions ------------------------------------------------------------------------------


def test_mark_follow_ups_done_and_not_done(client, login, make_stakeholder, make_interaction):
    login("coordinator")
    cpe = make_stakeholder("CPE Soleil")
    due = make_interaction([cpe], follow_up_on=date(2026, 4, 1))
    plain = make_interaction([cpe])  # no follow-up: nothing to mark
    asked = confirm(client, "interactions", action="follow_up_done", ids=[due.id, plain.id])
    page = text(asked)
    assert "Marquer le suivi de 1 interaction comme fait ?" in page
    assert "1 ligne est déjà ainsi" in page
    apply(client, "interactions", action="follow_up_done", ids=[due.id, plain.id])
    assert fresh(Interaction, due.id).follow_up_done is True
    assert fresh(Interaction, plain.id).follow_up_done is False
    apply(client, "interactions", action="follow_up_open", ids=[due.id])
    assert fresh(Interaction, due.id).follow_up_done is False
    undo(client, last_batch().id)
    assert fresh(Interaction, due.id).follow_up_done is True


# -- commitments -------------------------------------------------------------------------------


def test_set_status_keeps_the_history_and_undo_removes_it(
    client, login, make_stakeholder, make_commitment
):
    login("coordinator")
    cpe = make_stakeholder("CPE Soleil")
    one, two = make_commitment(cpe), make_commitment(cpe, measure="housing")
    asked = confirm(client, "commitments", action="set_status:in_progress", ids=[one.id, two.id])
    assert "Passer le statut de 2 engagements à « En cours » ?" in text(asked)
    apply(client, "commitments", action="set_status:in_progress", ids=[one.id, two.id])
    assert fresh(Commitment, one.id).status == "in_progress"
    history = select(CommitmentStatusChange.status).where(
        CommitmentStatusChange.commitment_id == one.id
    )
    assert list(db.session.scalars(history)) == ["in_progress"]
    assert "En cours" in text(client.get(f"/commitments/{one.id}"))
    undo(client, last_batch().id)
    assert fresh(Commitment, one.id).status == "committed"
    assert list(db.session.scalars(history)) == []


def test_set_involvement(client, login, make_stakeholder, make_commitment):
    login("coordinator")
    one = make_commitment(make_stakeholder("CPE Soleil"))
    asked = confirm(client, "commitments", action="set_involvement:leader", ids=[one.id])
    assert "Passer l’implication de 1 engagement à « Porteur » ?" in text(asked)
    apply(client, "commitments", action="set_involvement:leader", ids=[one.id])
    assert fresh(Commitment, one.id).involvement == "leader"


# -- contacts ----------------------------------------------------------------------------------


def test_set_language(client, login, make_stakeholder, make_contact):
    login("coordinator")
    one = make_contact(make_stakeholder("CPE Soleil"))
    asked = confirm(client, "contacts", action="set_language:en", ids=[one.id])
    assert "Passer la langue préférée de 1 contact à English ?" in text(asked)
    apply(client, "contacts", action="set_language:en", ids=[one.id])
    assert fresh(Contact, one.id).language == "en"
    undo(client, last_batch().id)
    assert fresh(Contact, one.id).language == "fr"


def test_a_consent_withdrawal_is_honoured_and_never_undone(
    client, login, make_stakeholder, make_contact
):
    login("coordinator")
    cpe = make_stakeholder("CPE Soleil")
    one = make_contact(cpe, email="un@example.org", newsletter_consent="express")
    asked = text(confirm(client, "contacts", action="withdraw_consent", ids=[one.id]))
    assert "Consigner que 1 contact a retiré son consentement à l’infolettre ?" in asked
    assert "cette modification ne peut pas être annulée" in asked
    done = apply(client, "contacts", action="withdraw_consent", ids=[one.id])
    assert "Ne peut pas être annulée" in text(done)
    assert f"/bulk/{last_batch().id}/undo" not in done.get_data(as_text=True)  # no button
    assert fresh(Contact, one.id).consent_withdrawn_on == clock.today()
    events = select(ConsentEvent.kind).where(ConsentEvent.contact_id == one.id)
    assert list(db.session.scalars(events)) == ["withdrawn"]
    refused = text(undo(client, last_batch().id))
    assert "cette modification ne peut pas être annulée" in refused
    assert fresh(Contact, one.id).consent_withdrawn_on == clock.today()


# -- rights and scope --------------------------------------------------------------------------


def test_a_lead_changes_only_the_commitments_of_their_regions(
    client, login, make_stakeholder, make_commitment
):
    login("regional_lead", regions=["06"])
    mine = make_commitment(make_stakeholder("CPE Montréal", region="06"))
    national = make_commitment(make_stakeholder("Fondation", region=None))
    theirs = make_commitment(make_stakeholder("CPE Estrie", region="05"))  # forged id
    ids = [mine.id, national.id, theirs.id]
    listed = client.get("/commitments/").get_data(as_text=True)
    assert f'name="ids" value="{mine.id}"' in listed  # a box to tick on their own…
    assert f'name="ids" value="{national.id}"' not in listed  # …none on a national one
    page = text(confirm(client, "commitments", action="set_status:in_progress", ids=ids))
    assert "Passer le statut de 1 engagement à « En cours » ?" in page
    assert "2 lignes ne sont pas à vous de modifier : elles sont laissées de côté." in page
    apply(client, "commitments", action="set_status:in_progress", ids=ids)
    statuses = [fresh(Commitment, c.id).status for c in (mine, national, theirs)]
    assert statuses == ["in_progress", "committed", "committed"]
    # The filters read again on the server, in the lead's scope: Estrie's never counted.
    page = text(confirm(client, "commitments", action="set_status:achieved", filters=""))
    assert "Passer le statut de 1 engagement à « Réalisé » ?" in page


def test_a_lead_marks_follow_ups_only_where_every_participant_is_theirs(
    client, login, make_stakeholder, make_interaction
):
    login("regional_lead", regions=["06"])
    mine, theirs = make_stakeholder("CPE Montréal"), make_stakeholder("CPE Estrie", region="05")
    alone = make_interaction([mine], follow_up_on=date(2026, 4, 1))
    joint = make_interaction([mine, theirs], follow_up_on=date(2026, 4, 1))
    apply(client, "interactions", action="follow_up_done", ids=[alone.id, joint.id])
    assert fresh(Interaction, alone.id).follow_up_done is True
    assert fresh(Interaction, joint.id).follow_up_done is False
    assert last_batch().count == 1


@pytest.mark.parametrize("kind", ["stakeholders", "contacts"])
def test_a_lead_has_no_bulk_action_on_stakeholders_or_contacts(
    client, login, make_stakeholder, kind
):
    login("regional_lead", regions=["06"])
    one = make_stakeholder("CPE Montréal")
    assert "Action sur les lignes cochées" not in text(client.get(f"/{kind}/"))
    action = "archive" if kind == "stakeholders" else "set_language:en"
    assert confirm(client, kind, action=action, ids=[one.id]).status_code == 403
    assert client.post(f"/bulk/{kind}/apply", data=form(action, [one.id])).status_code == 403
    assert fresh(Stakeholder, one.id).archived is False


def test_the_board_changes_nothing(client, login, make_stakeholder, make_commitment):
    login("board")
    one = make_commitment(make_stakeholder("CPE Montréal"))
    assert "Action sur les lignes cochées" not in text(client.get("/commitments/"))
    response = client.post("/bulk/commitments/apply", data=form("set_status:achieved", [one.id]))
    assert response.status_code == 403
    assert client.get("/bulk/").status_code == 403
    assert fresh(Commitment, one.id).status == "committed"


def test_the_bar_and_the_row_checkboxes_are_on_the_lists(client, login, make_stakeholder):
    login("coordinator")
    one = make_stakeholder("CPE Soleil")
    page = client.get("/stakeholders/").get_data(as_text=True)
    assert 'id="bulk-form"' in page
    assert f'name="ids" value="{one.id}" form="bulk-form"' in page
    assert "Cocher CPE Soleil" in page  # the checkbox's label, for screen readers


# -- undo, stale edits, audit ------------------------------------------------------------------


def test_undo_refused_after_a_later_edit(client, login, make_stakeholder):
    from models.operations import update_stakeholder

    user = login("coordinator")
    one = make_stakeholder("CPE Soleil")
    apply(client, "stakeholders", action="set_stage:engaged", ids=[one.id])
    update_stakeholder(user, fresh(Stakeholder, one.id), {"notes": "Appelé"})
    db.session.commit()
    page = text(undo(client, last_batch().id))
    assert "Des fiches de cette modification ont changé depuis" in page
    assert fresh(Stakeholder, one.id).stage == "engaged"
    assert last_batch().undone_at is None


def test_a_stale_edit_is_refused_after_a_bulk_change(client, login, make_stakeholder):
    from tests.test_stale_edits import stakeholder_form

    login("coordinator")
    one = make_stakeholder("CPE Soleil")
    apply(client, "stakeholders", action="add_tag", ids=[one.id], tag="priorité")
    response = client.post(
        f"/stakeholders/{one.id}/edit", data=stakeholder_form("CPE Soleil levant", 1)
    )
    assert "a modifié cette fiche après que vous l’avez ouverte" in text(response)
    assert fresh(Stakeholder, one.id).name == "CPE Soleil"


def test_an_import_undo_is_refused_after_a_bulk_change(app, login, client, make_stakeholder):
    from importers.history import UndoRefused, undo_batch
    from models.import_batch import ImportBatch, ImportStatus

    user = login("coordinator")
    one = make_stakeholder("CPE Soleil")
    updated = [{"id": one.id, "version": 1, "before": {"stage": "identified"}}]
    batch = ImportBatch(kind="stakeholders", filename="a.csv", user_id=user.id,
                        status=ImportStatus.DONE, updated=1,
                        changes={"created": [], "updated": updated})  # fmt: skip
    db.session.add(batch)
    db.session.commit()
    apply(client, "stakeholders", action="set_stage:engaged", ids=[one.id])
    with pytest.raises(UndoRefused):
        undo_batch(user, db.session.get(ImportBatch, batch.id))


def test_only_the_author_or_an_admin_undoes(app, client, login, make_stakeholder):
    login("coordinator")
    one = make_stakeholder("CPE Soleil")
    apply(client, "stakeholders", action="archive", ids=[one.id])
    batch_id = last_batch().id
    login("coordinator")
    assert client.post(f"/bulk/{batch_id}/undo").status_code == 404
    login("admin")
    assert "Modification annulée : 1 fiche est revenue comme avant." in text(undo(client, batch_id))
    assert fresh(Stakeholder, one.id).archived is False


def test_one_audit_event_per_bulk_change_and_the_recent_changes_page(
    client, login, make_stakeholder
):
    user = login("coordinator", name="Camille Coordination")
    ones = [make_stakeholder(f"CPE {n}") for n in range(3)]
    apply(client, "stakeholders", action="add_tag", ids=[s.id for s in ones], tag="2027")
    events = list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "bulk")))
    assert len(events) == 1
    event = events[0]
    assert (event.entity_type, event.entity_id, event.actor_id) == (
        "change_batch",
        last_batch().id,
        user.id,
    )
    assert event.after == {"list": "stakeholders", "action": "add_tag", "value": "2027",
                           "count": 3, "refused": 0}  # fmt: skip
    recent = text(client.get("/bulk/"))
    assert "Camille Coordination" in recent and "Ajouter une étiquette · 2027" in recent
    assert "Annuler" in recent


def test_applying_what_is_already_so_records_nothing(client, login, make_stakeholder):
    """Rows already tagged (say, by someone between the confirmation and the click) are
    left as they are: no batch to undo, no audit event, and the list says so."""
    login("coordinator")
    one = make_stakeholder("CPE Soleil")
    apply(client, "stakeholders", action="add_tag", ids=[one.id], tag="priorité 2027")
    batches = db.session.scalar(select(func.count()).select_from(ChangeBatch))
    page = apply(client, "stakeholders", action="add_tag", ids=[one.id], tag="priorité 2027")
    assert "Rien à modifier : les lignes choisies sont déjà ainsi" in text(page)
    assert db.session.scalar(select(func.count()).select_from(ChangeBatch)) == batches
    assert fresh(Stakeholder, one.id).tag_names == ["priorité 2027"]
