"""The duplicate finder (issue 16): names folded by rule, pairs scored and blocked, "not a
duplicate" remembered, the review page and `maillage duplicates`, in each user's scope."""

import json

import pytest
from sqlalchemy import select

from models import AuditEvent, db
from models.duplicate import NotDuplicate
from models.duplicate_finder import find_pairs
from models.normalize import organization_key


def pairs_of(kind="stakeholders", user=None):
    """Return the pairs found, as {(a, b): pair}."""
    return {(p.a, p.b): p for p in find_pairs(user, kind)}


def ids(one, other):
    return tuple(sorted((one.id, other.id)))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("CPE Les Bouts d'chou", "Centre de la petite enfance Bouts-d'Chou inc."),
        ("Les Entreprises Gagnon ltée", "entreprises GAGNON"),
        ("Maison de la famille S.E.N.C.", "Maison de la Famille enr."),
        ("Ville de Saint-Jérôme", "Municipalité de St-Jérôme"),
        ("Café-rencontre L'Élan OBNL", "Cafe rencontre l elan"),
    ],
)
def test_legal_words_forms_and_accents_fold_alike(one, other):
    assert organization_key(one) == organization_key(other)


def test_an_mrc_is_not_its_town():
    assert organization_key("MRC de la Matanie") == "mrc matanie"
    assert organization_key("Ville de Matane") == "matane"


def test_true_duplicates_are_found_with_their_reasons(make_stakeholder):
    cpe = make_stakeholder("CPE Les Bouts d'chou", region="05")
    long = make_stakeholder("Centre de la petite enfance Bouts-d'Chou inc.", region="05")
    accents = make_stakeholder("École Sainte-Thérèse", region="05")
    plain = make_stakeholder("ecole sainte therese", region="05")
    found = pairs_of()
    assert found[ids(cpe, long)].score == 100
    assert ("similar_name", 100) in found[ids(cpe, long)].reasons
    assert ("same_region", "05") in found[ids(cpe, long)].reasons
    assert ids(accents, plain) in found
    assert len(found) == 2


def test_same_phone_lifts_names_spaced_otherwise(make_stakeholder):
    one = make_stakeholder("Maison des Familles du Granit", region="05", phone="819-555-0101")
    other = make_stakeholder("MaisondesFamilles Granit", region="05", phone="(819) 555-0101")
    pair = pairs_of()[ids(one, other)]
    assert ("same_phone", "819-555-0101") in pair.reasons
    assert pair.score >= 95


def test_look_alikes_are_not_proposed(make_stakeholder):
    make_stakeholder("CPE Les Petits Soleils", region="05")
    make_stakeholder("CPE Les Petits Soleils", region="16")  # another region, nothing shared
    make_stakeholder("CPE Les Petits Lutins", region="05")  # one region, other words
    make_stakeholder("École 2", region="05")
    make_stakeholder("École 3", region="05")
    assert pairs_of() == {}


def test_blocks_cross_regions_on_a_shared_domain_not_on_webmail(make_stakeholder):
    one = make_stakeholder("CPE Les Petits Soleils", region="05", email="info@cpe-soleils.ca")
    other = make_stakeholder("CPE Petits Soleils", region="16", email="dg@cpe-soleils.ca")
    make_stakeholder("Garderie Arc-en-ciel", region="05", email="arc@gmail.com")
    make_stakeholder("Garderie Arc-en-ciel", region="16", email="ciel@gmail.com")
    found = pairs_of()
    assert list(found) == [ids(one, other)]
    assert ("same_email_domain", "cpe-soleils.ca") in found[ids(one, other)].reasons
    assert not any(code == "same_region" for code, _ in found[ids(one, other)].reasons)


def test_a_name_plus_a_town_needs_evidence(make_stakeholder):
    make_stakeholder("Maison de la famille Soleil", region="05")
    make_stakeholder("Maison de la famille Soleil de Magog", region="05")
    assert pairs_of() == {}
    one = make_stakeholder("Maison des jeunes Azimut", region="05", phone="819-555-0111")
    other = make_stakeholder("Maison des jeunes Azimut de Magog", region="05", phone="819-555-0111")
    assert list(pairs_of()) == [ids(one, other)]


