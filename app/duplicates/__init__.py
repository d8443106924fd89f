"""Duplicates: the review page of candidate pairs (`finding`), and merging two records
with its undo (`merging`)."""

from flask import Blueprint

bp = Blueprint("duplicates", __name__, url_prefix="/duplicates")

from app.duplicates import finding, merging  # noqa: E402, F401
