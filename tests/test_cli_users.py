"""`maillage users create`."""

from sqlalchemy import select

from models import AuditEvent, User, db


def test_create_a_regional_lead_with_password_from_environment(runner, monkeypatch):
    monkeypatch.setenv("MAILLAGE_PASSWORD", "un-mot-de-passe-solide")
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Lead@Example.org",
            "--role",
            "regional_lead",
            "--region",
            "06",
            "--region",
            "Laval",
            "--name",
            "Aline Roy",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "lead@example.org"))
    assert user.role == "regional_lead"
    assert user.region_codes == ["06", "13"]
    assert user.check_password("un-mot-de-passe-solide")
    assert user.password_hash.startswith("scrypt:32768:8:1$")  # the full cost, not the tests' hash
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "user"))


def test_password_is_prompted_when_not_in_environment(runner, monkeypatch):
    monkeypatch.delenv("MAILLAGE_PASSWORD", raising=False)
    result = runner.invoke(
        args=["users", "create", "board@example.org", "--role", "board"],
        input="un-mot-de-passe-solide\nun-mot-de-passe-solide\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "board@example.org"))
    assert user.check_password("un-mot-de-passe-solide")


def test_regional_lead_without_region_is_refused(runner, monkeypatch):
    monkeypatch.setenv("MAILLAGE_PASSWORD", "un-mot-de-passe-solide")
    result = runner.invoke(args=["users", "create", "x@example.org", "--role", "regional_lead"])
    assert result.exit_code == 2
    assert "regions" in result.output
    assert db.session.scalar(select(User)) is None


def test_short_password_and_duplicate_email_are_refused(runner, monkeypatch, make_user):
    existing = make_user("coordinator")
    monkeypatch.setenv("MAILLAGE_PASSWORD", "court")
    result = runner.invoke(args=["users", "create", "new@example.org", "--role", "board"])
    assert result.exit_code == 2
    assert "password" in result.output
    monkeypatch.setenv("MAILLAGE_PASSWORD", "un-mot-de-passe-solide")
    result = runner.invoke(args=["users", "create", existing.email, "--role", "board"])
    assert result.exit_code == 2
    assert "email" in result.output


def test_unknown_role_or_region_exits_2(runner, monkeypatch):
    monkeypatch.setenv("MAILLAGE_PASSWORD", "un-mot-de-passe-solide")
    assert runner.invoke(args=["users", "create", "a@example.org", "--role", "king"]).exit_code == 2
    result = runner.invoke(
        args=["users", "create", "a@example.org", "--role", "regional_lead", "--region", "Toronto"]
    )
    assert result.exit_code == 2
