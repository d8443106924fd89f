"""The web side of the lists of `models.lists`: read the view from the request, show its
page, send its export. The routes of every list page call these three."""

from dataclasses import replace
from operator import attrgetter

from flask import flash, request
from flask_babel import format_number, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case, literal

from app.choices import labels
from app.downloads import send_export
from app.extensions import db
from app.incoming import record_id
from app.pagination import Page, page_of
from models.lists import ListQuery
from models.normalize import fold, name_key
from models.search import found_first


def open_list(listing_class: type[ListQuery]) -> ListQuery:
    """Return the view of the list the request asks for, in the user's scope; each value
    it could not use is said in a message, and left out."""
    listing = listing_class.parse(current_user, request.args, labels())
    for dropped in listing.dropped:
        flash(
            _(
                "Filter left out: “%(value)s” is not a value of %(field)s.",
                value=dropped.value,
                field=_field_words(dropped.label),
            ),
            "warning",
        )
    return listing


def _field_words(label) -> str:
    """Return a field's label inside a sentence: lower case, but an acronym (MRC) kept."""
    words = str(label)
    return words if words.isupper() else words.lower()


def list_page(listing: ListQuery, shown=None, read=None) -> Page:
    """Return the page of `listing` asked for by `?page=N` (`shown`: what adds its loading
    options to a select of its records; `read`: what reads its rows from such a select as
    plain data instead); its total is remembered until the data changes.

    Sorted by another column than its default one (which an index holds in order, either
    way), the page's ids are read first, then their rows (`Page._by_ids`); in the default
    order, which the busiest pages use, one query reads them from that index."""
    shown = shown or (lambda query: query)
    remembered = bool(listing.depends_on)
    indexed = listing.sort.lstrip("-") == listing.default_sort.lstrip("-")
    return page_of(
        shown(listing.select()),
        count_key=listing.count_key() if remembered else None,
        depends_on=listing.depends_on if remembered else None,
        by_ids=None if indexed else (type(listing).id_column, lambda ids: shown(listing.rows(ids))),
        counted=listing.counted,
        read=read,
    )


def type_ahead(
    listing_class: type[ListQuery],
    shown,
    *loads,
    where=None,
    first=None,
    named=None,
    prefix=None,
    recent=None,
    **filters: str,
) -> dict:
    """Return the JSON of a type-ahead: up to 10 rows of the list, in the user's scope,
    matching `?q=` (two letters or more), each as `shown(record)` gives it (`loads`: the
    loader options of what it reads, so that ten rows are one query).

    `where`: a condition every row offered meets (the stakeholders one may log for).
    `first`: (a condition, the same as a test of a record) on the rows offered before the
    others (the contacts of the stakeholders already chosen); without `q`, or with a single
    letter (which they hold), those rows alone.
    `named(record)`: the record's name; rows are ranked by it (`_ranking`): names starting
    with what was typed, then names with a word starting with each word typed, then names
    holding them, then rows found by another of their texts (a title, a stakeholder's
    name). `prefix`: the indexed column of the folded name without spaces
    (`models.normalize.name_key`): the names starting with what was typed are read through
    it first, so that they are ranked even when the list holds thousands of matches.
    Without `first`, the matches are read in the order the search index finds them
    soonest (`models.search.found_first`), then put in the list's order (its default
    sort, of columns the rows hold: `loads` must read them), then ranked.
    `recent(ids)`: which of those rows the user logged with lately, first among equals.
    `?not=<id>` (repeated): rows already chosen, left out. `count` is how many rows match,
    up to TYPE_AHEAD_READ + 1 (counting thousands would cost more than all the rest:
    beyond, `status` asks for more letters); `status` says it in words (announced by
    lookup.js)."""
    q = request.args.get("q", "").strip()
    if len(q) < 2 and first is None:
        return {"results": [], "count": 0, "status": ""}
    # Among the `first` rows alone (a few), one letter is enough to search.
    least = 1 if first is not None else 2
    asked = {"q": q if len(q) >= least else "", **filters}
    listing = listing_class.parse(current_user, asked, labels())
    chosen = [i for i in map(record_id, request.args.getlist("not")) if i is not None]

    def offered(listing: ListQuery):
        query = listing.select().options(*loads)
        if where is not None:
            query = query.where(where)
        if chosen:  # those already chosen in the form are not offered (nor counted) again
            query = query.where(listing_class.id_column.not_in(chosen))
        if first is not None:
            condition, _holds = first
            query = query.where(condition) if len(q) < 2 else query  # one letter: among them
            ranked = (case((condition, 0), else_=1), *listing.order_by())
            query = query.order_by(None).order_by(*ranked)
        return query

    read, resorted = offered(listing), None
    if first is None:
        # Past fifty matches any fifty will do (the names starting with what was typed are
        # read apart, below): read in the order the search index finds them soonest, then
        # put back in the list's order (its columns, as each row holds them).
        unsearched = replace(listing, values={k: v for k, v in listing.values.items() if k != "q"})
        model = listing_class.id_column.class_
        soonest = found_first(offered(unsearched).order_by(None), model, q)
        if soonest is not None:
            read = soonest
            resorted = attrgetter(*(c.key for c in listing.sorts[listing.sort].columns))
    found = list(db.session.scalars(read.limit(TYPE_AHEAD_READ + 1)).unique())
    if resorted is not None:
        found.sort(key=resorted)
    count = len(found)  # TYPE_AHEAD_READ + 1: more than it reads, "many"
    if count > TYPE_AHEAD_READ:
        found = found[:TYPE_AHEAD_READ]
        if prefix is not None and (key := name_key(q)):
            # The names starting with it are few: each one's search is tested apart.
            narrow = offered(replace(listing, few_rows=True)).where(*starts_with(prefix, key))
            starting = narrow.limit(TYPE_AHEAD_SHOWN)
            seen = {record.id for record in found}
            found += [r for r in db.session.scalars(starting).unique() if r.id not in seen]
    if first is not None or named is not None:
        lately = recent([record.id for record in found]) if recent and found else set()
        found.sort(key=_ranking(q, first, named, lately))
    results = [shown(record) for record in found[:TYPE_AHEAD_SHOWN]]
    return {"results": results, "count": count, "status": type_ahead_status(count, len(results))}


