"""Merging duplicate stakeholders and contacts, and undoing the merge (issue 16)."""

import re
from datetime import date

import pytest
from sqlalchemy import func, select, text

from importers.history import UndoRefused, undo_batch
from importers.pipeline import analyse, run_import
from models import Commitment, Contact, Relationship, Stakeholder, User, clock
from models.audit import AuditEvent
from models.base import db
from models.commitment import CommitmentStatusChange
from models.consent import ConsentEvent
from models.duplicate import Merge
from models.interaction import interaction_contact, interaction_stakeholder
from models.operations import PermissionDenied, StaleRecord, update_contact, update_stakeholder
from models.operations.consent import contact_by_token, record_consent, withdraw_consent
from models.operations.merge import (
    MergeRefused,
    merge_contacts,
    merge_stakeholders,
    undo_merge,
)
from tests.import_helpers import xlsx


def fresh(model, record_id):
    db.session.expire_all()
    return db.session.get(model, record_id)


def links(table, column, value) -> set[int]:
    return set(db.session.scalars(select(table.c.interaction_id).where(table.c[column] == value)))


def history(commitment_id) -> list[str]:
    query = select(CommitmentStatusChange.status).where(
        CommitmentStatusChange.commitment_id == commitment_id
    )
    return sorted(db.session.scalars(query))


def change(commitment, status, on, user=None):
    db.session.add(CommitmentStatusChange(commitment_id=commitment.id, status=status,
                                          changed_on=on, user_id=user))  # fmt: skip
    db.session.commit()


@pytest.fixture
def pair(make_stakeholder, make_contact, make_interaction, make_commitment, make_relationship):
    """Two records of one organization, each with its rows, and a third stakeholder."""
    kept = make_stakeholder("CPE Les Bouts-d'Chou", region="06", phone="514-555-0101",
                            email="", external_ref="K-1")  # fmt: skip
    other = make_stakeholder("CPE Les Bouts d'Chou inc.", region="06", phone="514-555-0199",
                             email="info@boutsdchou.org", external_ref="O-9")  # fmt: skip
    third = make_stakeholder("Table petite enfance Sud", region="06")
    from models.stakeholder import StakeholderTag

    kept.tags = [StakeholderTag(name="cpe")]
    other.tags = [StakeholderTag(name="cpe"), StakeholderTag(name="priorité")]
    db.session.commit()
    contacts = [make_contact(other, first_name="Léa"), make_contact(other, first_name="Noé")]
    mine = make_contact(kept, first_name="Zoé")
    shared = make_interaction([kept, other], summary="Rencontre commune")
    theirs = make_interaction([other, third], summary="Appel")
    k_commit = make_commitment(kept, measure="housing", status="committed",
                               committed_on=date(2026, 2, 1), description="Appui")  # fmt: skip
    o_commit = make_commitment(other, measure="housing", status="in_progress",
                               committed_on=date(2026, 1, 5), description="Locaux")  # fmt: skip
    o_only = make_commitment(other, measure="transit", status="intended")
    change(k_commit, "committed", date(2026, 2, 1))
    change(o_commit, "committed", date(2026, 1, 5))
    change(o_commit, "in_progress", date(2026, 3, 1))
    between = make_relationship(kept, other, type="partner")
    dup_k = make_relationship(kept, third, type="member_of")
    dup_o = make_relationship(other, third, type="member_of")
    moved_tie = make_relationship(third, other, type="funds")
    found = {
        "kept": kept, "other": other, "third": third, "contacts": contacts, "mine": mine,
        "shared": shared, "theirs": theirs, "k_commit": k_commit, "o_commit": o_commit,
        "o_only": o_only, "between": between, "dup_k": dup_k, "dup_o": dup_o,
        "moved_tie": moved_tie,
    }  # fmt: skip
    found["ids"] = {k: v.id for k, v in found.items() if hasattr(v, "id")}
    found["ids"]["contacts"] = [c.id for c in contacts]
    return found


