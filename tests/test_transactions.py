"""On PostgreSQL a transaction begins at the first statement that needs one
(`models.base`): a page that only reads holds none open and sends no BEGIN nor ROLLBACK,
while writes stay all or nothing, whatever was read before them."""

import pytest
from sqlalchemy import create_engine, event, func, select, text

from models import Stakeholder, db
from models.bulk import vacuum_analyze

pytestmark = pytest.mark.usefixtures("app")


@pytest.fixture
def postgresql():
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the transaction begun at the first write: PostgreSQL only")


@pytest.fixture
def states(postgresql):
    """Record the server's transaction state after each statement sent, by its first word."""
    from psycopg.pq import TransactionStatus

    seen: list[tuple[str, str]] = []

    def after(_connection, cursor, statement, *_args):
        state = TransactionStatus(cursor.connection.pgconn.transaction_status).name
        seen.append((statement.split(None, 1)[0].upper(), state))

    event.listen(db.engine, "after_cursor_execute", after)
    yield seen
    event.remove(db.engine, "after_cursor_execute", after)


def test_a_page_that_only_reads_holds_no_transaction_open(client, login, make_stakeholder, states):
    login("coordinator")
    make_stakeholder("CPE Soleil", region="06")
    states.clear()
    page = client.get("/stakeholders/")
    assert page.status_code == 200 and "CPE Soleil" in page.text
    assert states and {word for word, _ in states} == {"SELECT"}
    assert {state for _, state in states} == {"IDLE"}  # no BEGIN before them


def test_a_form_saved_after_reads_writes_in_one_transaction(client, login, states):
    login("coordinator")
    states.clear()
    saved = client.post("/stakeholders/new", data={
        "name": "CPE Les Lucioles", "kind": "organization", "level": "local",
        "region_code": "06", "stage": "identified",
    })  # fmt: skip
    assert saved.status_code == 302, saved.text
    writes = [state for word, state in states if word in {"INSERT", "UPDATE", "DELETE"}]
    assert writes and set(writes) == {"INTRANS"}
    assert db.session.scalar(select(Stakeholder.name)) == "CPE Les Lucioles"


def test_writes_after_reads_are_undone_together(make_stakeholder, states):
    make_stakeholder("CPE Soleil", region="06")
    assert db.session.scalar(select(func.count()).select_from(Stakeholder)) == 1
    db.session.execute(text("UPDATE stakeholder SET name = 'Renamed'"))
    db.session.execute(text("DELETE FROM stakeholder_tag"))
    db.session.rollback()
    assert db.session.scalar(select(Stakeholder.name)) == "CPE Soleil"


def test_a_failed_statement_undoes_the_writes_before_it(make_stakeholder, postgresql):
    soleil = make_stakeholder("CPE Soleil", region="06")
    db.session.execute(text("UPDATE stakeholder SET name = 'Renamed'"))
    with pytest.raises(Exception, match="foreign key"):
        db.session.execute(text(f"UPDATE stakeholder SET owner_id = -1 WHERE id = {soleil.id}"))
    db.session.rollback()
    assert db.session.scalar(select(Stakeholder.name)) == "CPE Soleil"


def test_vacuum_still_runs_outside_any_transaction(postgresql):
    vacuum_analyze(db.engine)  # VACUUM cannot run inside a transaction block


def test_another_engine_in_autocommit_mode_is_left_as_it_is(postgresql):
    # As the benchmarks' engine that creates and drops their databases.
    engine = create_engine(db.engine.url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql("VACUUM stakeholder")
    engine.dispose()
