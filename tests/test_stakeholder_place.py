"""A stakeholder's place on its form and page: a municipality of the official directory
(typed ahead, accents, case and `St` aside) brings its MRC and region, a region chosen by
hand that disagrees is refused naming both, a place that is not a municipality is written
in words with its region, an MRC-wide stakeholder names its MRC; the page and the audit log
read all of it in words, and the directory's credit line is shown where its data are."""

import re
from pathlib import Path

from sqlalchemy import select

from models import Stakeholder, db
from models.municipality import DIRECTORY_CREDIT, MAP_CREDIT

ROBERVAL, ALMA, MONTREAL, BROSSARD = "91025", "93042", "66023", "58007"


def form(**fields) -> dict:
    """Return what the stakeholder form posts, as a browser without script sends it."""
    return {
        "name": "CPE Les Bleuets",
        "kind": "organization",
        "sector_code": "childcare",
        "level": "local",
        "region_code": "",
        "municipality_code": "",
        "mrc_code": "",
        "locality": "",
        "stage": "identified",
        **fields,
    }


def created(client, **fields):
    posted = form(**fields)
    response = client.post("/stakeholders/new", data=posted)
    assert response.status_code == 302, error_texts(response.get_data(as_text=True))
    return db.session.scalar(select(Stakeholder).where(Stakeholder.name == posted["name"]))


def error_texts(html: str) -> dict[str, str]:
    """Return each invalid field's error text on a form page: {field id: message}."""
    errors = {}
    for field in re.finditer(r'class="[^"]*is-invalid[^"]*"[^>]* id="(\w+)"', html):
        text = re.compile(r'class="invalid-feedback[^"]*"[^>]*>([^<]*)<').search(html, field.end())
        errors[field.group(1)] = " ".join(text.group(1).split())
    return errors


def header(client, stakeholder) -> str:
    """Return the line under a stakeholder's name on its page, as read."""
    html = client.get(f"/stakeholders/{stakeholder.id}").get_data(as_text=True)
    line = re.search(r'<p class="text-muted mb-0">(.*?)</p>', html, re.S).group(1)
    return " ".join(line.split())


def test_a_municipality_brings_its_region_and_mrc_and_the_page_says_them(client, login):
    login("coordinator")
    cpe = created(client, municipality_code=ROBERVAL)
    assert (cpe.region_code, cpe.mrc_code, cpe.locality) == ("02", "910", "Roberval")
    assert header(client, cpe).endswith(
        "Local · Roberval · MRC Le Domaine-du-Roy · 02 Saguenay–Lac-Saint-Jean"
    )


def test_the_form_works_without_script_and_credits_the_directory(client, login):
    login("coordinator")
    html = client.get("/stakeholders/new").get_data(as_text=True)
    # The type-ahead's select holds only the chosen municipality (the page stays light);
    # without script, the place typed in the free-text field names it.
    assert html.count("<option") < 300
    assert 'data-lookup="/stakeholders/municipalities"' in html
    assert DIRECTORY_CREDIT in html  # the note under the field
    assert "Lieu (si ce n’est pas une municipalité)" in html
    assert '<optgroup label="05 · Estrie"><option value="460">Brome-Missisquoi</option>' in html
    cpe = created(client, locality="ROBERVAL", region_code="02")
    assert (cpe.municipality_code, cpe.mrc_code, cpe.locality) == (ROBERVAL, "910", "Roberval")
    # A neighbourhood, or a name several municipalities of the region share, stays as typed.
    quartier = created(client, name="Halte du quartier", locality="Beauport", region_code="03")
    assert (quartier.municipality_code, quartier.locality) == (None, "Beauport")
    stanstead = created(client, name="CPE Stanstead", locality="stanstead", region_code="05")
    assert stanstead.municipality_code is None


def test_a_region_that_disagrees_with_the_municipality_is_refused_naming_both(client, login):
    login("coordinator")
    response = client.post(
        "/stakeholders/new", data=form(municipality_code=ROBERVAL, region_code="06")
    )
    assert response.status_code == 200
    errors = error_texts(response.get_data(as_text=True))
    assert errors["region_code"] == (
        "Roberval est dans la région 02 Saguenay–Lac-Saint-Jean, et non dans la région 06 Montréal."
    )
    assert db.session.scalar(select(Stakeholder)) is None


def test_editing_starts_with_the_municipality_chosen_and_moves_with_it(client, login):
    login("coordinator")
    cpe = created(client, municipality_code=ROBERVAL)
    html = client.get(f"/stakeholders/{cpe.id}/edit").get_data(as_text=True)
    assert f'<option selected value="{ROBERVAL}">Roberval (' in html
    # The place in words and the MRC are the municipality's: not repeated in their fields.
    assert re.search(r'name="locality"[^>]*value=""', html)

    edit = form(municipality_code=ALMA, region_code="02", version=str(cpe.version))
    response = client.post(f"/stakeholders/{cpe.id}/edit", data=edit)
    assert response.status_code == 302, error_texts(response.get_data(as_text=True))
    db.session.expire_all()
    assert (cpe.region_code, cpe.mrc_code, cpe.locality) == ("02", "930", "Alma")

    # Moving to a municipality of another region with the old region chosen: refused.
    edit = form(municipality_code=MONTREAL, region_code="02", version=str(cpe.version))
    response = client.post(f"/stakeholders/{cpe.id}/edit", data=edit)
    assert error_texts(response.get_data(as_text=True))["region_code"] == (
        "Montréal est dans la région 06 Montréal, et non dans la région 02 Saguenay–Lac-Saint-Jean."
    )
    db.session.expire_all()
    assert cpe.municipality_code == ALMA


