"""What every list query is made of: its fields (search and filters), its sorts, and the
parsing of a mapping of text values (a request's arguments, a saved view, CLI options).

A list declares its fields and sorts as data; `ListQuery` does the rest: it reads the
values, drops the bad ones and says which (`dropped`), builds the scoped `Select` and
counts it, and gives back the canonical arguments that rebuild the same view.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import Select, func, select

from models.base import db
from models.labels import Labels
from models.normalize import parse_date
from models.scoping import visible_scope
from models.search import matches

# The "no filter" choice of a select agrees in French with the field's noun: "Tous" for a
# masculine one (Secteur, Palier, Type, Statut…), "Toutes" for a feminine one (Infolettre…),
# or names it ("Toutes les régions"). English says "All" for both. Each select sets its own.
ALL = _l("All")
ALL_FEMININE = lazy_pgettext("feminine", "All")

# A field's options: the labels of the codes it may take, in the language shown. A field
# `narrowed` by its view is also given the user and the values read before it (the MRCs
# offered are those of the user's regions and of the regions chosen).
Options = Callable[..., Mapping[str, str]]


@dataclass(frozen=True)
class Field:
    """One search box or filter of a list.

    `where(value, listing)` returns the SQL condition the value means. A field with
    `options` takes only their codes; `kind` says how it reads and shows: "text",
    "select", "check" (the value "1"), "number" (a record id), "stakeholder" (a
    stakeholder's id, chosen by name in a type-ahead) or "date".
    """

    name: str
    label: Any  # a lazy string: read in the language of the page
    where: Callable[[Any, "ListQuery"], Any]
    kind: str = "select"
    options: Options | None = None
    placeholder: Any = None
    blank: Any = None  # the label of a select's empty choice: ALL, ALL_FEMININE, or words
    many: bool = False  # takes several values (`?region=02&region=06`): any of them
    narrowed: bool = False  # options(labels, user, values): see `Options`
    group: Callable[[Labels], Callable[[str], str]] | None = None  # gives a code's group

    def __post_init__(self):
        if self.options is not None and self.blank is None:
            raise TypeError(f"the select {self.name!r} says how it reads 'All' (blank=)")

    def offered(self, labels: Labels, user=None, values: Mapping | None = None):
        """Return the codes this field takes → their labels (None: it has no options)."""
        if self.options is None:
            return None
        if self.narrowed:
            return self.options(labels, user, values or {})
        return self.options(labels)

    def parse(self, raw: str, labels: Labels, offered: Mapping | None = None) -> Any:
        """Return the value `raw` means for this field (one of `offered` when it has
        options); ValueError when it means nothing."""
        if self.kind == "date":
            day = parse_date(raw)
            if not isinstance(day, date):
                raise ValueError(raw)
            return day
        if self.kind in ("number", "stakeholder"):
            if not raw.isdigit() or not 0 < int(raw) < 2**31:
                raise ValueError(raw)
            return int(raw)
        if self.kind == "check":
            if raw != "1":
                raise ValueError(raw)
            return raw
        if offered is not None and raw not in offered:
            raise ValueError(raw)
        return raw

    def read(
        self, mapping: Mapping, labels: Labels, user=None, values: Mapping | None = None
    ) -> tuple[Any, list[str]]:
        """Return the value `mapping` gives this field (None when unset) and the raw values
        it had to drop (`user` and the `values` read before it narrow its options)."""
        if self.many:
            given = (
                mapping.getlist(self.name)
                if hasattr(mapping, "getlist")
                else mapping.get(self.name)
            )
            raws = [given] if isinstance(given, str) else list(given or [])
        else:
            raws = [mapping.get(self.name)]
        raws = [raw for raw in (str(raw or "").strip() for raw in raws) if raw]
        offered = self.offered(labels, user, values) if raws else None
        found, dropped = [], []
        for raw in raws:
            try:
                found.append(self.parse(raw, labels, offered))
            except ValueError:
                dropped.append(raw)
        if not found:
            return None, dropped
        return (tuple(dict.fromkeys(found)) if self.many else found[0]), dropped

    def shown(self, value: Any) -> str | list[str]:
        """Return `value` as written in a query string."""
        if self.many:
            return [self.shown_one(one) for one in value]
        return self.shown_one(value)

    @staticmethod
    def shown_one(value: Any) -> str:
        return value.isoformat() if isinstance(value, date) else str(value)


def equals(column) -> Callable[[Any, Any], Any]:
    """Return the `where` of a field whose value is the column's value."""
    return lambda value, _listing: column == value


def search(model, placeholder, walked: Callable[[Any], bool] | None = None) -> Field:
    """Return the search box of a list of `model`: folded, every word (`models.search`).
    `walked(listing)`: whether the view is read in the order of an index, along which a
    common word is best checked (`models.search.matches`)."""
    return Field(
        "q",
        _l("Search"),
        lambda q, listing: matches(
            model,
            q,
            each_row=listing.few_rows,
            walked=walked is not None and not listing.few_rows and walked(listing),
        ),
        "text",
        placeholder=placeholder,
    )


@dataclass(frozen=True)
class Sort:
    """One column the list can be sorted by: its header and the columns, ascending
    (the row id comes last, so that equal values keep one order; a column that may be
    empty is wrapped in `may_be_blank`)."""

    label: Any
    columns: tuple


class Deferred:
    """A sort column whose SQL is written with the query, from data read then (the order
    of a reference list's codes, which an admin may change)."""

    def expression(self):
        raise NotImplementedError


@dataclass(frozen=True)
class Blank:
    """A sort column that may be empty (a nullable column, or one of a table joined
    that a row may lack): its empty values come last, whichever way the list is sorted,
    as in a spreadsheet, and on both databases (SQLite would put them first, PostgreSQL
    first only when descending)."""

    column: Any


def may_be_blank(column) -> Blank:
    """Mark a sort column whose empty values come last (`Blank`)."""
    return Blank(column)


@dataclass(frozen=True)
class Dropped:
    """A value the list could not use: the field's label and what was given."""

    label: Any
    value: str


@dataclass
class ListQuery:
    """One view of a list: the user, the values of its fields, and the sort."""

    # Declared by each list:
    name: ClassVar[str]
    fields: ClassVar[tuple[Field, ...]]
    sorts: ClassVar[dict[str, Sort]]
    default_sort: ClassVar[str]
    id_column: ClassVar[Any]
    # Its scope (`models.scoping`: the user's visible rows), and the tables its conditions
    # and sorts read beside the list's own.
    scope: ClassVar[Any]
    joins: ClassVar[tuple] = ()
    # Audited entity types whose change may change the count (it is remembered till then).
    depends_on: ClassVar[tuple[str, ...]] = ()
    # Whether a field reads the user's own rows (then the count is the user's own).
    personal: ClassVar[bool] = False

    user: Any
    values: dict[str, Any] = field(default_factory=dict)
    sort: str = ""
    dropped: list[Dropped] = field(default_factory=list)
    # Whether other conditions, added to its select, leave few rows (a type-ahead's names
    # starting with what was typed): its search then tests each row (`models.search`).
    few_rows: bool = False

    # -- reading -------------------------------------------------------------------------

    @classmethod
    def parse(cls, user, mapping: Mapping[str, str], labels: Labels | None = None):
        """Return the view `mapping` asks for; bad values are left out and listed in
        `dropped`, never an error."""
        labels = labels or Labels(getattr(user, "language", "fr"))
        values, dropped = {}, []
        for spec in cls.fields:
            value, bad = spec.read(mapping, labels, user, values)
            if value is not None:
                values[spec.name] = value
            dropped += [Dropped(spec.label, raw) for raw in bad]
        sort = str(mapping.get("sort") or "").strip()
        if sort and sort.lstrip("-") not in cls.sorts:
            dropped.append(Dropped(SORT_LABEL, sort))
            sort = ""
        return cls(user, values, sort or cls.default_sort, dropped)

    def get(self, name: str, default: Any = "") -> Any:
        """Return the value of the field `name` (`default` when unset)."""
        return self.values.get(name, default)

    def choices(self, spec: Field, labels: Labels) -> list[tuple[str | None, list]]:
        """Return the options of the field `spec` in this view, as (group, [(code, label)])
        pairs: one group (None) unless the field groups its codes (the MRCs by region)."""
        offered = list(spec.offered(labels, self.user, self.values).items())
        if spec.group is None:
            return [(None, offered)]
        group_of = spec.group(labels)
        by_group = groupby(offered, key=lambda item: group_of(item[0]))
        return [(group, list(items)) for group, items in by_group]

    def stakeholder_name(self, name: str) -> str:
        """Return the name of the stakeholder the field `name` holds, if the user sees it."""
        from models.scoping import visible_stakeholders
        from models.stakeholder import Stakeholder

        if name not in self.values:
            return ""
        query = visible_stakeholders(self.user).where(Stakeholder.id == self.values[name])
        return db.session.scalar(query.with_only_columns(Stakeholder.name)) or ""

    # -- the query -----------------------------------------------------------------------

    def scoped(self) -> Select:
        """Return the select of every row the user may see in this list."""
        return type(self).scope(self.user)

    def joined(self, query: Select) -> Select:
        """Join to `query` what the conditions and sorts read (`joins`: the other table and
        the ON clause; a row without a match stays)."""
        for table, on in self.joins:
            query = query.outerjoin(table, on)
        return query

    def current(self):
        """Return the condition that a row is current (not of an archived stakeholder),
        applied unless the view asks for archived rows; None: every row is."""
        return None

    def conditions(self) -> list:
        """Return the SQL conditions the values mean, current rows first unless asked."""
        found = [
            spec.where(self.values[spec.name], self)
            for spec in self.fields
            if spec.name in self.values
        ]
        current = None if "archived" in self.values else self.current()
        return found if current is None else [current, *found]

    def order_by(self) -> tuple:
        """Return the ORDER BY of the sort, reversed for a "-name" sort; the empty
        values of a column that may be blank come last either way."""
        descending = self.sort.startswith("-")
        return tuple(
            ordered(column, descending) for column in self.sorts[self.sort.lstrip("-")].columns
        )

    def select(self) -> Select:
        """Return the select of the rows of this view, scoped, filtered and sorted."""
        return self.joined(self.scoped()).where(*self.conditions()).order_by(*self.order_by())

    def rows(self, ids) -> Select:
        """Return the select of the records `ids` of this list, with what its sorts and
        rows read joined (a page's rows, once its ids are sorted and cut: no condition to
        check again)."""
        column = type(self).id_column
        return self.joined(select(column.class_)).where(column.in_(ids))

    def ids(self) -> Select:
        """Return the select of the ids of the rows of this view (no order)."""
        query = self.joined(self.scoped()).where(*self.conditions())
        return query.with_only_columns(type(self).id_column)

    def counted(self) -> Select:
        """Return the select of how many rows this view holds."""
        return select(func.count()).select_from(self.ids().subquery())

    def count(self) -> int:
        """Return how many rows this view holds."""
        return db.session.scalar(self.counted())

    def count_key(self) -> tuple:
        """Return what the count depends on besides the data: the list, the user's scope
        and the filters (and the user, for a filter on their own rows)."""
        personal = self.user.id if self.personal and self.user is not None else None
        filters = tuple(
            (name, tuple(value) if isinstance(value, list) else value)
            for name, value in sorted(self.filter_args().items())
        )
        return (self.name, visible_scope(self.user), personal, filters)

    # -- writing it back -----------------------------------------------------------------

    def filter_args(self) -> dict[str, str]:
        """Return the values as query arguments, without the sort."""
        return {
            spec.name: spec.shown(self.values[spec.name])
            for spec in self.fields
            if spec.name in self.values
        }

    def args(self, **changes: str) -> dict[str, str]:
        """Return the canonical arguments of this view, with `changes` applied (an empty
        value removes an argument): for page links, exports and saved views."""
        found = self.filter_args()
        if self.sort != self.default_sort:
            found["sort"] = self.sort
        found.update(changes)
        return {name: value for name, value in found.items() if value not in ("", None, [])}

    def sorted_by(self, name: str) -> str:
        """Return "ascending", "descending" or "" for the column `name` (for aria-sort)."""
        if self.sort == name:
            return "ascending"
        return "descending" if self.sort == f"-{name}" else ""

    def sort_args(self, name: str) -> dict[str, str]:
        """Return the arguments that sort by `name`: ascending, or descending when the
        view is already sorted by it ascending."""
        return self.args(sort=f"-{name}" if self.sort == name else name)


def ordered(column, descending: bool):
    """Return `column` as one term of an ORDER BY (a `Blank` one with its nulls last)."""
    blank = isinstance(column, Blank)
    column = column.column if blank else column
    if isinstance(column, Deferred):
        column = column.expression()
    term = column.desc() if descending else column.asc()
    return term.nulls_last() if blank else term


SORT_LABEL = _l("Sort by")
