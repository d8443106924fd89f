"""Territory scoping: what each user may see, as one `Select` per entity (SPEC §1).

Every list, detail, search, export, report, count and autocomplete starts from these
functions; nothing else decides who sees what. Admins, coordinators and board members see
everything; a regional lead sees the stakeholders of their regions plus national ones, and
the contacts, interactions, commitments and relationships of those stakeholders.

`user=None` means the system itself (a CLI command run without `--as`): everything.
"""

from datetime import date

from sqlalchemy import Select, and_, case, exists, false, func, not_, or_, select, true

from models.audit import AuditEvent
from models.commitment import Commitment
from models.contact import Contact
from models.interaction import Interaction, interaction_stakeholder
from models.maildrop import MaildropAddress, MaildropMessage
from models.saved_view import SavedView
from models.stakeholder import Relationship, Stakeholder
from models.user import ASSIGNEE_ROLES, User, user_region

# The area of a stakeholder: its region's code, or "national" for one without a region (a
# CHECK holds that national stakeholders, and only they, have no region).
NATIONAL = "national"
AREA = func.coalesce(Stakeholder.region_code, NATIONAL)


def in_area(area: str):
    """Return the SQL condition on `Stakeholder` that it belongs to `area` (a region code,
    or "national")."""
    if area == NATIONAL:
        return Stakeholder.region_code.is_(None)
    return Stakeholder.region_code == area


def in_areas(areas) -> object:
    """Return the SQL condition on `Stakeholder` that it belongs to one of `areas`."""
    return or_(*(in_area(area) for area in areas))


def _unlimited(user: User | None) -> bool:
    return user is None or user.sees_everything


def stakeholder_in_scope(user: User | None):
    """Return the SQL condition on `Stakeholder` that `user` may see it (None: no limit)."""
    if _unlimited(user):
        return None
    # National stakeholders are those without a region (a CHECK holds it): written so, the
    # condition is one range of the region index.
    return or_(in_area(NATIONAL), Stakeholder.region_code.in_(user.region_codes))


def stakeholder_engageable(user: User | None):
    """Return the SQL condition on `Stakeholder` that `user` may log interactions and
    commitments for it (`User.can_engage` in SQL; None: no limit): a regional lead's own
    regions, never a national stakeholder; nothing for a read-only role."""
    if user is None or user.can_manage_stakeholders:
        return None
    if user.role != "regional_lead":
        return false()
    return and_(Stakeholder.level != NATIONAL, Stakeholder.region_code.in_(user.region_codes))


def editable_rows(user: User | None, kind: str):
    """Return the SQL condition on the rows of the list `kind` ("stakeholders",
    "contacts", "interactions", "commitments") that `user` may change them (`User.can_edit`
    in SQL, for the bulk actions): everything for admins, coordinators and the system;
    a regional lead's commitments of their stakeholders and interactions whose every
    participant is theirs (and at least one); nothing else."""
    if user is None or user.can_manage_stakeholders:
        return true()
    if kind in ("stakeholders", "contacts") or user.role != "regional_lead":
        return false()
    engageable = stakeholder_engageable(user)
    if kind == "commitments":
        return Commitment.stakeholder_id.in_(select(Stakeholder.id).where(engageable))
    link = interaction_stakeholder.c
    participants = select(link.interaction_id).where(link.interaction_id == Interaction.id)
    outside = participants.join(Stakeholder, Stakeholder.id == link.stakeholder_id).where(
        not_(engageable)
    )
    return and_(exists(participants), not_(exists(outside)))


def visible_areas(user: User | None) -> set[str] | None:
    """Return the areas (region codes, and "national") whose stakeholders `user` sees, or
    None when they see every one: for figures counted per area for the whole province."""
    if _unlimited(user):
        return None
    return {*user.region_codes, NATIONAL}


def visible_scope(user: User | None) -> tuple[str, ...] | None:
    """Return what decides what `user` sees, as a key for remembered figures: the sorted
    areas, or None for the whole province."""
    areas = visible_areas(user)
    return None if areas is None else tuple(sorted(areas))


