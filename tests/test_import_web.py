"""The import wizard through the test client: upload, mapping, preview, confirm, result."""

import io
import re
import time

import openpyxl
import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from models import AuditEvent, ImportBatch, Stakeholder, db
from tests.import_helpers import csv_file, xlsx

# The confirmed imports run in a job queue consumer, as `maillage worker` runs them.
pytestmark = pytest.mark.usefixtures("jobs_worker")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def upload(client, path, kind="stakeholders"):
    # Encoded here, in memory: the test client would spool a large body to a temporary
    # file that it never closes.
    with open(path, "rb") as stream:
        file = FileStorage(stream, filename=path.name)
        boundary, body = encode_multipart({"kind": kind, "file": file})
    return client.post("/imports/new", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")  # fmt: skip


def wait_until_done(client, batch_id: int) -> dict:
    """Poll the progress endpoint as the page's script does, until the import ends."""
    for _ in range(200):
        state = client.get(f"/imports/{batch_id}/progress").get_json()
        if state["status"] not in ("queued", "running"):
            return state
        time.sleep(0.05)
    raise AssertionError("the import did not finish")


def wizard(client, path, skip_invalid=False, mapping=None):
    """Take `path` through every step; return the batch id."""
    response = upload(client, path)
    assert response.status_code == 302, response.data
    batch_id = int(response.headers["Location"].split("/")[-2])
    page = client.get(f"/imports/{batch_id}/mapping")
    assert page.status_code == 200
    response = client.post(f"/imports/{batch_id}/mapping", data=mapping or _defaults(page))
    assert response.status_code == 302
    assert client.get(f"/imports/{batch_id}/preview").status_code == 200
    data = {"skip_invalid": "y"} if skip_invalid else {}
    response = client.post(f"/imports/{batch_id}/preview", data=data)
    assert response.status_code == 302
    wait_until_done(client, batch_id)
    return batch_id


def _defaults(page) -> dict:
    """Return the selects' chosen options of the mapping page (what a browser would send)."""
    import re

    html = page.get_data(as_text=True)
    chosen = {}
    for name, body in re.findall(r'<select[^>]*name="(col_\d+)"[^>]*>(.*?)</select>', html, re.S):
        selected = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected',
                             body)  # fmt: skip
        chosen[name] = next((g for g in selected.groups() if g is not None), "") if selected else ""
    return chosen


def test_the_wizard_imports_a_file(app, client, login, tmp_path):
    user = login("coordinator")
    path = xlsx(tmp_path / "partenaires.xlsx",
                [["Nom", "Région", "Secteur"], ["CPE A", "06", "santé"], ["CPE B", "Laval", ""]],
                title_rows=[["Liste 2026"], []])  # fmt: skip
    batch_id = wizard(client, path)
    page = client.get(f"/imports/{batch_id}")
    assert page.status_code == 200
    assert count(Stakeholder) == 2
    batch = db.session.get(ImportBatch, batch_id)
    assert (batch.status, batch.created, batch.user_id) == ("done", 2, user.id)
    history = client.get("/imports/")
    assert b"partenaires.xlsx" in history.data


