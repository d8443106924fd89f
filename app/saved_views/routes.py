"""Saving, opening, sharing and deleting saved views (issue 16, in progress)."""