def visible_stakeholders(user: User | None) -> Select:
    """Return the select of the stakeholders `user` may see."""
    query = select(Stakeholder)
    condition = stakeholder_in_scope(user)
    return query if condition is None else query.where(condition)


def visible_stakeholder_ids(user: User | None) -> Select:
    """Return the select of the ids of the stakeholders `user` may see."""
    query = select(Stakeholder.id)
    condition = stakeholder_in_scope(user)
    return query if condition is None else query.where(condition)


def _of_visible_stakeholders(model, user: User | None) -> Select:
    """Return the select of the `model` rows (contacts, commitments) of the stakeholders
    `user` may see."""
    query = select(model)
    if _unlimited(user):
        return query
    # Correlated, one primary-key step per row: a list reads its rows in its own order and
    # stops at a page. With `IN (the visible ids)`, SQLite read every row of a lead's
    # regions and sorted them (25,000 contacts of Montréal and Laval: 140 ms a page).
    # Its own `stakeholder`, even when the list joins the row's stakeholder outside.
    own = (
        select(Stakeholder.id)
        .where(Stakeholder.id == model.stakeholder_id, stakeholder_in_scope(user))
        .correlate_except(Stakeholder)
    )
    return query.where(exists(own))


def visible_contacts(user: User | None) -> Select:
    """Return the select of the contacts `user` may see (those of visible stakeholders)."""
    return _of_visible_stakeholders(Contact, user)


def visible_interactions(user: User | None) -> Select:
    """Return the select of the interactions involving at least one visible stakeholder.

    A joint meeting with a stakeholder outside the lead's regions stays visible, but views
    list only its visible participants (`visible_participants`).
    """
    query = select(Interaction)
    if _unlimited(user):
        return query
    involved = (
        select(interaction_stakeholder.c.interaction_id)
        .join(Stakeholder, Stakeholder.id == interaction_stakeholder.c.stakeholder_id)
        .where(interaction_stakeholder.c.interaction_id == Interaction.id)
        .where(stakeholder_in_scope(user))
    )
    return query.where(exists(involved))


def visible_interaction_ids(user: User | None) -> Select | None:
    """Return the select of the ids of the interactions `user` sees, read from the links
    of the stakeholders they see (None: they see every one): to count them all. For a
    lead of Montréal and Laval at 100,000 stakeholders, SQLite counts them so in 0.4 s,
    against 1.1 s for an `EXISTS` per interaction (`visible_interactions`); PostgreSQL
    plans both alike."""
    if _unlimited(user):
        return None
    return (
        select(interaction_stakeholder.c.interaction_id)
        .join(Stakeholder, Stakeholder.id == interaction_stakeholder.c.stakeholder_id)
        .where(stakeholder_in_scope(user))
    )


def assigned_follow_ups(user: User) -> Select:
    """Return the select of the open follow-ups assigned to `user` (not done, with a date)
    of interactions they still see: their home page, calendar feed and weekly digest."""
    return visible_interactions(user).where(
        Interaction.assigned_to_id == user.id,
        Interaction.follow_up_on.is_not(None),
        Interaction.follow_up_done.is_(False),
    )


def possible_assignees(user: User | None, stakeholders=None) -> Select:
    """Return the select of the active users, by name, to whom `user` may assign the
    follow-up of an interaction with `stakeholders`: those who may act on every one of
    them (`User.can_take_follow_up` in SQL). Without `stakeholders` (a quick log not
    filled in yet), those who may act on some stakeholder `user` may log for: every admin
    and coordinator, and the regional leads (of one of the user's regions, for a lead).
    Nobody for a read-only role: who cannot change a follow-up cannot hand it over."""
    query = (
        select(User)
        .where(User.active.is_(True), User.role.in_(ASSIGNEE_ROLES))
        .order_by(User.name, User.email)
    )
    if user is not None and not user.can_log_interactions:
        return query.where(false())
    link = user_region.c

    def leads(codes) -> object:
        return exists(
            select(link.user_id).where(link.user_id == User.id, link.region_code.in_(codes))
        )

    if stakeholders is None:
        if user is None or user.can_manage_stakeholders:
            return query
        return query.where(or_(User.role != "regional_lead", leads(user.region_codes)))
    stakeholders = list(stakeholders)
    codes = {s.region_code for s in stakeholders}
    if not stakeholders or any(s.level == NATIONAL or s.region_code is None for s in stakeholders):
        return query.where(User.role != "regional_lead")
    return query.where(or_(User.role != "regional_lead", and_(*(leads([c]) for c in codes))))


