"""The synergy report as a PDF for the board pack: the page itself, printed by WeasyPrint.

WeasyPrint lays the page out with its print styles (reports.css `@media print`, `@page`):
no menu, filters or buttons; landscape pages numbered "2 / 4". Its stylesheets are read
from the app's own static folders, never over the network. WeasyPrint needs the system's
Pango library: where it cannot load, `pdf_unavailable()` says why, the page's button says
it and the download answers a page that says it (503), not an error.
"""

import logging
import mimetypes
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app
from werkzeug.exceptions import HTTPException
from werkzeug.security import safe_join

# WeasyPrint logs every CSS rule it does not know (Bootstrap's screen media queries...) as a
# warning: noise in the server's log, where only its errors matter.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


@cache
def _weasyprint():
    """Return the weasyprint module, or the reason it cannot load (a string)."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango or its fonts are missing
        return f"{type(error).__name__}: {error}"
    return weasyprint


def pdf_unavailable() -> str | None:
    """Return why this machine cannot write PDF files, or None when it can."""
    found = _weasyprint()
    return found if isinstance(found, str) else None


def html_to_pdf(html: str, base_url: str) -> bytes:
    """Return the PDF of `html`, a page of this app whose links resolve against `base_url`."""
    weasyprint = _weasyprint()
    if isinstance(weasyprint, str):
        raise RuntimeError(weasyprint)
    fetcher = _local_fetcher(weasyprint)
    return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()


def _local_fetcher(weasyprint):
    """Return a URL fetcher that reads the app's static files from disk and nothing else."""
    app = current_app._get_current_object()

    class LocalFetcher(weasyprint.urls.URLFetcher):
        def fetch(self, url, headers=None):
            path = static_file(app, url)
            if path is None:
                raise ValueError(f"not one of the app's static files: {url}")
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return weasyprint.urls.URLFetcherResponse(
                url, path.read_bytes(), {"Content-Type": mime_type}
            )

    return LocalFetcher()


def static_file(app, url: str) -> Path | None:
    """Return the file behind `url` when it is one of `app`'s static files (its own or a
    blueprint's, such as Bootstrap's), else None."""
    try:
        endpoint, args = app.url_map.bind("localhost").match(urlsplit(url).path, method="GET")
    except HTTPException:
        return None
    if endpoint == "static":
        folder = app.static_folder
    elif endpoint.endswith(".static") and endpoint[: -len(".static")] in app.blueprints:
        folder = app.blueprints[endpoint[: -len(".static")]].static_folder
    else:
        return None
    found = safe_join(folder, args.get("filename", "")) if folder else None
    return Path(found) if found and Path(found).is_file() else None