def test_the_audit_log_names_the_municipality_and_the_mrc_in_words(client, login):
    login("admin")
    cpe = created(client, municipality_code=ROBERVAL)
    edit = form(municipality_code=ALMA, region_code="02", version=str(cpe.version))
    client.post(f"/stakeholders/{cpe.id}/edit", data=edit)
    text = " ".join(client.get("/admin/audit").get_data(as_text=True).split())
    assert "Alma (Ville, Lac-Saint-Jean-Est, 02 Saguenay–Lac-Saint-Jean)" in text
    assert "Roberval (Ville, Le Domaine-du-Roy, 02 Saguenay–Lac-Saint-Jean)" in text
    assert "Lac-Saint-Jean-Est" in text and "Le Domaine-du-Roy" in text
    for code in (ROBERVAL, ALMA, "910", "930"):
        assert not re.search(rf">\s*{code}\s*<", text), code


def test_a_place_in_words_needs_its_region(client, login):
    login("coordinator")
    response = client.post("/stakeholders/new", data=form(locality="Quartier Saint-Roch"))
    assert error_texts(response.get_data(as_text=True))["region_code"] == (
        "Un acteur local ou régional doit avoir une région."
    )
    cpe = created(client, locality="Quartier Saint-Roch", region_code="03")
    assert (cpe.municipality_code, cpe.mrc_code, cpe.region_code) == (None, None, "03")
    assert header(client, cpe).endswith("Local · Quartier Saint-Roch · 03 Capitale-Nationale")


def test_an_mrc_wide_stakeholder_names_its_mrc_and_gets_its_region(client, login):
    login("coordinator")
    table = created(client, mrc_code="460", name="CPE Les Bleuets")
    assert (table.region_code, table.mrc_code, table.municipality_code) == ("05", "460", None)
    assert header(client, table).endswith("Local · MRC Brome-Missisquoi · 05 Estrie")


def test_an_equivalent_territory_is_called_so_unless_it_is_the_city_itself(client, login):
    login("coordinator")
    brossard = created(client, municipality_code=BROSSARD)
    assert header(client, brossard).endswith(
        "Brossard · Longueuil (territoire équivalent à une MRC) · 16 Montérégie"
    )
    db.session.delete(brossard)
    db.session.commit()
    montreal = created(client, municipality_code=MONTREAL)
    assert header(client, montreal).endswith("Local · Montréal · 06 Montréal")


def municipalities(client, q: str) -> list[str]:
    response = client.get("/stakeholders/municipalities", query_string={"q": q})
    assert response.status_code == 200
    return [item["label"] for item in response.get_json()["results"]]


def test_the_type_ahead_ignores_accents_case_and_saint_abbreviated(client, login):
    login("coordinator")
    assert municipalities(client, "montreal")[0] == "Montréal (Ville, Montréal, 06 Montréal)"
    for typed in ("st-jean-sur", "saint jean sur", "SAINT-JEAN-SUR"):
        assert municipalities(client, typed) == [
            "Saint-Jean-sur-Richelieu (Ville, Le Haut-Richelieu, 16 Montérégie)"
        ], typed
    answer = client.get("/stakeholders/municipalities?q=robe").get_json()
    assert answer["results"][0] == {
        "id": ROBERVAL,
        "label": "Roberval (Ville, Le Domaine-du-Roy, 02 Saguenay–Lac-Saint-Jean)",
        "data": {"region": "02"},
    }
    assert client.get("/stakeholders/municipalities?q=r").get_json()["results"] == []


def test_homonyms_are_told_apart_by_their_mrc_and_region(client, login):
    login("coordinator")
    assert municipalities(client, "saint-leon-le-grand") == [
        "Saint-Léon-le-Grand (Paroisse, La Matapédia, 01 Bas-Saint-Laurent)",
        "Saint-Léon-le-Grand (Paroisse, Maskinongé, 04 Mauricie)",
    ]


def test_a_lead_is_offered_only_their_regions_municipalities(client, login):
    login("regional_lead", regions=["03"])
    assert municipalities(client, "roberval") == []
    assert municipalities(client, "l'ange-gardien") == [
        "L'Ange-Gardien (Municipalité, La Côte-de-Beaupré, 03 Capitale-Nationale)"
    ]
    # Stakeholders are created by admins and coordinators only (SPEC §1): a lead's form,
    # with any municipality, is refused before its place is even read.
    response = client.post("/stakeholders/new", data=form(municipality_code="21040"))
    assert response.status_code == 403


def test_the_privacy_page_and_the_readme_credit_the_reference_data(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert "Données de référence" in page
    for credit in (DIRECTORY_CREDIT, MAP_CREDIT):
        assert credit.replace("'", "&#39;") in page
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    assert f"- {DIRECTORY_CREDIT}\n- {MAP_CREDIT}\n" in readme
