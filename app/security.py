"""Security headers on every response (SPEC §7)."""

from flask import request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",  # no inline script anywhere: scripts are static files
        "style-src 'self'",  # no inline style either: colours come from CSS classes
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# Endpoints whose responses say themselves how long they may be kept.
OWN_CACHE_RULES = {"calendar.feed"}


def register(app) -> None:
    """Add the security headers to every response of `app`."""

    @app.after_request
    def security_headers(response):
        """Set CSP, no sniffing, no framing, a strict referrer policy and no caching."""
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        # Pages and downloads hold personal data: no browser or proxy cache may keep a
        # copy (Flask's send_file says `no-cache`, which still stores). Static files may,
        # and so may the calendar app that reads a feed (its own, `private`: no proxy).
        endpoint = request.endpoint or ""
        if not endpoint.endswith("static") and endpoint not in OWN_CACHE_RULES:
            headers["Cache-Control"] = "no-store"
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