def test_preview_shows_row_errors_and_all_or_nothing_holds(app, client, login, tmp_path):
    login("admin")
    path = xlsx(tmp_path / "e.xlsx", [["Nom", "Région"], ["CPE A", "06"], ["CPE B", "Nulle part"]])
    response = upload(client, path)
    batch_id = int(response.headers["Location"].split("/")[-2])
    client.post(f"/imports/{batch_id}/mapping", data={"col_0": "name", "col_1": "region"})
    preview = client.get(f"/imports/{batch_id}/preview").get_data(as_text=True)
    assert "Nulle part" in preview and ">3<" in preview
    assert "1 ligne comporte des erreurs." in preview and "vous pouvez l’ignorer" in preview
    client.post(f"/imports/{batch_id}/preview", data={})
    assert wait_until_done(client, batch_id)["status"] == "rejected"
    assert count(Stakeholder) == 0
    download = client.get(f"/imports/{batch_id}/rejected.xlsx")
    assert download.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(download.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Nom", "Région") and rows[1][:2] == ("CPE B", "Nulle part")
    assert "Région" in rows[1][2]
    csv_download = client.get(f"/imports/{batch_id}/rejected.csv")
    assert "Nulle part" in csv_download.get_data(as_text=True)


def test_skip_invalid_then_undo(app, client, login, tmp_path, make_stakeholder):
    login("coordinator")
    existing = make_stakeholder("CPE Existant", region="06", locality="Avant")
    path = csv_file(tmp_path / "l.csv", [["Nom", "Région", "Municipalité"],
                                         ["CPE Existant", "06", "Après"],
                                         ["CPE Neuf", "05", "Magog"],
                                         ["CPE Faux", "??", ""]])  # fmt: skip
    batch_id = wizard(client, path, skip_invalid=True)
    batch = db.session.get(ImportBatch, batch_id)
    assert (batch.created, batch.updated, batch.rejected) == (1, 1, 1)
    db.session.expire_all()
    assert db.session.get(Stakeholder, existing.id).locality == "Après"
    response = client.post(f"/imports/{batch_id}/undo")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Stakeholder, existing.id).locality == "Avant"
    assert count(Stakeholder) == 1
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "undo")) is not None
    assert db.session.get(ImportBatch, batch_id).undone_at is not None


def test_undo_is_refused_after_a_later_change_or_for_someone_else(app, client, login, tmp_path,
                                                                  make_user):  # fmt: skip
    from importers.history import UndoRefused, undo_batch
    from importers.pipeline import analyse, run_import
    from models.operations import update_stakeholder

    author, other = make_user("coordinator"), make_user("coordinator")
    path = xlsx(tmp_path / "a.xlsx", [["Nom", "Région"], ["CPE A", "06"]])
    batch = run_import(analyse(path, "stakeholders"), author).batch
    db.session.commit()
    try:
        undo_batch(other, batch)
        raise AssertionError("another coordinator undid the import")
    except UndoRefused:
        pass
    update_stakeholder(author, db.session.scalar(select(Stakeholder)), {"locality": "Laval"})
    db.session.commit()
    try:
        undo_batch(author, batch)
        raise AssertionError("undo overwrote a later change")
    except UndoRefused:
        db.session.rollback()
    assert db.session.scalar(select(Stakeholder.locality)) == "Laval"  # the later change stays
    assert db.session.get(ImportBatch, batch.id).undone_at is None
    admin = make_user("admin")
    second = run_import(analyse(xlsx(tmp_path / "b.xlsx", [["Nom", "Région"], ["CPE B", "05"]]),
                                "stakeholders"), author).batch  # fmt: skip
    db.session.commit()
    undo_batch(admin, second)
    db.session.commit()
    assert list(db.session.scalars(select(Stakeholder.name))) == ["CPE A"]  # an admin may undo


def test_mapping_is_remembered_for_the_same_headers(app, client, login, tmp_path):
    login("coordinator")
    rows = [["Organisme partenaire", "Coin"], ["CPE A", "06"]]
    first = upload(client, xlsx(tmp_path / "a.xlsx", [["Nom", "Coin"], *rows]))
    batch_id = int(first.headers["Location"].split("/")[-2])
    client.post(f"/imports/{batch_id}/mapping", data={"col_0": "name", "col_1": "region"})
    second = upload(client, xlsx(tmp_path / "b.xlsx", [["Nom", "Coin"], ["CPE B", "05"]]))
    next_id = int(second.headers["Location"].split("/")[-2])
    page = client.get(f"/imports/{next_id}/mapping")
    assert _defaults(page) == {"col_0": "name", "col_1": "region"}


def test_bad_upload_is_refused_with_one_message(app, client, login, tmp_path):
    login("coordinator")
    junk = tmp_path / "liste.xlsx"
    junk.write_bytes(b"not a spreadsheet at all")
    response = upload(client, junk)
    assert response.status_code == 422
    assert response.text.count("n’est pas un chiffrier, ou il est endommagé.") == 1
    assert count(ImportBatch) == 0


