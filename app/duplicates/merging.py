"""The merge screen and its undo (issue 16, in progress)."""
