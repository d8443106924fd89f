"""What a listed interaction shows, loaded for the whole list at once (its participants'
names and territory, who logged it) rather than one interaction at a time."""

from sqlalchemy.orm import joinedload, lazyload, load_only, selectinload

from models import Interaction, Stakeholder, User

SHOWN = (
    selectinload(Interaction.stakeholders).options(
        load_only(Stakeholder.name, Stakeholder.level, Stakeholder.region_code),
        lazyload(Stakeholder.tags),
        lazyload(Stakeholder.region),
        lazyload(Stakeholder.sector),
    ),
    joinedload(Interaction.user).lazyload(User.regions),
)