def visible_commitments(user: User | None) -> Select:
    """Return the select of the commitments of visible stakeholders."""
    return _of_visible_stakeholders(Commitment, user)


def visible_relationships(user: User | None) -> Select:
    """Return the select of relationships whose two ends are both visible."""
    query = select(Relationship)
    if _unlimited(user):
        return query
    ids = visible_stakeholder_ids(user)
    return query.where(Relationship.source_id.in_(ids), Relationship.target_id.in_(ids))


def ties_of(user: User | None, stakeholder_id: int, on: date) -> Select:
    """Return the select of the ties of the stakeholder `stakeholder_id` (one the caller
    found in `user`'s scope), each as (relationship, its other end), the other end None
    when `user` may not see it.

    A lead reads such a tie by its type and intensity only: the other stakeholder's row is
    never loaded, so its name, link and the tie's note cannot reach the page. Exports and
    the report keep to `visible_relationships` (both ends visible). Current ties come first,
    then those ended by `on` (an end date on or before it); each part by latest start.
    """
    other_id = case(
        (Relationship.source_id == stakeholder_id, Relationship.target_id),
        else_=Relationship.source_id,
    )
    seen = stakeholder_in_scope(user)
    joined = Stakeholder.id == other_id if seen is None else and_(Stakeholder.id == other_id, seen)
    ended = and_(Relationship.ends_on.is_not(None), Relationship.ends_on <= on)
    return (
        select(Relationship, Stakeholder)
        .outerjoin(Stakeholder, joined)
        .where(
            or_(Relationship.source_id == stakeholder_id, Relationship.target_id == stakeholder_id)
        )
        .order_by(
            case((ended, 1), else_=0),
            Relationship.starts_on.is_(None),
            Relationship.starts_on.desc(),
            Relationship.id.desc(),
        )
    )


def visible_participants(user: User | None, interaction: Interaction) -> list[Stakeholder]:
    """Return the stakeholders of `interaction` that `user` may see."""
    if _unlimited(user):
        return list(interaction.stakeholders)
    return [s for s in interaction.stakeholders if user.can_see(s)]


def visible_present(user: User | None, interaction: Interaction) -> list[Contact]:
    """Return the contacts present at `interaction` that `user` may see, by name (an
    Interaction, or a listed one read with its contacts: `app.interactions.listing`)."""
    present = sorted(interaction.contacts, key=lambda c: (c.name_key, c.id))
    if _unlimited(user):
        return present
    return [c for c in present if c.stakeholder is not None and user.can_see(c.stakeholder)]


def _admin_only(query: Select, user: User | None) -> Select:
    return query if user is None or user.is_admin else query.where(false())


def visible_audit_events(user: User | None) -> Select:
    """Return the select of the audit events `user` may read: all for an admin, else none."""
    return _admin_only(select(AuditEvent), user)


def visible_users(user: User | None) -> Select:
    """Return the select of the user accounts `user` may list: all for an admin, else none."""
    return _admin_only(select(User), user)


def visible_maildrop_addresses(user: User | None) -> Select:
    """Return the select of the mail drop's addresses (review queue, "Courriels à classer")
    `user` may read and classify: those of their own messages; every one for an admin and
    the system. A coordinator sees every contact, but not another person's mail."""
    query = select(MaildropAddress).join(
        MaildropMessage, MaildropMessage.id == MaildropAddress.message_id
    )
    if user is None or user.is_admin:
        return query
    return query.where(MaildropMessage.user_id == user.id)


def visible_saved_views(user: User | None) -> Select:
    """Return the select of the saved views `user` may open: their own and the shared ones
    (None, the system: every view), by list and name."""
    query = select(SavedView).order_by(SavedView.list_name, SavedView.name, SavedView.id)
    if user is None:
        return query
    return query.where(or_(SavedView.user_id == user.id, SavedView.shared.is_(True)))