def test_upload_over_the_limit_gets_a_friendly_413(app, client, login, tmp_path):
    login("coordinator")
    limit = app.config["MAX_CONTENT_LENGTH"]
    app.config["MAX_CONTENT_LENGTH"] = 2 * 1024 * 1024
    try:
        big = tmp_path / "big.csv"
        big.write_bytes(b"Nom;R\xe9gion\r\n" + b"CPE;06\r\n" * 300_000)
        response = upload(client, big)
    finally:
        app.config["MAX_CONTENT_LENGTH"] = limit
    assert response.status_code == 413
    assert "Le fichier est trop volumineux\u00a0: la limite est de 2 Mo." in response.text
    assert count(ImportBatch) == 0


def test_regional_lead_cannot_import(app, client, login, tmp_path):
    login("regional_lead", regions=["06"])
    assert client.get("/imports/new").status_code == 403
    path = xlsx(tmp_path / "a.xlsx", [["Nom", "Région"], ["CPE A", "06"]])
    assert upload(client, path).status_code == 403
    assert count(Stakeholder) == 0


def test_another_coordinators_draft_is_not_found(app, client, login, make_user, tmp_path):
    login("coordinator")
    response = upload(client, xlsx(tmp_path / "a.xlsx", [["Nom", "Région"], ["CPE", "06"]]))
    batch_id = int(response.headers["Location"].split("/")[-2])
    client.post("/logout")
    login("coordinator")
    assert client.get(f"/imports/{batch_id}/mapping").status_code == 404


def test_a_required_column_can_be_chosen_in_the_mapping_step(app, client, login, tmp_path):
    login("coordinator")
    path = xlsx(tmp_path / "p.xlsx", [["Raison", "Région"], ["CPE A", "06"]])
    response = upload(client, path)
    assert response.status_code == 302
    batch_id = int(response.headers["Location"].split("/")[-2])
    assert _defaults(client.get(f"/imports/{batch_id}/mapping")) == {"col_0": "", "col_1": "region"}
    client.post(f"/imports/{batch_id}/mapping", data={"col_1": "region"})
    response = client.get(f"/imports/{batch_id}/preview")
    assert response.status_code == 302 and "/mapping" in response.headers["Location"]
    client.post(f"/imports/{batch_id}/mapping", data={"col_0": "name", "col_1": "region"})
    client.post(f"/imports/{batch_id}/preview", data={})
    assert wait_until_done(client, batch_id)["status"] == "done"
    assert count(Stakeholder) == 1


def test_a_rejected_import_is_imported_again_skipping_the_invalid_rows(
    app, client, login, tmp_path
):
    login("coordinator")
    path = csv_file(tmp_path / "r.csv", [["Nom", "Région"], ["CPE Un", "06"],
                                         ["CPE Deux", "05"], ["CPE Faux", "??"]])  # fmt: skip
    batch_id = wizard(client, path)  # "Import" without ticking "skip the invalid rows"
    assert db.session.get(ImportBatch, batch_id).status == "rejected"
    assert count(Stakeholder) == 0
    page = client.get(f"/imports/{batch_id}").get_data(as_text=True)
    assert f'action="/imports/{batch_id}/again"' in page
    assert "Ignorer la ligne invalide et importer les autres" in page
    box = re.search(r'<input[^>]*name="skip_invalid"[^>]*>', page).group(0)
    assert "checked" in box  # offered ticked: that is what this second try is for
    response = client.post(f"/imports/{batch_id}/again", data={"skip_invalid": "y"})
    assert response.headers["Location"] == f"/imports/{batch_id}"
    assert wait_until_done(client, batch_id)["status"] == "done"
    db.session.expire_all()
    batch = db.session.get(ImportBatch, batch_id)
    assert (batch.created, batch.rejected, batch.skip_invalid) == (2, 1, True)
    assert sorted(db.session.scalars(select(Stakeholder.name))) == ["CPE Deux", "CPE Un"]
    assert client.post(f"/imports/{batch_id}/again", data={"skip_invalid": "y"}).status_code == 409
    assert "/again" not in client.get(f"/imports/{batch_id}").get_data(as_text=True)


