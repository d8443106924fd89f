"""The six lists, as a person uses them: the count on the page is the number of rows of the
export of that same view, and the page and sort links keep the filters — for an admin and a
regional lead, for a search, a region, "national" and a sort each way."""

import csv
import io
import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from models import Contact, Interaction, Stakeholder, db
from models.audit import record
from models.demo import generate_demo
from models.normalize import fold
from tests.conftest import PASSWORD

LEAD_REGIONS = ["02", "06"]


@pytest.fixture
def demo(app):
    """The demo data (60 stakeholders) with a few archived stakeholders."""
    generate_demo(stakeholders=60)
    for stakeholder in db.session.scalars(select(Stakeholder).order_by(Stakeholder.id).limit(4)):
        stakeholder.archived = True
    db.session.commit()


def sign_in(client, make_user, role):
    user = make_user(role, regions=LEAD_REGIONS if role == "regional_lead" else ())
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    return user


def shown_count(html: str) -> int:
    """Return the count in the list's title badge, as a person reads it ("1 151")."""
    found = re.search(r'<h1 class="h3 mb-0">[^<]*<span class="badge[^"]*">([^<]+)</span>', html)
    assert found, "the list's title shows no count"
    return int(re.sub(r"\D", "", found.group(1)))


def exported_rows(client, url: str) -> int:
    """Return the number of data rows of the CSV export linked from the page at `url`."""
    page = client.get(url).get_data(as_text=True)
    link = re.search(r'href="([^"]+/export\.csv[^"]*)"', page)
    assert link, "the page has no CSV export link"
    response = client.get(link.group(1).replace("&amp;", "&"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    return len(rows) - 1


def a_word(column) -> str:
    """Return a folded word of 4+ letters found in `column` (from the demo data)."""
    for value in db.session.scalars(select(column).where(column.is_not(None)).limit(50)):
        for word in fold(value).split():
            if len(word) >= 4 and word.isalpha():
                return word
    raise AssertionError(f"no word in {column}")


def views(name: str) -> list[dict]:
    """Return the views to try on the list `name`: all, a search, a region, national, and
    a sort each way."""
    search = {
        "stakeholders": lambda: a_word(Stakeholder.name),
        "contacts": lambda: a_word(Contact.last_name),
        "interactions": lambda: a_word(Interaction.summary),
        "commitments": None,
        "audit": None,
        "users": lambda: "regional",
    }[name]
    sorts = {
        "stakeholders": "stage",
        "contacts": "stakeholder",
        "interactions": "kind",
        "commitments": "status",
        "audit": "action",
        "users": "role",
    }[name]
    found = [{}, {"sort": sorts}, {"sort": f"-{sorts}"}]
    if search is not None:
        found.append({"q": search()})
    if name not in ("audit", "users"):
        found += [{"region": "06"}, {"region": "national"}, {"region": "06", "sort": f"-{sorts}"}]
    return found


LISTS = {
    "stakeholders": "/stakeholders/",
    "contacts": "/contacts/",
    "interactions": "/interactions/",
    "commitments": "/commitments/",
    "audit": "/admin/audit",
    "users": "/admin/users",
}


@pytest.mark.parametrize("role", ["admin", "regional_lead"])
@pytest.mark.parametrize("name", list(LISTS))
def test_the_count_on_the_page_is_the_rows_of_its_export(client, make_user, demo, name, role):
    if role == "regional_lead" and name in ("audit", "users"):
        pytest.skip("admins only (tests/test_permissions.py)")
    sign_in(client, make_user, role)
    seen = set()
    for args in views(name):
        query = "&".join(f"{key}={value}" for key, value in args.items())
        url = f"{LISTS[name]}?{query}"
        page = client.get(url)
        assert page.status_code == 200, url
        count = shown_count(page.get_data(as_text=True))
        assert exported_rows(client, url) == count, url
        seen.add(count)
    assert len(seen) > 1, "every view shows the same count: the filters do nothing"


FILTERED = {
    "stakeholders": {"region": ["06", "02"]},
    "contacts": {"region": ["06", "02"]},
    "interactions": {"region": ["06", "02"], "kind": ["call"]},
    "commitments": {"region": ["06", "02"], "status": ["active"]},
    "audit": {"entity_type": ["stakeholder"], "q": ["admin"]},
    "users": {"role": ["regional_lead"]},
}


@pytest.mark.parametrize("name", list(LISTS))
def test_page_sort_and_language_links_keep_the_filters(client, make_user, demo, name):
    admin = sign_in(client, make_user, "admin")
    for stakeholder_id in range(1, 31):  # a log of more than one page
        record(admin, "update", "stakeholder", stakeholder_id, {"stage": "identified"}, {})
    db.session.commit()
    filters = FILTERED[name]
    query = "&".join(f"{key}={value}" for key, values in filters.items() for value in values)
    html = client.get(f"{LISTS[name]}?{query}").get_data(as_text=True)
    links = [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', html)]
    pages = [link for link in links if "page=2" in link]
    sorts = [link for link in links if "sort=" in link and link.startswith(LISTS[name])]
    assert sorts, "no column can be sorted"
    for link in pages + sorts:
        kept = parse_qs(urlsplit(link).query)
        assert {key: kept.get(key) for key in filters} == filters, link
    # The language button goes back to the same view, in the other language.
    back = re.search(r'name="next" value="([^"]+)"', html).group(1).replace("&amp;", "&")
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    switched = client.post("/language", data={"lang": "en", "next": back, "csrf_token": token})
    kept = parse_qs(urlsplit(switched.location).query)
    assert {key: kept.get(key) for key in filters} == filters
    english = client.get(switched.location).get_data(as_text=True)
    assert '<html lang="en">' in english


def test_a_bad_filter_value_is_left_out_and_said(client, make_user, demo):
    sign_in(client, make_user, "admin")
    everything = shown_count(client.get("/contacts/").get_data(as_text=True))
    response = client.get("/contacts/?region=99&newsletter=maybe&sort=shoe&q=")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert shown_count(html) == everything
    assert "«\u00a099\u00a0»" in html or "“99”" in html
    assert "maybe" in html and "shoe" in html


def test_a_lead_never_sees_another_territory_through_a_filter(client, make_user, demo):
    sign_in(client, make_user, "regional_lead")
    html = client.get("/stakeholders/?region=13").get_data(as_text=True)
    assert shown_count(html) == 0
    assert exported_rows(client, "/stakeholders/?region=13") == 0


def test_the_dormant_count_agrees_on_home_list_and_report(client, make_user, demo):
    from reports.synergy import SynergyFilters, compute_synergy

    user = sign_in(client, make_user, "regional_lead")
    home = client.get("/").get_data(as_text=True)
    said = re.search(r"(\d+) (?:organisme|acteur)s? de votre territoire", home)
    assert said, "the home page does not say how many stakeholders are dormant"
    listed = shown_count(client.get("/stakeholders/?dormant=1").get_data(as_text=True))
    report = compute_synergy(user, SynergyFilters())
    assert int(said.group(1)) == listed == report.follow_ups["dormant_stakeholders"]
    assert listed > 0


def test_a_coded_column_sorts_in_its_list_order_both_ways(client, make_user, demo):
    sign_in(client, make_user, "admin")

    def stages(sort):
        html = client.get(f"/stakeholders/?sort={sort}").get_data(as_text=True)
        return re.findall(r'<span class="badge stage-(\w+)">', html)

    funnel = ["identified", "contacted", "engaged", "committed", "champion"]
    ascending, descending = stages("stage"), stages("-stage")
    assert ascending == sorted(ascending, key=funnel.index) and ascending[0] == "identified"
    assert descending == sorted(descending, key=funnel.index, reverse=True)
    assert descending[0] != ascending[0]


def blank_choice(html: str, name: str) -> str:
    """Return the words of the "no filter" choice of the select `name`."""
    found = re.search(rf'<select[^>]*name="{name}"[^>]*>\s*<option value="">([^<]*)</option>', html)
    assert found, f"no select {name!r}"
    return found.group(1)


@pytest.mark.parametrize(
    ("url", "name", "french"),
    [
        ("/contacts/", "newsletter", "Toutes"),  # « infolettre » is feminine
        ("/contacts/", "region", "Toutes les régions"),
        ("/stakeholders/", "sector", "Tous"),  # « secteur » is masculine
        ("/stakeholders/", "level", "Tous"),
        ("/stakeholders/", "stage", "Toutes les étapes"),
        ("/commitments/", "status", "Tous"),
        ("/admin/users", "role", "Tous"),
    ],
)
def test_a_filters_all_choice_agrees_with_its_noun_in_french(client, make_user, url, name, french):
    sign_in(client, make_user, "admin")
    assert blank_choice(client.get(url).get_data(as_text=True), name) == french
    english = client.get(url + "?lang=en").get_data(as_text=True)
    assert blank_choice(english, name).startswith("All")


def test_a_select_filter_must_say_how_it_reads_all():
    from models.lists.base import Field

    with pytest.raises(TypeError, match="'kind'"):
        Field("kind", "Kind", lambda value, _: value, options=lambda labels: {})


def test_the_interactions_of_one_stakeholder_are_listed_under_its_name(
    client, make_user, make_stakeholder, make_interaction
):
    """From a stakeholder's page, "all the interactions" lists its own, shows its name in the
    filter, and exports the same rows; a stakeholder out of the lead's sight names nothing."""
    lune, soleil = make_stakeholder("CPE Lune", region="06"), make_stakeholder("CPE Soleil")
    far = make_stakeholder("CPE du Fjord", region="02")
    for day in range(1, 4):
        make_interaction([lune], occurred_on=date(2026, 3, day))
    make_interaction([lune, soleil], occurred_on=date(2026, 3, 9))
    make_interaction([soleil], occurred_on=date(2026, 3, 10))
    make_interaction([far], occurred_on=date(2026, 3, 11))
    sign_in(client, make_user, "coordinator")
    page = client.get(f"/stakeholders/{lune.id}").get_data(as_text=True)
    link = f"/interactions/?stakeholder={lune.id}"
    assert link in page
    listed = client.get(link).get_data(as_text=True)
    assert shown_count(listed) == 4
    assert f'<option value="{lune.id}" selected>CPE Lune</option>' in listed
    assert exported_rows(client, link) == 4
    client.post("/logout")
    lead = make_user("regional_lead", regions=["06"])
    client.post("/login", data={"email": lead.email, "password": PASSWORD})
    hidden = client.get(f"/interactions/?stakeholder={far.id}").get_data(as_text=True)
    assert shown_count(hidden) == 0 and "CPE du Fjord" not in hidden


@pytest.mark.parametrize("stakeholders", ["few", "many"])
def test_the_interactions_of_a_region_or_an_mrc_are_those_involving_one_of_its_stakeholders(
    client, make_user, make_stakeholder, make_interaction, monkeypatch, stakeholders
):
    """A joint meeting with a Montréal and a Saguenay centre is listed under both regions,
    once; the MRC filter reads the same way; the export holds the same rows. The same
    whether the region has few stakeholders or many (`models.interaction.involving_any`
    reads them in two ways; "many" is made one here)."""
    if stakeholders == "many":
        monkeypatch.setattr("models.interaction.FEW_STAKEHOLDERS", 0)
    lune = make_stakeholder("CPE Lune", region="06")
    fjord = make_stakeholder("CPE du Fjord", region="02")
    quebec = make_stakeholder("CPE de Québec", region="03", mrc_code="23")
    make_interaction([lune], occurred_on=date(2026, 3, 1), summary="Montréal seul")
    make_interaction([lune, fjord], occurred_on=date(2026, 3, 2), summary="Rencontre conjointe")
    make_interaction([quebec], occurred_on=date(2026, 3, 3), summary="Québec seul")
    sign_in(client, make_user, "coordinator")
    for path, expected in (
        ("/interactions/?region=06", ["Rencontre conjointe", "Montréal seul"]),
        ("/interactions/?region=02", ["Rencontre conjointe"]),
        ("/interactions/?region=02&region=06", ["Rencontre conjointe", "Montréal seul"]),
        (f"/interactions/?mrc={quebec.mrc_code}", ["Québec seul"]),
    ):
        page = client.get(path).get_data(as_text=True)
        assert shown_count(page) == len(expected), path
        summaries = [
            s for s in ("Rencontre conjointe", "Montréal seul", "Québec seul") if s in page
        ]
        assert sorted(summaries) == sorted(expected), path
        assert page.index(expected[0]) <= page.index(expected[-1]), path  # newest first
        assert exported_rows(client, path) == len(expected), path


def exported_column(client, url: str, header: str) -> list[str]:
    """Return the values of the column `header` of the CSV export at `url`, in its order."""
    response = client.get(url)
    assert response.status_code == 200, url
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    return [row[header] for row in rows]


@pytest.mark.parametrize(
    "url, sort, header",
    [
        ("/stakeholders/export.csv", "region", "Région"),
        ("/contacts/export.csv", "email", "Courriel"),
        ("/contacts/export.csv", "stakeholder", "Organisme"),
        ("/interactions/export.csv", "follow_up", "Suivi"),
        ("/commitments/export.csv", "committed_on", "Date d'engagement"),
        ("/commitments/export.csv", "region", "Région"),
        ("/network/ties.csv", "starts_on", "Début"),
    ],
)
def test_empty_values_come_last_whichever_way_a_column_is_sorted(
    client, make_user, demo, url, sort, header
):
    """As in a spreadsheet, and the same on SQLite and PostgreSQL: sorted by region, the
    national stakeholders come after Outaouais either way, not first on one database."""
    for contact in db.session.scalars(select(Contact).order_by(Contact.id).limit(3)):
        contact.email, contact.stakeholder_id = None, None
    db.session.commit()
    sign_in(client, make_user, "admin")
    firsts = []
    for direction in ("", "-"):
        column = exported_column(client, f"{url}?sort={direction}{sort}", header)
        filled = [value for value in column if value]
        assert filled and len(filled) < len(column), "the demo has both kinds"
        assert column == filled + [""] * (len(column) - len(filled)), direction or "+"
        firsts.append(filled[0])
    assert firsts[0] != firsts[1]


def test_every_sort_column_that_may_be_null_says_so():
    """A nullable column sorted without `may_be_blank` would put its empty values first on
    SQLite and last on PostgreSQL."""
    from models.lists import base

    unmarked = [
        f"{listing.name}.{name}: {column}"
        for listing in base.ListQuery.__subclasses__()
        for name, sort in listing.sorts.items()
        for column in sort.columns
        if getattr(getattr(column, "expression", column), "nullable", False)
    ]
    assert unmarked == []


def test_a_stage_an_admin_adds_sorts_after_the_others_at_once(
    client, make_user, demo, restore_reference
):
    """The sort by a coded column follows the reference list's order as it is now: a
    stage added at the end of the list comes last, on the next page view."""
    from models.operations import add_entry

    admin = sign_in(client, make_user, "admin")
    html = client.get("/stakeholders/?sort=-stage").get_data(as_text=True)  # remembered
    assert re.findall(r'<span class="badge stage-(\w+)">', html)[0] == "champion"
    add_entry(admin, "stage", "relay", "Relais", "Relay")
    chosen = db.session.scalar(select(Stakeholder).where(Stakeholder.archived.is_(False)))
    chosen.stage = "relay"
    db.session.commit()
    for sort, first in (("-stage", "relay"), ("stage", "identified")):
        html = client.get(f"/stakeholders/?sort={sort}").get_data(as_text=True)
        assert re.findall(r'<span class="badge stage-(\w+)">', html)[0] == first, sort


@pytest.mark.parametrize(
    "path, sort",
    [
        ("stakeholders", "stage"),
        ("stakeholders", "-updated"),
        ("stakeholders", "-region"),
        ("contacts", "-stakeholder"),
        ("contacts", "name"),
    ],
)
def test_the_pages_of_a_sorted_list_follow_each_other_as_its_export(
    client, make_user, demo, path, sort
):
    """Each page's rows are read by their ids, then loaded: pages 1, 2 and 3 hold the
    export's rows in the export's order, none twice."""
    sign_in(client, make_user, "admin")
    exported = exported_column(client, f"/{path}/export.csv?sort={sort}", "ID")
    shown = []
    for page in (1, 2, 3):
        html = client.get(f"/{path}/?sort={sort}&page={page}").get_data(as_text=True)
        rows = re.findall(rf'<a href="/{path}/(\d+)"', html)
        shown += list(dict.fromkeys(rows))
    assert len(exported) > 50 and shown == exported[: len(shown)] and len(shown) > 50


def test_a_leads_interaction_list_counts_each_interaction_they_see_once(
    client, make_user, make_stakeholder, make_interaction
):
    """Counted from the links of the lead's stakeholders: a joint meeting with two of them
    once, a national stakeholder's call, not another region's meeting."""
    montreal, laval = make_stakeholder("CPE A", region="06"), make_stakeholder("CPE B", region="13")
    national = make_stakeholder("Fondation C", region=None, sector="philanthropy")
    elsewhere = make_stakeholder("CPE D", region="05")
    make_interaction([montreal, laval, elsewhere])
    make_interaction([national])
    make_interaction([elsewhere])
    make_interaction([montreal])
    user = make_user("regional_lead", regions=["06", "13"])
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert shown_count(client.get("/interactions/").get_data(as_text=True)) == 3
    assert exported_rows(client, "/interactions/") == 3
    assert shown_count(client.get("/interactions/?region=13").get_data(as_text=True)) == 1