def test_stakeholder_merge_moves_every_related_row(app, make_user, pair):
    actor = make_user("coordinator")
    kept, other = pair["kept"], pair["other"]
    kept_id, other_id = kept.id, other.id
    merge = merge_stakeholders(actor, kept, other, {"phone": "other"})
    db.session.commit()

    assert fresh(Stakeholder, other_id) is None
    survivor = fresh(Stakeholder, kept_id)
    assert survivor.name == "CPE Les Bouts-d'Chou"  # the kept one's by default
    assert survivor.phone == "514-555-0199"  # picked
    assert survivor.email == "info@boutsdchou.org"  # empty on the kept one: the other's
    assert survivor.external_ref == "K-1"
    assert survivor.tag_names == ["cpe", "priorité"]
    # Contacts and interactions (the shared one keeps one link).
    assert {fresh(Contact, i).stakeholder_id for i in pair["ids"]["contacts"]} == {kept_id}
    assert links(interaction_stakeholder, "stakeholder_id", kept_id) == {
        pair["ids"]["shared"], pair["ids"]["theirs"]}  # fmt: skip
    assert links(interaction_stakeholder, "stakeholder_id", other_id) == set()
    # Commitments: one per measure; the most advanced status, the earliest day, both texts
    # and both histories on the survivor's.
    commitments = db.session.scalars(
        select(Commitment).where(Commitment.stakeholder_id == kept_id).order_by(Commitment.id)
    ).all()
    assert [(c.measure_code, c.status) for c in commitments] == [
        ("housing", "in_progress"), ("transit", "intended")]  # fmt: skip
    assert commitments[0].committed_on == date(2026, 1, 5)
    assert commitments[0].description == "Appui\n\nLocaux"
    assert history(commitments[0].id) == ["committed", "committed", "in_progress"]
    assert db.session.get(Commitment, pair["ids"]["o_commit"]) is None
    # Ties: the one between them gone, the duplicate member_of gone, the funds tie moved.
    assert db.session.get(Relationship, pair["ids"]["between"]) is None
    assert db.session.get(Relationship, pair["ids"]["dup_o"]) is None
    moved = db.session.get(Relationship, pair["ids"]["moved_tie"])
    assert (moved.source_id, moved.target_id) == (pair["ids"]["third"], kept_id)
    # One audit event with both before-images.
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "merge")).all()
    assert len(events) == 1
    assert events[0].entity_type == "stakeholder" and events[0].entity_id == kept_id
    assert events[0].before["kept"]["phone"] == "514-555-0101"
    assert events[0].before["removed"]["name"] == "CPE Les Bouts d'Chou inc."
    assert merge.kept_id == kept_id and merge.removed_id == other_id


def test_commitment_statuses_merge_to_the_most_advanced(app):
    from models.operations.merge import advanced

    assert advanced("intended", "achieved") == "achieved"
    assert advanced("withdrawn", "committed") == "committed"
    assert advanced("in_progress", "withdrawn") == "in_progress"
    assert advanced("withdrawn", "withdrawn") == "withdrawn"


def test_undo_brings_everything_back_with_its_ids(app, make_user, pair):
    actor = make_user("coordinator")
    kept, other = pair["kept"], pair["other"]
    kept_id, other_id = kept.id, other.id
    o_commit_id, k_commit_id = pair["ids"]["o_commit"], pair["ids"]["k_commit"]
    merge = merge_stakeholders(actor, kept, other, {"phone": "other", "name": "other"})
    db.session.commit()
    undo_merge(actor, merge)
    db.session.commit()

    back = fresh(Stakeholder, other_id)
    assert back is not None and back.name == "CPE Les Bouts d'Chou inc."
    assert back.external_ref == "O-9" and back.email == "info@boutsdchou.org"
    assert back.tag_names == ["cpe", "priorité"]
    survivor = db.session.get(Stakeholder, kept_id)
    assert survivor.name == "CPE Les Bouts-d'Chou" and survivor.phone == "514-555-0101"
    assert survivor.email == "" and survivor.tag_names == ["cpe"]
    assert {fresh(Contact, i).stakeholder_id for i in pair["ids"]["contacts"]} == {other_id}
    assert db.session.get(Contact, pair["ids"]["mine"]).stakeholder_id == kept_id
    assert links(interaction_stakeholder, "stakeholder_id", other_id) == {
        pair["ids"]["shared"], pair["ids"]["theirs"]}  # fmt: skip
    assert links(interaction_stakeholder, "stakeholder_id", kept_id) == {pair["ids"]["shared"]}
    o_commit = db.session.get(Commitment, o_commit_id)
    assert (o_commit.stakeholder_id, o_commit.status) == (other_id, "in_progress")
    assert history(o_commit_id) == ["committed", "in_progress"]
    k_commit = db.session.get(Commitment, k_commit_id)
    assert (k_commit.status, k_commit.committed_on, k_commit.description) == (
        "committed", date(2026, 2, 1), "Appui")  # fmt: skip
    assert history(k_commit_id) == ["committed"]
    assert db.session.get(Commitment, pair["ids"]["o_only"]).stakeholder_id == other_id
    for tie in ("between", "dup_o"):
        assert db.session.get(Relationship, pair[tie].id) is not None
    assert db.session.get(Relationship, pair["ids"]["moved_tie"]).target_id == other_id
    assert db.session.get(Merge, merge.id).undone_at is not None
    undo = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "undo"))
    assert (undo.entity_type, undo.entity_id) == ("merge", merge.id)
    # Search finds the restored record by its name again.
    assert back.search_text and "inc" in back.search_text