def test_undo_is_a_confirmed_action_that_says_what_it_removes(
    app, client, login, tmp_path, make_stakeholder
):
    login("coordinator")
    make_stakeholder("CPE Existant", region="06", locality="Avant")
    path = csv_file(tmp_path / "u.csv", [["Nom", "Région", "Municipalité"],
                                         ["CPE Existant", "06", "Après"],
                                         ["CPE Neuf", "05", "Magog"],
                                         ["CPE Autre", "05", "Orford"]])  # fmt: skip
    batch_id = wizard(client, path)
    result = client.get(f"/imports/{batch_id}").get_data(as_text=True)
    history = client.get("/imports/").get_data(as_text=True)
    for html in (result, history):
        undo = rf'<a class="btn btn-outline-danger[^"]*" href="/imports/{batch_id}/undo">'
        button = re.search(undo + "Annuler l’importation", html)
        assert button, html
        assert ">Annuler<" not in html
    confirm = client.get(f"/imports/{batch_id}/undo").get_data(as_text=True)
    assert "2 fiches créées par cette importation seront supprimées." in confirm
    assert "1 fiche modifiée par cette importation retrouvera ses valeurs d’avant." in confirm
    assert 'class="btn btn-danger' in confirm and f'href="/imports/{batch_id}"' in confirm
    assert count(Stakeholder) == 3  # asking undoes nothing
    response = client.post(f"/imports/{batch_id}/undo")
    assert response.headers["Location"] == "/imports/"
    assert count(Stakeholder) == 1
    assert client.get(f"/imports/{batch_id}/undo").status_code == 302  # nothing left to undo


def test_the_import_pages_write_thousands_as_french_writes_them(app, client, login, tmp_path):
    """« 1 200 lignes », not « 1200 lignes »: the counts in sentences go through Babel too."""
    login("coordinator")
    lines = [["Nom", "Région"]]
    lines += [[f"CPE Étoile {n}", "05"] for n in range(1200)]
    lines += [[f"CPE Nulle part {n}", "Atlantide"] for n in range(1200)]
    path = csv_file(tmp_path / "milliers.csv", lines)
    response = upload(client, path)
    batch_id = int(response.headers["Location"].split("/")[-2])
    page = client.get(f"/imports/{batch_id}/mapping")
    client.post(f"/imports/{batch_id}/mapping", data=_defaults(page))

    def said(html: str) -> str:
        return html.replace("\u202f", " ").replace("\xa0", " ").replace("&nbsp;", " ")

    preview = said(client.get(f"/imports/{batch_id}/preview").get_data(as_text=True))
    assert "1 200 lignes comportent des erreurs" in preview
    client.post(f"/imports/{batch_id}/preview")  # all or nothing: refused
    wait_until_done(client, batch_id)
    result = said(client.get(f"/imports/{batch_id}").get_data(as_text=True))
    assert "Ignorer les 1 200 lignes invalides et importer les autres" in result
    client.post(f"/imports/{batch_id}/again", data={"skip_invalid": "y"})
    wait_until_done(client, batch_id)
    undo = said(client.get(f"/imports/{batch_id}/undo").get_data(as_text=True))
    assert "1 200 fiches créées par cette importation seront supprimées." in undo


def test_an_import_that_changed_nothing_offers_no_undo(app, client, login, tmp_path):
    """The same file imported twice: the second changes nothing, so neither its result
    nor the history offers to undo it (the first still can be)."""
    login("coordinator")
    path = csv_file(tmp_path / "deux-fois.csv", [["Nom", "Région"], ["CPE Soleil", "05"],
                                                 ["CPE Lune", "05"]])  # fmt: skip
    first = wizard(client, path)
    second = wizard(client, path)
    result = client.get(f"/imports/{second}").get_data(as_text=True)
    assert "Inchangées" in result and f"/imports/{second}/undo" not in result
    history = client.get("/imports/").get_data(as_text=True)
    assert f"/imports/{first}/undo" in history
    assert f"/imports/{second}/undo" not in history
    assert client.get(f"/imports/{second}/undo").status_code == 302
