"""Accent- and case-insensitive search: the one place that decides a match.

Each searchable record keeps `search_text`, folded (`Émilie Gagné` → `emilie gagne`), and
every word typed must appear in it, in any order (`matches(Model, q)`). What each is
found by:
- a stakeholder: its name, locality, email and tags;
- a contact: first and last name, title, email, phone, and its stakeholder's name (so
  that `tremblay hiboux` finds Marie Tremblay of CPE Les Hiboux). Renaming a stakeholder
  rewrites its contacts' text (a handful of rows); notes are left out;
- an interaction: its summary;
- a user account: its name and email, folded when searched (a few dozen rows: no column,
  no index);
- an audit event: its action and entity type as the log shows them (`update`,
  `contact`), the entity's id, the names its values hold (`name`, `first_name`,
  `last_name`, `email`, `code`; else the entity's present name, for stakeholders,
  contacts and users), and the acting user's name and email. Renaming a user rewrites the
  text of their events; renaming the entity does not (the event keeps the name it was
  about, and an anonymized contact's erased values are erased here too).

The column is indexed for substring search by each database's own means: PostgreSQL's
pg_trgm (GIN indexes that maintain themselves, migrations 0003 and 0011) and SQLite's FTS5
with the trigram tokenizer (tables `<table>_fts`, rowid = record id, migrations 0004 and
0011). Words shorter than three letters, which trigrams cannot index, fall back to a plain
scan.

On SQLite this package writes the FTS5 tables, in bulk, because a trigger per row made a
50,000-row import eight seconds slower (only deletions go through a trigger):
- ORM writes: `search_text` is refreshed before each flush and indexed after it;
- bulk writers either give `search_text` on insert and hand `index_inserted(Model)` to
  the bulk writer's stream (`models.bulk.BulkWriter.stream`, which runs it as it inserts),
  or leave it NULL (on insert, or by setting it to NULL when a searched column changes,
  see `unindexed`) and call `index_pending(Model, ...)` once at the end. A partial index on
  the NULLs makes finding them one index step. A contact's sort key (`Contact.name_key`,
  its names folded) is written then too: a bulk writer that changes names leaves both.
"""

from models.search import listeners  # noqa: F401  (keeps search_text fresh on every flush)
from models.search.index import (
    FEW_MATCHES,
    SEARCHABLE,
    found_first,
    index_inserted,
    index_pending,
    index_pending_stakeholders,
    is_rare_search,
    left_out_of_schema_comparison,
    matches,
    refresh_search_text,
    stakeholder_search,
    write_search_index,
)
from models.search.texts import (
    audit_text,
    contact_text,
    interaction_text,
    is_stale,
    search_text,
    unindexed,
)

__all__ = [
    "FEW_MATCHES",
    "SEARCHABLE",
    "audit_text",
    "contact_text",
    "found_first",
    "index_inserted",
    "index_pending",
    "index_pending_stakeholders",
    "interaction_text",
    "is_rare_search",
    "is_stale",
    "left_out_of_schema_comparison",
    "matches",
    "refresh_search_text",
    "search_text",
    "stakeholder_search",
    "unindexed",
    "write_search_index",
]