def test_archived_stakeholders_are_left_out(make_stakeholder):
    make_stakeholder("CPE Soleil Levant", region="05")
    make_stakeholder("CPE Soleil-Levant", region="05", archived=True)
    assert pairs_of() == {}


def test_contacts_at_one_stakeholder_or_sharing_a_phone(make_stakeholder, make_contact):
    cpe, other_cpe = make_stakeholder("CPE Soleil", region="05"), make_stakeholder("CPE Lune")
    marie = make_contact(cpe, first_name="Marie-Ève", last_name="Tremblay")
    eve = make_contact(cpe, first_name="Marie Eve", last_name="Tremblay")
    # Homonyms at two stakeholders with nothing else shared are two people.
    make_contact(other_cpe, first_name="Marie-Ève", last_name="Tremblay")
    # The same person twice, at two stakeholders, found by the phone.
    jean = make_contact(cpe, first_name="Jean-François", last_name="Côté", phone="819-555-0123")
    francois = make_contact(other_cpe, first_name="Jean Francois", last_name="Cote",
                            phone="819 555 0123")  # fmt: skip
    # Colleagues sharing the switchboard are not.
    make_contact(cpe, first_name="Luc", last_name="Gagnon", phone="819-555-0199")
    make_contact(cpe, first_name="Anne", last_name="Roy", phone="819-555-0199")
    found = pairs_of("contacts")
    assert set(found) == {ids(marie, eve), ids(jean, francois)}
    assert ("same_stakeholder", cpe.id) in found[ids(marie, eve)].reasons
    assert ("same_phone", "819-555-0123") in found[ids(jean, francois)].reasons


def test_a_lead_sees_only_pairs_in_their_scope(make_stakeholder, make_user):
    mine = [make_stakeholder("CPE Bouts d'chou", region="06") for _ in range(2)]
    make_stakeholder("CPE Les Lucioles", region="05")
    make_stakeholder("CPE Les Lucioles inc.", region="05")
    lead = make_user("regional_lead", regions=["06"])
    assert list(pairs_of(user=lead)) == [ids(*mine)]
    assert len(pairs_of()) == 2


def test_the_page_shows_pairs_in_words_and_not_a_duplicate_removes_one(
    client, login, make_stakeholder
):
    one = make_stakeholder("CPE Les Bouts d'chou", region="05", phone="819-555-0101")
    other = make_stakeholder("Centre de la petite enfance Bouts-d'Chou inc.", region="05",
                             phone="819-555-0101")  # fmt: skip
    user = login("coordinator")
    page = client.get("/duplicates/stakeholders").get_data(as_text=True)
    assert "Doublons possibles d’acteurs" in page
    assert "Noms semblables (100\u00a0%)" in page
    assert "Même téléphone\u00a0: 819-555-0101" in page
    assert "Même région\u00a0: Estrie" in page
    assert "Pas un doublon" in page
    listed = client.get("/stakeholders/").get_data(as_text=True)
    assert 'href="/duplicates/stakeholders"' in listed

    url = f"/duplicates/stakeholders/{other.id}/{one.id}/not-duplicate"
    response = client.post(url, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "sont marqués comme deux fiches distinctes" in page
    assert "Aucun doublon probable." in page
    mark = db.session.scalar(select(NotDuplicate))
    assert (mark.kind, mark.low_id, mark.high_id, mark.user_id) == (
        "stakeholders", one.id, other.id, user.id
    )  # fmt: skip
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "not_duplicate"))
    assert event.after["low_id"] == one.id and event.actor_id == user.id


def test_leads_and_board_read_without_acting(client, login, make_stakeholder):
    make_stakeholder("CPE Bouts d'chou", region="06")
    make_stakeholder("CPE Les Bouts-d'Chou", region="06")
    for role in ("regional_lead", "board"):
        login(role, regions=["06"] if role == "regional_lead" else ())
        page = client.get("/duplicates/stakeholders").get_data(as_text=True)
        assert "CPE Bouts d&#39;chou" in page
        assert "Pas un doublon" not in page
        assert 'href="/duplicates/stakeholders"' not in client.get("/stakeholders/").get_data(
            as_text=True
        )


