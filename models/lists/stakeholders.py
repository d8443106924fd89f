"""The stakeholder list: search, region, sector, level, stage, measure, tag, archived."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select

from models.commitment import Commitment
from models.dormant import DORMANT_DAYS, is_dormant
from models.lists.base import ALL, Field, ListQuery, Sort, equals, may_be_blank, search
from models.lists.fields import archived, display_order, mrc, region, table
from models.reference import ACTIVE_STATUSES
from models.scoping import visible_stakeholders
from models.search import is_rare_search
from models.stakeholder import Stakeholder, StakeholderTag

S = Stakeholder


def _committed_to(measure: str, _listing):
    return exists(
        select(Commitment.id).where(
            Commitment.stakeholder_id == S.id,
            Commitment.measure_code == measure,
            Commitment.status.in_(ACTIVE_STATUSES),
        )
    )


def _tagged(tag: str, _listing):
    return exists(
        select(StakeholderTag.name).where(
            StakeholderTag.stakeholder_id == S.id, StakeholderTag.name == tag
        )
    )


class StakeholderList(ListQuery):
    """The stakeholders the user sees; archived ones only when asked, and then only them."""

    name = "stakeholders"
    scope = staticmethod(visible_stakeholders)
    id_column = S.id
    depends_on = ("stakeholder", "commitment", "import_batch", "change_batch")
    fields = (
        search(S, _l("Name, municipality, email, tag")),
        region(),
        mrc(),
        Field("sector", _l("Sector"), equals(S.sector_code), options=table("sector"), blank=ALL),
        Field("level", _l("Level"), equals(S.level), options=table("level"), blank=ALL),
        Field(
            "stage", _l("Stage"), equals(S.stage), options=table("stage"), blank=_l("All stages")
        ),
        Field(
            "measure",
            _l("Committed to"),
            _committed_to,
            options=table("measure"),
            blank=_l("All measures"),
        ),
        Field("tag", _l("Tag"), _tagged, kind="text"),
        Field(
            "dormant",
            _l("No interaction in %(days)s days", days=DORMANT_DAYS),
            lambda _value, _: is_dormant(),
            kind="check",
        ),
        archived(),
    )
    sorts = {
        "name": Sort(_l("Name"), (S.name_key, S.id)),
        "region": Sort(_l("Region"), (may_be_blank(S.region_code), S.name_key, S.id)),
        "sector": Sort(
            _l("Sector"), (may_be_blank(display_order("sector", S.sector_code)), S.name_key, S.id)
        ),
        "level": Sort(_l("Level"), (display_order("level", S.level), S.name_key, S.id)),
        "stage": Sort(_l("Stage"), (display_order("stage", S.stage), S.name_key, S.id)),
        "locality": Sort(_l("Municipality"), (S.locality, S.name_key, S.id)),
        "updated": Sort(_l("Last updated"), (S.updated_at, S.id)),
    }
    default_sort = "name"

    def current(self):
        if self.sort.lstrip("-") != "name":
            # Sorted by another column, every current stakeholder is read and sorted:
            # SQLite reads the table in its own order for `archived IS NOT true` (or the
            # region's index, in region order), 4 times faster than through the name
            # index that `archived = false` leads it to (`Stakeholder.current_of_all`).
            return S.current_of_all()
        current = S.archived.is_(False)
        if is_rare_search(self.get("q")):
            # A rare word: SQLite looks its few stakeholders up by id once `likely` tells
            # it that most stakeholders are not archived; otherwise it walks the whole
            # `archived` index in name order (SQLite only: False elsewhere).
            return func.likely(current)
        return current
