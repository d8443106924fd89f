"""Absolute links for what leaves the app (emails, the calendar feed), built from
`PUBLIC_URL`, never from a request's Host header, in or out of a request (the worker)."""

from urllib.parse import urlsplit

from flask import current_app


def public_link(endpoint: str, **values) -> str:
    """Return the absolute address of `endpoint` with `values`, under PUBLIC_URL."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def public_host() -> str:
    """Return the host name of PUBLIC_URL (the domain of the calendar events' UIDs)."""
    return urlsplit(current_app.config["PUBLIC_URL"]).hostname or "localhost"