def test_undo_refused_after_a_later_edit(app, make_user, pair):
    actor = make_user("coordinator")
    merge = merge_stakeholders(actor, pair["kept"], pair["other"])
    db.session.commit()
    contact = fresh(Contact, pair["ids"]["contacts"][0])
    update_contact(actor, contact, {"title": "Directrice"})
    db.session.commit()
    with pytest.raises(MergeRefused, match="modifiées depuis"):
        undo_merge(actor, fresh(Merge, merge.id))
    db.session.rollback()
    survivor = fresh(Stakeholder, pair["ids"]["kept"])
    update_stakeholder(actor, survivor, {"phone": "514-555-0000"})
    db.session.commit()
    with pytest.raises(MergeRefused):
        undo_merge(actor, fresh(Merge, merge.id))


def test_undo_by_its_author_or_an_admin_only(app, make_user, pair):
    author, colleague, admin = make_user("coordinator"), make_user("coordinator"), make_user(
        "admin")  # fmt: skip
    merge = merge_stakeholders(author, pair["kept"], pair["other"])
    db.session.commit()
    with pytest.raises(PermissionDenied):
        undo_merge(colleague, merge)
    undo_merge(admin, merge)
    db.session.commit()
    with pytest.raises(MergeRefused, match="déjà"):
        undo_merge(admin, fresh(Merge, merge.id))


def test_rights_scope_and_refusals(app, make_user, make_stakeholder, make_contact):
    one, two = make_stakeholder("CPE A", region="06"), make_stakeholder("CPE A", region="06")
    for role in ("regional_lead", "board"):
        with pytest.raises(PermissionDenied):
            merge_stakeholders(make_user(role, regions=["06"]), one, two)
    with pytest.raises(MergeRefused, match="elle-même"):
        merge_stakeholders(make_user("admin"), one, one)
    lea, lea2 = make_contact(one, first_name="Léa"), make_contact(two, first_name="Léa")
    lea2.anonymized_at = date(2026, 1, 1)
    db.session.commit()
    with pytest.raises(MergeRefused, match="anonymisé"):
        merge_contacts(make_user("coordinator"), lea, lea2)
    with pytest.raises(PermissionDenied):
        merge_contacts(make_user("regional_lead", regions=["06"]), lea, lea2)
    assert db.session.scalar(select(func.count()).select_from(Merge)) == 0


def test_a_stale_version_is_refused_naming_who_changed_it(app, make_user, make_stakeholder):
    editor = make_user("coordinator", name="Judith Roy")
    one, two = make_stakeholder("CPE A", region="06"), make_stakeholder("CPE A.", region="06")
    seen = two.version
    update_stakeholder(editor, two, {"phone": "514-555-0123"})
    db.session.commit()
    with pytest.raises(StaleRecord, match="Judith Roy"):
        merge_stakeholders(make_user("coordinator"), one, two, None, one.version, seen)


