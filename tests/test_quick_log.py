"""The quick log through the test client: what its type-aheads offer, in which order, to
whom; what it refuses and says; where it goes once saved (issue 12)."""

import re
from datetime import timedelta

from sqlalchemy import select

from models import Interaction, clock, db


def offered(client, url: str) -> list[str]:
    """Return the labels a type-ahead offers, in its order."""
    response = client.get(url)
    assert response.status_code == 200
    return [r["label"] for r in response.get_json()["results"]]


def lead_of_06_looks_up(client, login, url: str) -> tuple[list[str], dict]:
    """Sign in a lead of region 06 (what was made is committed first) and return the
    labels a type-ahead offers them, and its whole answer."""
    db.session.commit()
    login("regional_lead", regions=["06"])
    response = client.get(url).get_json()
    return [result["label"] for result in response["results"]], response


def test_a_lead_is_offered_only_the_stakeholders_they_may_log_for(client, login, make_stakeholder):
    make_stakeholder("CPE Montréal-Nord", region="06")
    make_stakeholder("CPE Laval", region="13")
    make_stakeholder("CPE national des familles", region=None, sector="philanthropy")
    login("regional_lead", regions=["06"])
    names = offered(client, "/stakeholders/lookup?q=cpe&engage=1")
    assert names == ["CPE Montréal-Nord (06)"]
    # The national one is still seen (read-only) by the lead everywhere else.
    seen = offered(client, "/stakeholders/lookup?q=cpe")
    assert sorted(seen) == ["CPE Montréal-Nord (06)", "CPE national des familles (national)"]
    # The quick log asks for those the user may log for.
    page = client.get("/interactions/new").get_data(as_text=True)
    assert 'data-lookup="/stakeholders/lookup?engage=1"' in page


def test_a_coordinator_is_offered_the_national_stakeholders_too(client, login, make_stakeholder):
    make_stakeholder("CPE Laval", region="13")
    make_stakeholder("CPE national des familles", region=None, sector="philanthropy")
    login("coordinator")
    assert len(offered(client, "/stakeholders/lookup?q=cpe&engage=1")) == 2


def test_a_board_member_is_offered_no_stakeholder_to_log_for(client, login, make_stakeholder):
    make_stakeholder("CPE Laval", region="13")
    login("board")
    assert offered(client, "/stakeholders/lookup?q=cpe&engage=1") == []


def test_contacts_are_found_whatever_the_accents_and_case(
    client, login, make_stakeholder, make_contact
):
    soleil = make_stakeholder("CPE Soleil", region="06")
    make_contact(soleil, first_name="Émilie", last_name="Gagné")
    make_contact(soleil, first_name="Louis", last_name="Roy")
    login("coordinator")
    for typed in ("émilie", "Emilie", "EMILIE", "gagne", "Gagné", "emilie gagne"):
        assert offered(client, f"/contacts/lookup?q={typed}") == ["Émilie Gagné (CPE Soleil)"]


def test_the_contacts_of_the_chosen_stakeholders_come_first(
    client, login, make_stakeholder, make_contact
):
    soleil = make_stakeholder("CPE Soleil", region="06")
    ville = make_stakeholder("Ville de Montréal", region="06", sector="municipal")
    other = make_stakeholder("CPE Tremblant", region="15")
    make_contact(soleil, first_name="Zoé", last_name="Tremblay")
    make_contact(ville, first_name="Yves", last_name="Tremblay")
    make_contact(other, first_name="Anne", last_name="Tremblay")
    make_contact(other, first_name="Bruno", last_name="Côté")
    login("coordinator")
    chosen = f"stakeholder={soleil.id}&stakeholder={ville.id}"
    # On focus, nothing typed: the contacts of the chosen stakeholders, all of them.
    response = client.get(f"/contacts/lookup?{chosen}").get_json()
    assert sorted(r["label"] for r in response["results"]) == [
        "Yves Tremblay (Ville de Montréal)",
        "Zoé Tremblay (CPE Soleil)",
    ]
    assert response["status"] == "2 résultats"
    # Typed: theirs first, then the others whose name holds the words; a contact found
    # only by its stakeholder's name ("Tremblant") comes after those named so.
    names = offered(client, f"/contacts/lookup?q=trembl&{chosen}")
    assert names[:2] == ["Yves Tremblay (Ville de Montréal)", "Zoé Tremblay (CPE Soleil)"]
    assert names[2:] == ["Anne Tremblay (CPE Tremblant)", "Bruno Côté (CPE Tremblant)"]
    # A contact already chosen is neither offered nor counted again.
    zoe = next(r["id"] for r in response["results"] if r["label"].startswith("Zoé"))
    again = client.get(f"/contacts/lookup?{chosen}&not={zoe}").get_json()
    assert [r["label"] for r in again["results"]] == ["Yves Tremblay (Ville de Montréal)"]
    assert again["status"] == "1 résultat"
    # Without stakeholders chosen, nothing is offered before two letters.
    assert offered(client, "/contacts/lookup?q=t") == []


