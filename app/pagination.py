"""Lists shown a page at a time (`?page=N`), their totals counted once and remembered."""

from collections.abc import Callable

from flask import request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select

from app.extensions import db
from models.cache import remembered

PER_PAGE = 25


class Page(Pagination):
    """A page of a select: its entities, or its rows when it selects columns.

    With `count_key` (what the select depends on: the user's scope and the filters) and
    `depends_on` (audited entity types), the total is remembered until those change
    (`models.cache`): counting 100,000 rows on every page view was most of its time.
    """

    _counted: int | None = None

    def _query_items(self) -> list:
        if self.page > 1:  # a page past the end (`?page=99999…`, say) is the last page
            self.page = min(self.page, max(1, -(-self._query_count() // self.per_page)))
        query, by_ids = self._query_args["select"], self._query_args["by_ids"]
        read = self._query_args["read"]
        if by_ids is not None and self._query_args["entities"]:
            return self._by_ids(query, *by_ids, read)
        page = query.limit(self.per_page).offset(self._query_offset)
        if read is not None:
            return read(page)
        result = db.session.execute(page)
        return result.scalars().all() if self._query_args["entities"] else result.all()

    def _by_ids(self, query: Select, key, rows: Callable[[list], Select], read=None) -> list:
        """Return the page's records: their ids (`key`) first, sorted, then `rows(ids)`.
        Sorted by a column no index holds in order, the database sorts every row that
        matches: ids alone, not the wide rows and the tables joined to them (on PostgreSQL,
        100,000 stakeholders by stage in 55 ms, against 170)."""
        page = query.with_only_columns(key).limit(self.per_page).offset(self._query_offset)
        ids = list(dict.fromkeys(db.session.scalars(page)))
        if not ids:
            return []
        if read is not None:
            found = read(rows(ids))
        else:
            found = db.session.scalars(rows(ids)).unique().all()
        position = {value: index for index, value in enumerate(ids)}
        return sorted(found, key=lambda row: position[row.id])

    def _query_count(self) -> int:
        if self._counted is None:  # counted once, whether the page or the total asks first
            self._counted = self._count()
        return self._counted

    def _count(self) -> int:
        def count() -> int:  # the count's select is built only when it is counted
            counted = self._query_args["counted"]
            if counted is None:
                query = self._query_args["select"].order_by(None)
                return db.session.scalar(select(func.count()).select_from(query.subquery()))
            return db.session.scalar(counted())

        key, depends_on = self._query_args["count_key"], self._query_args["depends_on"]
        if key is None:
            return count()
        return remembered("count", key, count, depends_on)


def page_of(
    query: Select,
    per_page: int = PER_PAGE,
    count_key=None,
    depends_on=None,
    by_ids=None,
    counted: Callable[[], Select] | None = None,
    read: Callable[[Select], list] | None = None,
) -> Page:
    """Return the page of `query` asked for by `?page=N` (a Flask-SQLAlchemy Pagination).

    A number below 1 or unreadable is the first page; one past the end, the last. With
    `by_ids` (the id column of `query`'s entities, and what selects them by their ids),
    the page's ids are read first, then their rows (`Page._by_ids`). `counted`: what
    returns the select of its total, when not a count of `query`'s rows. `read`: what
    reads the page's rows from the select of them (as plain data, not ORM objects).
    """
    page = max(request.args.get("page", 1, type=int), 1)
    entities = all(d.get("entity") is not None and d.get("expr") is d.get("entity")
                   for d in query.column_descriptions)  # fmt: skip
    return Page(page, per_page, error_out=False, select=query, entities=entities,
                count_key=count_key, depends_on=depends_on, by_ids=by_ids,
                counted=counted, read=read)  # fmt: skip


class ListPage(Pagination):
    """A page of a list already in memory (the duplicate finder's pairs), `?page=N` past
    the end being the last page."""

    def _query_items(self) -> list:
        items = self._query_args["items"]
        self.page = min(self.page, max(1, -(-len(items) // self.per_page)))
        return items[self._query_offset : self._query_offset + self.per_page]

    def _query_count(self) -> int:
        return len(self._query_args["items"])


def page_of_list(items: list, per_page: int = PER_PAGE) -> ListPage:
    """Return the page of `items` asked for by `?page=N`."""
    page = max(request.args.get("page", 1, type=int), 1)
    return ListPage(page, per_page, error_out=False, items=items)
