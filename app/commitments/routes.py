"""Views of the commitment screens: the five pages of a record (`app.records`)."""

from sqlalchemy.orm import contains_eager

from app.commitments import bp
from app.commitments.forms import CommitmentForm
from app.records import RecordPages
from models import Commitment
from models.lists import CommitmentList

# A status change is kept in the commitment's history (`models.operations`).
RecordPages(
    CommitmentList,
    CommitmentForm,
    lambda query: query.options(contains_eager(Commitment.stakeholder)),
).register(bp)