def test_the_page_is_paged_best_first(client, login, make_stakeholder):
    for n in range(30):
        make_stakeholder(f"Organisme Alpha{n:02d}x Bravo", region="05")
        make_stakeholder(f"Organisme Alpha{n:02d}x Bravo inc.", region="05")
    make_stakeholder("Maison Charlie Delta", region="05", phone="819-555-0150")
    make_stakeholder("Maison Charlie Delta de Magog", region="05", phone="819-555-0150")
    login("coordinator")
    first = client.get("/duplicates/stakeholders").get_data(as_text=True)
    assert ">31<" in first  # the count of pairs
    assert first.count("Pas un doublon") == 25
    assert "Maison Charlie Delta" not in first  # 90: after the thirty of 100
    second = client.get("/duplicates/stakeholders?page=2").get_data(as_text=True)
    assert second.count("Pas un doublon") == 6
    assert "Maison Charlie Delta de Magog" in second


def test_empty_state_says_what_the_finder_looks_at(client, login):
    login("coordinator")
    page = client.get("/duplicates/contacts").get_data(as_text=True)
    assert "Aucun doublon probable." in page
    assert "partagent un numéro de téléphone" in page


def test_the_cli_prints_the_json_of_the_spec_and_leaves_marked_pairs_out(
    app, runner, make_stakeholder, make_user
):
    one = make_stakeholder("CPE Bouts d'chou", region="05", email="a@cpe-bouts.ca")
    other = make_stakeholder("CPE Les Bouts-d'Chou inc.", region="05", email="b@cpe-bouts.ca")
    result = runner.invoke(args=["duplicates", "stakeholders", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "kind": "stakeholders",
        "pairs": [
            {
                "a": one.id,
                "b": other.id,
                "score": 100,
                "reasons": [["similar_name", 100], ["same_region", "05"],
                            ["same_email_domain", "cpe-bouts.ca"]],
            }
        ],
    }  # fmt: skip
    text = runner.invoke(args=["duplicates", "stakeholders"]).output
    assert f"100  CPE Bouts d'chou (ID {one.id})" in text
    assert "Même domaine de courriel\u00a0: cpe-bouts.ca" in text and "1 paire" in text
    lead = make_user("regional_lead", regions=["06"])
    result = runner.invoke(args=["duplicates", "stakeholders", "--json", "--as", lead.email])
    assert json.loads(result.output)["pairs"] == []
    db.session.add(NotDuplicate(kind="stakeholders", low_id=one.id, high_id=other.id))
    db.session.commit()
    result = runner.invoke(args=["duplicates", "stakeholders", "--json"])
    assert json.loads(result.output)["pairs"] == []


def test_only_who_may_edit_both_marks_a_pair(client, login, make_stakeholder):
    one = make_stakeholder("CPE Bouts d'chou", region="06")
    other = make_stakeholder("CPE Les Bouts-d'Chou", region="06")
    login("regional_lead", regions=["06"])
    url = f"/duplicates/stakeholders/{one.id}/{other.id}/not-duplicate"
    assert client.post(url).status_code == 403
    assert db.session.scalar(select(NotDuplicate)) is None


def test_a_record_is_no_duplicate_of_itself(client, login, make_stakeholder):
    one = make_stakeholder("CPE Bouts d'chou", region="06")
    login("coordinator")
    url = f"/duplicates/stakeholders/{one.id}/{one.id}/not-duplicate"
    page = client.post(url, follow_redirects=True).get_data(as_text=True)
    assert "Une fiche ne peut pas être le doublon d’elle-même." in page
    assert db.session.scalar(select(NotDuplicate)) is None


def test_the_cli_writes_the_count_of_pairs_as_french_writes_numbers(app):
    from flask_babel import force_locale

    from app.cli.duplicates import _lines
    from models.duplicate_finder import Pair

    pairs = [Pair(a=i, b=i + 1, score=90, reasons=[]) for i in range(1, 1235)]
    with force_locale("fr"):
        last = list(_lines("stakeholders", None, pairs, "fr"))[-1]
    assert last == "1\u202f234 paires"  # not « 1234 paires »
