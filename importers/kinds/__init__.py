"""One importer per kind of record: how its rows are read, matched and written."""