def type_ahead_status(count: int, shown: int) -> str:
    """Return what a type-ahead says of its results (lookup.js announces it): `count`
    matches (more than TYPE_AHEAD_READ: "many"), `shown` of them listed."""
    if count > TYPE_AHEAD_READ:
        return _(
            "More than %(num)s results: type a few more letters.",
            num=format_number(TYPE_AHEAD_READ),
        )
    status = ngettext("%(count)s result", "%(count)s results", count, count=format_number(count))
    if count > shown:
        status += " " + _("(the first %(shown)s shown)", shown=shown)
    return status


TYPE_AHEAD_SHOWN = 10
TYPE_AHEAD_READ = 50  # ranked among this many matches (names first), then cut to 10


def starts_with(column, key: str) -> tuple:
    """Return the conditions that `column` starts with `key`: a range its index answers
    (on SQLite and PostgreSQL alike, where LIKE alone would read them all), and LIKE to
    be exact whatever the collation. The values are written into the statement, so that
    PostgreSQL plans it with them each time: the generic plan it keeps for a statement
    prepared with parameters does not know how narrow the range is, and read 7,000 rows
    through two indexes to keep 10 (16 ms instead of 1)."""
    after = key[:-1] + chr(ord(key[-1]) + 1)
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    bounds = [literal(value, column.type, literal_execute=True) for value in (key, after)]
    pattern = literal(escaped + "%", column.type, literal_execute=True)
    return column >= bounds[0], column < bounds[1], column.like(pattern, escape="\\")


def _ranking(q: str, first, named, lately=frozenset()):
    """Return the sort key of type-ahead rows: `first` rows (its Python test here), then
    those whose name starts with what was typed, then those where each word typed starts
    a word of the name, then those whose name holds them; among equals, the rows whose id
    is in `lately` (logged with lately), then the names of fewer words (closer to what was
    typed: "Table de quartier Hochelaga" before "Table de concertation petite enfance de
    Hochelaga-Maisonneuve" for `table hoch`), then the list's order."""
    words = fold(q).split()
    typed = "".join(words)

    def key(record) -> tuple:
        name = fold(named(record)) if named else ""
        starts = [" " + part for part in name.split()]
        return (
            0 if first is not None and first[1](record) else 1,
            0 if words and name.replace(" ", "").startswith(typed) else 1,
            0 if words and all(any(p.startswith(" " + w) for p in starts) for w in words) else 1,
            0 if all(w in name for w in words) else 1,
            0 if record.id in lately else 1,
            len(starts),
        )

    return key


def send_list(listing_class: type[ListQuery], fmt: str):
    """Send the export (.xlsx or .csv) of the view the request asks for."""
    return send_export(listing_class.parse(current_user, request.args, labels()), fmt)