def test_an_import_undo_after_a_merge_is_refused(app, tmp_path, make_user, make_stakeholder):
    author = make_user("coordinator")
    kept = make_stakeholder("CPE Soleil", region="06")
    path = xlsx(tmp_path / "s.xlsx", [["Nom", "Région"], ["CPE Soleil inc.", "06"]])
    result = run_import(analyse(path, "stakeholders"), author)
    db.session.commit()
    created = db.session.scalar(select(Stakeholder).where(Stakeholder.name == "CPE Soleil inc."))
    merge = merge_stakeholders(author, kept, created)
    db.session.commit()
    batch = fresh(type(result.batch), result.batch.id)
    assert batch.changes["created"] == [kept.id]  # rewritten to the survivor
    with pytest.raises(UndoRefused, match="modifiées depuis"):
        undo_batch(author, batch)
    db.session.rollback()
    undo_merge(author, fresh(Merge, merge.id))
    db.session.commit()
    batch = fresh(type(result.batch), result.batch.id)
    assert batch.changes["created"] == [created.id]  # as the import left it
    undo_batch(author, batch)
    db.session.commit()
    assert fresh(Stakeholder, created.id) is None and fresh(Stakeholder, kept.id) is not None


def _consent(contact, kind=None, on=None, withdrawn=None, actor=None):
    if kind:
        record_consent(actor, contact, kind, on, source="formulaire")
    if withdrawn:
        withdraw_consent(actor, contact, on=withdrawn, source="courriel")
    db.session.commit()


@pytest.mark.parametrize("withdrawn_side", ["kept", "other"])
def test_contact_merge_withdrawal_always_wins(app, make_user, make_stakeholder, make_contact,
                                              make_interaction, withdrawn_side):  # fmt: skip
    actor = make_user("coordinator")
    cpe = make_stakeholder("CPE A", region="06")
    kept = make_contact(cpe, first_name="Léa", last_name="Roy", email="lea@cpe.org")
    other = make_contact(cpe, first_name="Léa", last_name="Roy", email="lea.roy@cpe.org",
                         phone="514-555-0101")  # fmt: skip
    express, withdrawing = (other, kept) if withdrawn_side == "kept" else (kept, other)
    _consent(express, "express", date(2026, 5, 1))
    _consent(withdrawing, "express", date(2025, 1, 1), withdrawn=date(2025, 6, 1))
    both = make_interaction([cpe])
    both.contacts = [kept, other]
    db.session.commit()
    kept_id, other_id, token = kept.id, other.id, other.unsubscribe_token
    merge = merge_contacts(actor, kept, other)
    db.session.commit()

    survivor = fresh(Contact, kept_id)
    assert fresh(Contact, other_id) is None
    assert survivor.consent_withdrawn_on == date(2025, 6, 1)
    assert survivor.email == "lea@cpe.org" and survivor.phone == "514-555-0101"
    events = db.session.scalars(select(ConsentEvent.kind).where(
        ConsentEvent.contact_id == kept_id)).all()  # fmt: skip
    assert sorted(events) == ["express", "express", "withdrawn"]
    assert links(interaction_contact, "contact_id", kept_id) == {both.id}
    # The removed contact's unsubscribe link still reaches the person.
    assert contact_by_token(token).id == kept_id
    undo_merge(actor, fresh(Merge, merge.id))
    db.session.commit()
    back = fresh(Contact, other_id)
    assert back.email == "lea.roy@cpe.org" and back.unsubscribe_token == token
    assert contact_by_token(token).id == other_id
    assert fresh(Contact, kept_id).email == "lea@cpe.org"
    assert links(interaction_contact, "contact_id", other_id) == {both.id}
    returned = select(ConsentEvent).where(ConsentEvent.contact_id == other_id)
    assert len(db.session.scalars(returned).all()) == (2 if withdrawn_side == "other" else 1)


def test_contact_merge_latest_withdrawal_and_stronger_consent(app, make_user, make_contact):
    actor = make_user("coordinator")
    a, b = make_contact(first_name="A"), make_contact(first_name="A")
    _consent(a, "express", date(2024, 1, 1), withdrawn=date(2024, 2, 1))
    _consent(b, "express", date(2024, 1, 1), withdrawn=date(2025, 3, 1))
    merge_contacts(actor, a, b)
    db.session.commit()
    assert fresh(Contact, a.id).consent_withdrawn_on == date(2025, 3, 1)
    c, d = make_contact(first_name="C"), make_contact(first_name="C", email="c@x.org")
    _consent(c, "implied", clock.today())
    _consent(d, "express", date(2020, 1, 1))
    c_id = c.id
    merge_contacts(actor, c, d)
    db.session.commit()
    survivor = fresh(Contact, c_id)
    assert survivor.newsletter_consent == "express" and survivor.email == "c@x.org"


