"""Spreadsheet import: read, map, normalize, validate, match and write in bulk."""
