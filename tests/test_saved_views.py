"""Saved views: saved from a list's "Views" menu, replaced, renamed, shared and deleted;
opened in the opener's scope; on the home page; the newsletter export restricted to one,
on the web and from the CLI."""

import csv
import io
from datetime import date

from sqlalchemy import select

from models import AuditEvent, db
from models.saved_view import SavedView


def save(client, list_name="stakeholders", query="", name="Mes CPE", shared=False):
    """Post the "Save this view" form of a list; return the response (not followed)."""
    data = {"list_name": list_name, "query": query, "name": name}
    if shared:
        data["shared"] = "y"
    return client.post("/views/save", data=data)


def views() -> list[SavedView]:
    db.session.expire_all()
    return list(db.session.scalars(select(SavedView).order_by(SavedView.id)))


def events(action=None) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.entity_type == "saved_view")
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query.order_by(AuditEvent.id)))


def test_a_view_keeps_the_filters_and_sort_never_the_page(client, login, make_stakeholder):
    login("coordinator")
    make_stakeholder("CPE Soleil", region="06")
    response = save(client, query="region=06&sector=childcare&sort=-name&page=3", name=" Mes  CPE ")
    assert response.status_code == 302
    assert "region=06" in response.location and "page" not in response.location
    [view] = views()
    assert (view.name, view.list_name, view.shared) == ("Mes CPE", "stakeholders", False)
    assert view.args == {"region": ["06"], "sector": "childcare", "sort": "-name"}
    page = client.get(response.location).text
    assert "Vue « Mes CPE » enregistrée." in page
    assert "courante" in page  # the menu marks the view the list shows as current
    assert events("create")[0].after["name"] == "Mes CPE"


def test_saving_under_a_name_already_used_replaces_the_view_and_says_so(client, login):
    login("coordinator")
    save(client, query="region=06", name="Montréal")
    response = save(client, query="region=06&level=local", name="Montréal")
    [view] = views()
    assert view.args == {"region": ["06"], "level": "local"}
    assert "La vue « Montréal » a été remplacée par celle-ci." in client.get(response.location).text
    assert [e.action for e in events()] == ["create", "update"]


def test_a_name_is_required_and_at_most_100_characters(client, login):
    login("coordinator")
    too_long = "Le nom d’une vue compte au plus 100 caractères."
    for name, message in (("   ", "Donnez un nom à la vue."), ("x" * 101, too_long)):
        response = save(client, name=name)
        assert message in client.get(response.location).text, name
    assert views() == []


def test_rename_share_and_delete_from_the_views_page(client, login):
    login("coordinator")
    save(client, list_name="contacts", query="newsletter=express", name="Abonnés")
    [view] = views()
    page = client.get("/views/").text
    assert "Abonnés" in page and "personnelle" in page
    client.post(f"/views/{view.id}/rename", data={"name": "Abonnés exprès"})
    client.post(f"/views/{view.id}/share", data={"shared": "1"})
    [view] = views()
    assert (view.name, view.shared) == ("Abonnés exprès", True)
    assert "Vue partagée avec toute l’équipe." in client.get("/views/").text
    save(client, list_name="contacts", name="Autre")
    other = views()[1]
    response = client.post(f"/views/{other.id}/rename", data={"name": "Abonnés exprès"})
    assert (
        "Une vue de cette liste s’appelle déjà « Abonnés exprès »."
        in client.get(response.location).text
    )
    client.post(f"/views/{view.id}/delete")
    assert [v.name for v in views()] == ["Autre"]
    assert [e.action for e in events()] == ["create", "update", "update", "create", "delete"]
    assert events("delete")[0].before["name"] == "Abonnés exprès"


def test_a_deleted_view_comes_back_with_the_undo_of_its_message(client, login):
    """Deleting a view says so with an "Annuler" button, which saves it again as it was:
    same list, name, filters, sort and sharing."""
    import re
    from html import unescape

    login("coordinator")
    save(client, query="region=06&sector=childcare&sort=-updated", name="CPE de Montréal",
         shared=True)  # fmt: skip
    [view] = views()
    kept = (view.list_name, view.name, view.args, view.shared)
    page = client.post(f"/views/{view.id}/delete", follow_redirects=True).text
    assert "Vue «\u202fCPE de Montréal\u202f» supprimée." in page
    assert views() == []
    form = re.search(r'<form method="post" action="/views/save".*?</form>', page, re.S).group(0)
    data = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
    assert set(data) >= {"list_name", "query", "name", "shared"}
    client.post("/views/save", data={k: unescape(v) for k, v in data.items()})
    [back] = views()
    assert (back.list_name, back.name, back.args, back.shared) == kept


def test_another_users_personal_view_is_404_and_a_shared_one_is_read_only(client, login, make_user):
    owner = make_user("coordinator", name="Alex Roy")
    personal = SavedView(user_id=owner.id, list_name="stakeholders", name="À moi", args={})
    shared = SavedView(user_id=owner.id, list_name="stakeholders", name="À tous", args={},
                       shared=True)  # fmt: skip
    db.session.add_all([personal, shared])
    db.session.commit()
    login("board")
    assert client.get(f"/views/{personal.id}").status_code == 404
    assert client.post(f"/views/{personal.id}/delete").status_code == 404
    assert client.get(f"/views/{shared.id}").status_code == 302
    assert client.post(f"/views/{shared.id}/delete").status_code == 403
    assert client.post(f"/views/{shared.id}/rename", data={"name": "Mien"}).status_code == 403
    page = client.get("/stakeholders/").text
    assert "À tous" in page and "partagée par Alex Roy" in page and "À moi" not in page
    login("admin")  # an admin may change (and delete) the shared view of another
    client.post(f"/views/{shared.id}/delete")
    assert [v.name for v in views()] == ["À moi"]