def test_an_unsubscribe_after_the_merge_withdraws_the_survivor(app, client, make_user,
                                                                make_contact):  # fmt: skip
    actor = make_user("coordinator")
    a, b = make_contact(first_name="A"), make_contact(first_name="A")
    _consent(a, "express", date(2026, 1, 1))
    token, a_id = b.unsubscribe_token, a.id
    merge = merge_contacts(actor, a, b)
    db.session.commit()
    from models.operations.consent import withdraw_by_token

    withdraw_by_token(token)
    db.session.commit()
    assert fresh(Contact, a_id).consent_withdrawn_on == clock.today()
    with pytest.raises(MergeRefused):  # the survivor changed since
        undo_merge(actor, fresh(Merge, merge.id))


def test_restored_ids_are_not_handed_out_again(app, make_user, make_stakeholder):
    actor = make_user("coordinator")
    one, two = make_stakeholder("CPE A", region="06"), make_stakeholder("CPE A", region="06")
    two_id = two.id
    merge = merge_stakeholders(actor, one, two)
    db.session.commit()
    undo_merge(actor, merge)
    db.session.commit()
    newer = make_stakeholder("CPE B", region="06")
    assert newer.id > two_id
    if db.engine.dialect.name == "postgresql":
        last = db.session.scalar(text("SELECT last_value FROM stakeholder_id_seq"))
        assert last >= two_id


# --- the screens ---------------------------------------------------------------------


