"""Views of the commitment screens: the five pages of a record (`app.records`)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager

from app.commitments import bp
from app.commitments.forms import CommitmentForm
from app.records import RecordPages
from models import Commitment
from models.lists import CommitmentList
from models.operations import create_commitment, update_commitment
from models.scoping import visible_commitments

# A status change is kept in the commitment's history (`models.operations`).
RecordPages(
    name="commitment",
    folder="commitments",
    model=Commitment,
    scope=visible_commitments,
    listing=CommitmentList,
    form=CommitmentForm,
    create=create_commitment,
    update=update_commitment,
    created=_l("Commitment recorded."),
    may_create=lambda user: user.can_log_interactions,
    may_edit=lambda user, commitment: user.can_engage(commitment.stakeholder),
    shown=lambda query: query.options(contains_eager(Commitment.stakeholder)),
).register(bp)
