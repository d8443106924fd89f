"""One email rule (email-validator, syntax only) for the import, every form, the public
subscription, the unsubscribe list and the newsletter list, with one message."""

import random
import string

import pytest
from email_validator import validate_email
from sqlalchemy import select

from importers.pipeline import analyse, run_import
from models import Contact, Stakeholder, db
from models.normalize import InvalidEmail, normalize_email
from tests.import_helpers import csv_file

REFUSED = ["jean..dupont@cpe.org", ".jean@cpe.org", "jean.@cpe.org", "a,b@cpe.org",
           "x@-cpe.org", "x@cpe_qc.org", "x@cpe.org,y", "<x@cpe.org>", 'x"y@cpe.org',
           "x@[127.0.0.1]", "x@localhost", "x@cpe.test", "jean dupont@cpe.org",
           "x@@cpe.org", "x@cpe.org."]  # fmt: skip
ACCEPTED = {
    "Jean.Dupont@CPE.org": "jean.dupont@cpe.org",
    " mailto:info@cpe-soleil.qc.ca ": "info@cpe-soleil.qc.ca",
    "direction+infolettre@garderie.ca": "direction+infolettre@garderie.ca",
    "x@café.ca": "x@café.ca",  # a domain may have accents
}


@pytest.mark.parametrize("address", REFUSED)
def test_addresses_that_would_bounce_are_refused(app, address):
    with pytest.raises(InvalidEmail) as error:
        normalize_email(address)
    assert address.strip() in str(error.value.message)


@pytest.mark.parametrize(("address", "stored"), ACCEPTED.items())
def test_good_addresses_are_kept_lowercased(app, address, stored):
    assert normalize_email(address) == stored


def test_accents_before_the_at_sign_get_their_own_message(app):
    with pytest.raises(InvalidEmail) as error:
        normalize_email("andré@cpe.org")
    assert "après le @" in str(error.value.message)


def test_the_fast_path_accepts_only_what_email_validator_accepts(app):
    rng = random.Random(7)
    alphabet = string.ascii_lowercase + string.digits + "._%+-@"
    seen = 0
    for _ in range(20_000):
        address = "".join(rng.choice(alphabet) for _ in range(rng.randint(3, 24)))
        address += rng.choice(["", ".ca", ".qc.ca", ".org", ".test", ".c0m"])
        try:
            ours = normalize_email(address)
        except InvalidEmail:
            continue
        seen += 1
        assert validate_email(address, check_deliverability=False).normalized.lower() == ours
    assert seen > 100


def test_the_import_names_row_column_and_value_of_a_bad_address(app, tmp_path):
    rows = [["Nom", "Région", "Courriel"], ["CPE Soleil", "06", "info@cpe-soleil.ca"]]
    rows += [[f"CPE {i}", "06", address] for i, address in enumerate(REFUSED[:6])]
    result = run_import(analyse(csv_file(tmp_path / "l.csv", rows), "stakeholders"), None,
                        skip_invalid=True)  # fmt: skip
    db.session.commit()
    assert (result.created, result.rejected) == (1, 6)
    first = result.errors[0]
    assert (first.row, first.column, first.value) == (3, "Courriel", "jean..dupont@cpe.org")
    assert "n’est pas une adresse" in first.message


def test_a_form_refuses_a_bad_address_with_the_same_message(app, client, login):
    login("coordinator")
    response = client.post("/stakeholders/new", data={
        "name": "CPE Soleil", "kind": "organization", "level": "local", "region_code": "06",
        "stage": "identified", "email": "<info@cpe-soleil.ca>",
    })  # fmt: skip
    assert response.status_code == 200
    refused = "«\u00a0&lt;info@cpe-soleil.ca&gt;\u00a0» n’est pas une adresse courriel"
    assert refused in response.text
    assert db.session.scalar(select(Stakeholder)) is None


def test_the_public_subscription_refuses_a_bad_address(app, client):
    outbox = app.extensions.setdefault("mail_outbox", [])
    outbox.clear()
    response = client.post("/newsletter/subscribe", data={
        "email": "andré@cpe.org", "first_name": "André", "last_name": "Roy",
        "language": "fr", "consent": "y",
    })  # fmt: skip
    assert "après le @" in response.text
    assert not outbox  # no confirmation sent


def test_the_newsletter_list_leaves_out_a_stored_address_that_would_bounce(
    app, runner, tmp_path, make_contact
):
    make_contact(email="sam@example.org", newsletter_consent="express")
    make_contact(email="vieux..courriel@example.org", newsletter_consent="express")
    out = tmp_path / "liste.csv"
    assert runner.invoke(args=["newsletter", "export", "--out", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "sam@example.org" in text and "vieux..courriel" not in text
    assert db.session.scalar(select(Contact.email).where(Contact.email.like("vieux%")))