def test_merge_screen_shows_both_and_what_moves(app, client, login, pair):
    login("coordinator")
    kept, other = pair["kept"], pair["other"]
    page = client.get(f"/duplicates/stakeholders/merge?keep={kept.id}&other={other.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "514-555-0101" in html and "514-555-0199" in html
    assert re.search(r"2 contacts, 2 interactions, 2 engagements dont 1 fusionné, 3 liens", html)
    assert f"keep={other.id}&amp;other={kept.id}" in html  # keep the other one instead
    assert 'name="pick-phone" value="other"' in html
    assert 'name="pick-name"' in html and 'name="pick-kind"' not in html  # same kind


def test_merge_screen_tells_two_places_apart_by_their_level(client, login, make_stakeholder):
    """A local and a regional record of one region: the place choice reads the level, or
    its two sides would read alike."""
    login("coordinator")
    local = make_stakeholder("Table petite enfance Laval", region="13")
    regional = make_stakeholder("Table petite enfance de Laval", region="13", level="regional")
    page = client.get(f"/duplicates/stakeholders/merge?keep={local.id}&other={regional.id}")
    html = page.get_data(as_text=True)
    assert 'name="pick-place" value="other"' in html
    assert re.search(r"Local, [^<]*Laval", html) and re.search(r"Régional, [^<]*Laval", html)


def test_merge_through_the_screen_then_undo(app, client, login, pair):
    login("coordinator")
    kept, other = pair["kept"], pair["other"]
    kept_id, other_id = kept.id, other.id
    form = {"keep": kept_id, "other": other_id, "keep_version": kept.version,
            "other_version": other.version, "pick-phone": "other"}  # fmt: skip
    response = client.post("/duplicates/stakeholders/merge", data=form)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/stakeholders/{kept_id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "514-555-0199" in page and "Léa" in page and "Annuler la fusion" in page
    merge_id = db.session.scalar(select(Merge.id))
    listing = client.get("/duplicates/merges").get_data(as_text=True)
    assert "CPE Les Bouts d&#39;Chou inc." in listing and "Annuler la fusion" in listing
    response = client.post(f"/duplicates/merges/{merge_id}/undo")
    assert response.status_code == 302
    assert fresh(Stakeholder, other_id) is not None
    assert "Fusion annulée" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_stale_screen_is_refused(app, client, login, make_user, make_stakeholder):
    login("coordinator")
    one, two = make_stakeholder("CPE A", region="06"), make_stakeholder("CPE A.", region="06")
    seen = two.version
    update_stakeholder(make_user("coordinator", name="Judith Roy"), two, {"phone": "514-555-0123"})
    db.session.commit()
    form = {"keep": one.id, "other": two.id, "keep_version": one.version, "other_version": seen}
    response = client.post("/duplicates/stakeholders/merge", data=form)
    assert response.status_code == 409
    assert "Judith Roy" in response.get_data(as_text=True)
    assert fresh(Stakeholder, two.id) is not None


def test_screens_answer_by_role_and_scope(app, client, login, make_stakeholder, make_contact):
    one, two = make_stakeholder("CPE A", region="06"), make_stakeholder("CPE A", region="06")
    url = f"/duplicates/stakeholders/merge?keep={one.id}&other={two.id}"
    login("board")
    assert client.get(url).status_code == 403
    assert client.get("/duplicates/merges").status_code == 403
    login("regional_lead", regions=["03"])
    assert client.get(url).status_code == 404  # out of scope: as if missing
    login("admin")
    assert client.get(url).status_code == 200
    lea, lea2 = make_contact(one, first_name="Léa"), make_contact(two, first_name="Léa")
    query = f"merge?keep={lea.id}&other={lea2.id}"
    assert client.get(f"/duplicates/contacts/{query}").status_code == 200
    assert client.get(f"/duplicates/people/{query}").status_code == 404


# --- the command line ----------------------------------------------------------------


def test_cli_merges_and_prints_the_survivor(app, runner, make_user, make_stakeholder):
    coordinator = make_user("coordinator")
    one, two = make_stakeholder("CPE A", region="06"), make_stakeholder("CPE A", region="06")
    one_id, two_id = one.id, two.id
    result = runner.invoke(args=["merge", "stakeholders", str(one_id), str(two_id),
                                 "--as", coordinator.email])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(one_id)
    assert fresh(Stakeholder, two_id) is None
    assert db.session.scalar(select(Merge.user_id)) == coordinator.id
    refused = runner.invoke(args=["merge", "stakeholders", str(one_id), str(one_id)])
    assert refused.exit_code == 1 and "elle-même" in refused.output
    lead = make_user("regional_lead", regions=["06"])
    three = make_stakeholder("CPE A", region="06")
    refused = runner.invoke(args=["merge", "stakeholders", str(one_id), str(three.id),
                                  "--as", lead.email])  # fmt: skip
    assert refused.exit_code == 1
    missing = runner.invoke(args=["merge", "contacts", "999999", "1"])
    assert missing.exit_code == 1 and "999999" in missing.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 2


def test_anonymizing_the_survivor_erases_the_merge_s_before_images(app, make_user, make_contact):
    from models.operations.privacy import anonymize_contact

    admin = make_user("admin")
    a = make_contact(first_name="Léa", last_name="Roy", email="lea@cpe.org")
    b = make_contact(first_name="Léa", last_name="Roy", email="lea.roy@cpe.org")
    merge = merge_contacts(admin, a, b)
    db.session.commit()
    anonymize_contact(admin, fresh(Contact, a.id))
    db.session.commit()
    kept = fresh(Merge, merge.id)
    assert "lea.roy@cpe.org" not in str(kept.before) and "Roy" not in str(kept.before)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "merge"))
    assert "lea.roy@cpe.org" not in str(event.before)
    with pytest.raises(MergeRefused):
        undo_merge(admin, kept)


def test_the_audit_log_reads_a_merge(app, client, login, pair):
    admin = login("admin")
    merge_stakeholders(admin, pair["kept"], pair["other"], {"phone": "other"})
    db.session.commit()
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Fusion de doublons" in page
    assert "Valeurs prises de la fiche supprimée" in page and "Téléphone" in page
    assert "CPE Les Bouts d&#39;Chou inc." in page and "search_text" not in page


def test_the_place_is_taken_whole_from_the_record_picked(app, make_user, make_stakeholder):
    actor = make_user("coordinator")
    from models.municipality import directory

    roberval = next(p for p in directory().municipalities("Roberval") if p.name == "Roberval")
    kept = make_stakeholder("CPE Soleil", region="06", locality="Verdun")
    other = make_stakeholder("CPE Soleil", region="02", municipality_code=roberval.code,
                             locality="Roberval", mrc_code=roberval.mrc_code)  # fmt: skip
    kept_id = kept.id
    merge_stakeholders(actor, kept, other, {"place": "other"})
    db.session.commit()
    survivor = fresh(Stakeholder, kept_id)
    assert (survivor.region_code, survivor.municipality_code, survivor.mrc_code) == (
        "02", roberval.code, roberval.mrc_code)  # fmt: skip
    assert survivor.locality == "Roberval"
