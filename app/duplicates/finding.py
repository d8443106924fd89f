"""The duplicates review page and "not a duplicate" (issue 16, in progress)."""