def test_a_shared_view_opens_in_the_openers_scope(client, login, make_user, make_stakeholder):
    make_stakeholder("CPE de Montréal", region="06")
    make_stakeholder("CPE de l’Estrie", region="05")
    owner = make_user("coordinator")
    view = SavedView(user_id=owner.id, list_name="stakeholders", name="Tous les CPE",
                     args={"sector": "childcare"}, shared=True)  # fmt: skip
    db.session.add(view)
    db.session.commit()
    login("regional_lead", regions=["06"])
    page = client.get(f"/views/{view.id}", follow_redirects=True).text
    assert "CPE de Montréal" in page and "CPE de l’Estrie" not in page
    home = client.get("/").text
    assert "Tous les CPE" in home and "1 ligne" in home
    login("coordinator")
    home = client.get("/").text
    assert "Tous les CPE" in home and "2 lignes" in home


def test_a_value_that_no_longer_means_anything_is_left_out_with_the_lists_message(
    client, login, make_stakeholder
):
    make_stakeholder("CPE Soleil", region="06", sector="childcare")
    user = login("coordinator")
    view = SavedView(user_id=user.id, list_name="stakeholders", name="Ancien secteur",
                     args={"sector": "gone", "region": ["06"]})  # fmt: skip
    db.session.add(view)
    db.session.commit()
    page = client.get(f"/views/{view.id}", follow_redirects=True).text
    assert "Filtre ignoré : « gone » n’est pas une valeur possible pour : secteur." in page
    assert "CPE Soleil" in page


def test_the_home_card_lists_my_views_and_the_shared_ones_for_every_role(client, login, make_user):
    other = make_user("coordinator", name="Alex Roy")
    db.session.add(SavedView(user_id=other.id, list_name="contacts", name="Partagée",
                             args={}, shared=True))  # fmt: skip
    db.session.commit()
    for role in ("admin", "coordinator", "regional_lead", "board"):
        login(role, regions=["06"] if role == "regional_lead" else ())
        save(client, list_name="interactions", name=f"Vue {role}")
        home = client.get("/").text
        assert "Mes vues" in home and f"Vue {role}" in home, role
        assert "Partagée" in home and "partagée par Alex Roy" in home, role
        assert "Interactions" in home and "Contacts" in home


def newsletter_world(make_stakeholder, make_contact):
    """A Montréal stakeholder with a subscribed and an unsubscribed contact, an Estrie one
    with a subscribed contact."""
    montreal = make_stakeholder("CPE Montréal", region="06")
    estrie = make_stakeholder("CPE Estrie", region="05")
    make_contact(montreal, email="inscrite@example.org", newsletter_consent="express")
    make_contact(montreal, email="retiree@example.org", newsletter_consent="express",
                 consent_withdrawn_on=date(2025, 1, 1))  # fmt: skip
    make_contact(estrie, email="ailleurs@example.org", newsletter_consent="express")


def emails(data: bytes) -> list[str]:
    return [row["email"] for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))]


def test_the_newsletter_export_restricted_to_a_view_of_stakeholders(
    client, login, make_stakeholder, make_contact
):
    newsletter_world(make_stakeholder, make_contact)
    login("coordinator")
    save(client, query="region=06", name="Montréal")
    [view] = views()
    page = client.get(f"/newsletter/?view={view.id}").text
    assert "1 contact de la vue « Montréal » sur la liste aujourd’hui." in page
    response = client.get(f"/newsletter/export.csv?view={view.id}")
    assert emails(response.data) == ["inscrite@example.org"]
    assert "montreal" in response.headers["Content-Disposition"]
    audit = db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "newsletter_list")
    ).one()
    assert (audit.after["view"], audit.after["rows"]) == ("Montréal", 1)
    assert emails(client.get("/newsletter/export.csv").data) == [
        "ailleurs@example.org",
        "inscrite@example.org",
    ]
    save(client, list_name="interactions", name="Pas des contacts")
    assert client.get(f"/newsletter/?view={views()[1].id}").status_code == 404


def test_the_newsletter_export_restricted_to_a_view_of_contacts(
    client, login, make_stakeholder, make_contact
):
    newsletter_world(make_stakeholder, make_contact)
    login("admin")
    save(client, list_name="contacts", query="region=06", name="Contacts de Montréal")
    [view] = views()
    assert "Contacts de Montréal" in client.get("/newsletter/").text  # offered in the select
    response = client.get(f"/newsletter/export.csv?view={view.id}")
    assert emails(response.data) == ["inscrite@example.org"]


def test_cli_newsletter_export_by_view_id_or_name(
    runner, tmp_path, make_user, make_stakeholder, make_contact
):
    newsletter_world(make_stakeholder, make_contact)
    owner = make_user("coordinator", email="coord@example.org")
    view = SavedView(user_id=owner.id, list_name="stakeholders", name="Estrie",
                     args={"region": ["05"]})  # fmt: skip
    db.session.add(view)
    db.session.commit()
    out = tmp_path / "liste.csv"
    for named in (str(view.id), "Estrie"):
        result = runner.invoke(
            args=["newsletter", "export", "--out", str(out), "--view", named,
                  "--as", "coord@example.org"]
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert emails(out.read_bytes()) == ["ailleurs@example.org"]
    lead = make_user("regional_lead", regions=["06"], email="lead@example.org")
    assert lead.id  # the view is personal: no other user may export through it
    result = runner.invoke(
        args=["newsletter", "export", "--out", str(out), "--view", "Estrie",
              "--as", "lead@example.org"]
    )  # fmt: skip
    assert result.exit_code == 2 and "no saved view" in result.output
    result = runner.invoke(args=["newsletter", "export", "--out", str(out), "--view", "Nulle"])
    assert result.exit_code == 2