def test_a_forged_post_for_a_national_stakeholder_is_refused_by_name(
    client, login, make_stakeholder
):
    mine = make_stakeholder("CPE Montréal-Nord", region="06")
    national = make_stakeholder("Réseau national des CPE", region=None, sector="philanthropy")
    login("regional_lead", regions=["06"])
    page = client.post(
        "/interactions/new",
        data={
            "occurred_on": "2026-11-20",
            "kind": "meeting",
            "stakeholder_ids": [mine.id, national.id],
        },
    ).get_data(as_text=True)
    assert (
        "Vous ne pouvez pas consigner d’interaction pour «\u00a0Réseau national des CPE\u00a0»"
        "\u00a0: les acteurs nationaux sont en lecture seule pour les responsables régionaux."
    ) in page
    assert db.session.scalar(select(Interaction)) is None


def test_a_past_follow_up_is_saved_only_once_confirmed(client, login, make_stakeholder):
    soleil = make_stakeholder("CPE Soleil", region="06")
    login("coordinator")
    past = (clock.today() - timedelta(days=3)).isoformat()
    data = {"occurred_on": clock.today().isoformat(), "kind": "call",
            "stakeholder_ids": [soleil.id], "follow_up_on": past}  # fmt: skip
    response = client.post("/interactions/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and db.session.scalar(select(Interaction)) is None
    assert "Cette date est passée." in page
    assert 'name="past_follow_up"' in page and "Oui, cette date est passée" in page
    # The field says it is invalid, and which text says why.
    field = re.search(r"<input[^>]*id=\"follow_up_on\"[^>]*>", page).group(0)
    assert 'aria-invalid="true"' in field and 'aria-describedby="follow_up_on-error"' in field
    assert re.search(r'id="follow_up_on-error">\s*Cette date est passée', page)
    response = client.post("/interactions/new", data={**data, "past_follow_up": "y"})
    assert response.status_code == 302
    assert db.session.scalar(select(Interaction)).follow_up_on.isoformat() == past


def test_a_past_follow_up_kept_from_before_asks_nothing(
    client, login, make_stakeholder, make_interaction
):
    soleil = make_stakeholder("CPE Soleil", region="06")
    before = clock.today() - timedelta(days=10)
    interaction = make_interaction([soleil], follow_up_on=before)
    login("coordinator")
    form = client.get(f"/interactions/{interaction.id}/edit").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', form).group(1)
    response = client.post(
        f"/interactions/{interaction.id}/edit",
        data={
            "occurred_on": "2026-03-14",
            "kind": "meeting",
            "version": version,
            "stakeholder_ids": [soleil.id],
            "follow_up_on": before.isoformat(),
            "summary": "Résumé ajouté",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Interaction, interaction.id).summary == "Résumé ajouté"


def test_save_and_log_another_opens_a_fresh_form_naming_what_was_saved(
    client, login, make_stakeholder
):
    soleil = make_stakeholder("CPE Soleil", region="06")
    login("coordinator")
    response = client.post(
        f"/interactions/new?stakeholder={soleil.id}",
        data={
            "occurred_on": "2026-11-20",
            "kind": "call",
            "stakeholder_ids": [soleil.id],
            "another": "1",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/interactions/new?stakeholder={soleil.id}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Interaction consignée\u00a0: appel du 20 nov. 2026 avec CPE Soleil." in page
    assert "Enregistrer et consigner une autre" in page
    assert db.session.scalar(select(Interaction)).kind == "call"


def test_a_log_started_from_a_stakeholder_goes_back_to_it(client, login, make_stakeholder):
    soleil = make_stakeholder("CPE Soleil", region="06")
    login("coordinator")
    form = client.get(f"/interactions/new?stakeholder={soleil.id}").get_data(as_text=True)
    assert f'<option selected value="{soleil.id}">CPE Soleil</option>' in form
    assert "Retour à CPE Soleil" in form
    response = client.post(
        f"/interactions/new?stakeholder={soleil.id}",
        data={"occurred_on": "2026-11-20", "kind": "call", "stakeholder_ids": [soleil.id]},
    )
    assert response.headers["Location"] == f"/stakeholders/{soleil.id}"


def test_the_measures_are_grouped_by_theme(client, login):
    login("coordinator")
    page = client.get("/interactions/new").get_data(as_text=True)
    legends = re.findall(r'<legend class="small fw-semibold mb-1">([^<]+)</legend>', page)
    assert legends == ["Les tout-petits", "Les familles", "Les conditions de vie", "Agir ensemble"]
    housing = page.index("Accès à un logement abordable")
    assert page.index("Les conditions de vie") < housing < page.index("Agir ensemble")


def test_names_starting_with_the_letters_come_first_then_a_word_then_anywhere(
    client, login, make_stakeholder
):
    make_stakeholder("Marché solidaire", region="06")  # "arc" inside a word
    make_stakeholder("Centre Arcade", region="06")  # a word starting with "arc"
    make_stakeholder("Arc-en-ciel de Laval", region="13")  # the name starting with it
    make_stakeholder("CPE Parcours", region="06")  # inside a word, too
    login("coordinator")
    assert offered(client, "/stakeholders/lookup?q=arc&engage=1") == [
        "Arc-en-ciel de Laval (13)",
        "Centre Arcade (06)",
        "CPE Parcours (06)",
        "Marché solidaire (06)",
    ]


def test_the_ranking_folds_accents_and_case(client, login, make_stakeholder):
    make_stakeholder("Préécole Les Lutins", region="06")
    make_stakeholder("CPE L'École des Amis", region="06")
    make_stakeholder("École Saint-Jean", region="06")
    login("coordinator")
    for typed in ("école", "ecole", "ECOLE", "Écol"):
        assert offered(client, f"/stakeholders/lookup?q={typed}&engage=1") == [
            "École Saint-Jean (06)",
            "CPE L'École des Amis (06)",
            "Préécole Les Lutins (06)",
        ], typed


def test_a_name_starting_with_the_letters_comes_first_among_thousands_of_matches(
    client, login, make_stakeholder
):
    """More matches than the type-ahead reads in name order, all before it alphabetically:
    the name starting with what was typed is read through its own index, and comes first."""
    for n in range(55):
        make_stakeholder(f"Centre Zoo {n:02d}", region="06")
    make_stakeholder("Zoo de Granby", region="05")
    login("coordinator")
    response = client.get("/stakeholders/lookup?q=zoo&engage=1").get_json()
    assert response["results"][0]["label"] == "Zoo de Granby (05)"
    assert response["count"] == 51 and len(response["results"]) == 10
    assert response["status"] == "Plus de 50 résultats\u00a0: tapez quelques lettres de plus."


def test_names_read_through_their_index_still_hold_what_was_typed_and_are_in_scope(
    client, login, make_stakeholder
):
    """The names starting with what was typed are tested one by one against the search
    index (`models.search.matches`, `each_row`): a name whose letters only run on across
    a space ("Zo Olympe": its key starts with "zoo"), an archived one and one outside a
    lead's regions are still not offered."""
    for n in range(55):
        make_stakeholder(f"Centre Zoo {n:02d}", region="06")
    make_stakeholder("Zoo de Granby", region="06")
    make_stakeholder("Zo Olympe", region="06")
    make_stakeholder("Zoo de Québec", region="03")
    make_stakeholder("Zoo fermé", region="06").archived = True
    labels, response = lead_of_06_looks_up(client, login, "/stakeholders/lookup?q=zoo&engage=1")
    assert labels[0] == "Zoo de Granby (06)"
    assert not {"Zo Olympe (06)", "Zoo de Québec (03)", "Zoo fermé (06)"} & set(labels)
    assert response["count"] == 51 and len(labels) == 10


def test_among_equals_the_stakeholders_logged_with_lately_come_first(
    client, login, make_stakeholder, make_interaction
):
    alpha = make_stakeholder("CPE Alpha", region="06")
    beta = make_stakeholder("CPE Bêta", region="06")
    gamma = make_stakeholder("CPE Gamma", region="06")
    user = login("coordinator")
    make_interaction([gamma], logged_by=user, occurred_on=clock.today() - timedelta(days=5))
    # Long ago, or by someone else: no tie-break.
    make_interaction([alpha], logged_by=user, occurred_on=clock.today() - timedelta(days=400))
    make_interaction([beta], occurred_on=clock.today())
    assert offered(client, "/stakeholders/lookup?q=cpe&engage=1") == [
        "CPE Gamma (06)",
        "CPE Alpha (06)",
        "CPE Bêta (06)",
    ]
    # A better rank still wins over a recent log.
    assert offered(client, "/stakeholders/lookup?q=alpha&engage=1")[0] == "CPE Alpha (06)"


def test_past_fifty_contacts_the_ones_offered_are_in_scope_and_in_name_order(
    client, login, make_stakeholder, make_contact
):
    """Past fifty matching contacts, the type-ahead ranks the first fifty its search index
    finds (in name order, the first fifty « Gagnon » came after every A to F): those
    shown are still the lead's, by last name then first name, with their stakeholder."""
    ours = make_stakeholder("CPE Les Lucioles", region="06")
    theirs = make_stakeholder("CPE Laval", region="13")
    for n in reversed(range(60)):  # written in reverse: the ids' order is not the names'
        make_contact(ours, first_name=f"Aline {n:02d}", last_name="Gagnon")
    for n in range(20):
        make_contact(theirs, first_name=f"Aline {n:02d}", last_name="Gagnon")
    labels, response = lead_of_06_looks_up(client, login, "/contacts/lookup?q=gagnon")
    assert len(labels) == 10 and labels == sorted(labels)
    assert all(re.fullmatch(r"Aline \d\d Gagnon \(CPE Les Lucioles\)", label) for label in labels)
    assert response["count"] == 51


def test_one_letter_filters_the_contacts_of_the_chosen_stakeholders(
    client, login, make_stakeholder, make_contact
):
    soleil = make_stakeholder("CPE Soleil", region="06")
    other = make_stakeholder("CPE Tremblant", region="15")
    make_contact(soleil, first_name="Yves", last_name="Tremblay")
    make_contact(soleil, first_name="Louis", last_name="Roy")
    make_contact(soleil, first_name="Anne", last_name="Côté")
    make_contact(other, first_name="Yvon", last_name="Côté")
    login("coordinator")
    # Those of the chosen stakeholder holding the letter, the name starting with it first;
    # no one else's.
    assert offered(client, f"/contacts/lookup?q=y&stakeholder={soleil.id}") == [
        "Yves Tremblay (CPE Soleil)",
        "Louis Roy (CPE Soleil)",
    ]


def test_past_fifty_matches_the_type_ahead_asks_for_more_letters(client, login, make_stakeholder):
    """Counting every match of two letters among thousands costs more than the rest: past
    the fifty it reads, the type-ahead says so and asks for more letters, in the user's
    language; below, it says how many."""
    for n in range(120):
        make_stakeholder(f"Centre Zoo {n:03d}", region="06")
    login("coordinator")
    response = client.get("/stakeholders/lookup?q=zoo&engage=1").get_json()
    assert response["count"] == 51 and len(response["results"]) == 10
    assert response["status"] == "Plus de 50 résultats\u00a0: tapez quelques lettres de plus."
    response = client.get("/stakeholders/lookup?q=zoo 11&engage=1").get_json()
    assert response["count"] == 11 and len(response["results"]) == 10
    assert response["status"] == "11 résultats (les 10 premiers affichés)"


def test_past_fifty_matches_the_names_offered_are_in_scope_and_in_name_order(
    client, login, make_stakeholder
):
    """Past fifty matches, the type-ahead ranks the first fifty its search index finds
    (not the first fifty names: a walk of thousands). What the lead sees stays the same:
    the name starting with what was typed first, then names in alphabetical order, all of
    their region, none archived."""
    for n in reversed(range(60)):  # written in reverse: the ids' order is not the names'
        make_stakeholder(f"Maison du centre {n:02d}", region="06")
    for n in range(20):
        make_stakeholder(f"Maison du centre {n:02d} de Laval", region="13")
    make_stakeholder("Centre Alpha", region="06")
    make_stakeholder("Centre Abénakis", region="06").archived = True
    url = "/stakeholders/lookup?q=centre&engage=1"
    labels, response = lead_of_06_looks_up(client, login, url)
    assert labels[0] == "Centre Alpha (06)"
    assert len(labels) == 10 and labels[1:] == sorted(labels[1:])
    assert all(re.fullmatch(r"Maison du centre \d\d \(06\)", label) for label in labels[1:])
    assert response["count"] == 51
    assert response["status"] == "Plus de 50 résultats\u00a0: tapez quelques lettres de plus."
