"""Views of the network map: the page, its .svg and .png downloads (audited), and the compact
map the synergy report includes (`reports/_network_map.html`)."""

import io

from flask import current_app, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from app.choices import labels
from app.downloads import download_name
from app.extensions import db
from app.lists import send_list
from app.network import bp
from app.network.drawing import GRAPH_RIGHT, HEIGHT, LEGEND_X, WIDTH, draw
from app.network.forms import NetworkFilterForm
from app.network.png import png_unavailable, svg_to_png
from models import clock
from models.lists import RelationshipList
from reports.network_map import network_map, record_network_export
from reports.synergy import SynergyFilters, describe_filters

MOST_CONNECTED = 25  # rows of the text alternative below the map


def _map(external: bool = False, compact: bool = False, filters: SynergyFilters | None = None):
    """Return the filter form (None when `filters` are given), the filters, what the map
    shows and its drawing."""
    form = None
    if filters is None:
        form = NetworkFilterForm(request.args).fill_choices(current_user)
        form.validate()
        filters = form.filters()
    found = network_map(current_user, filters)

    def link(stakeholder_id: int) -> str:
        return url_for("stakeholders.detail", stakeholder_id=stakeholder_id, _external=external)

    return form, filters, found, draw(found, labels(), link, compact)


def _svg(drawing, standalone: bool = False, compact: bool = False) -> str:
    return render_template(
        "network/_map.svg",
        drawing=drawing,
        standalone=standalone,
        compact=compact,
        width=WIDTH,
        height=HEIGHT,
        graph_right=GRAPH_RIGHT,
        legend_x=LEGEND_X,
    )


@bp.app_context_processor
def map_helpers():
    """Let the synergy report draw the compact map and know whether PNG files can be made."""
    return {
        "network_map_svg": compact_map,
        "png_unavailable": png_unavailable,
        "map_size": (WIDTH, HEIGHT),
    }


def compact_map(filters: SynergyFilters) -> Markup:
    """Return the compact map of the user's scope under `filters`, as inline SVG."""
    _form, _filters, _found, drawing = _map(compact=True, filters=filters)
    return Markup(_svg(drawing, compact=True))


@bp.get("/network")
@login_required
def index():
    """Show the network map of the user's scope, with the synergy report's filters."""
    form, filters, found, drawing = _map()
    return render_template(
        "network/index.html",
        form=form,
        found=found,
        drawing=drawing,
        svg=Markup(_svg(drawing)),
        most_connected=found.nodes[:MOST_CONNECTED],
        filters_words=describe_filters(filters, labels()),
        args=request.args.to_dict(flat=False),
        today=clock.today(),
    )


@bp.get("/network.svg")
@login_required
def svg_download():
    """Download the map, with the page's filters, as a standalone SVG file (audited)."""
    _form, filters, _found, drawing = _map(external=True)
    svg = _svg(drawing, standalone=True)
    return _send(svg.encode(), "image/svg+xml", filters, "svg")


@bp.get("/network.png")
@login_required
def png_download():
    """Download the map as a PNG image (audited); where this machine cannot draw one, a page
    that says why (503)."""
    why = png_unavailable()
    if why:
        return render_template("network/png_unavailable.html", why=why), 503
    _form, filters, _found, drawing = _map(external=True)
    png = svg_to_png(_svg(drawing, standalone=True), WIDTH)
    return _send(png, "image/png", filters, "png")


@bp.get("/network/ties.<any(xlsx, csv):fmt>")
@login_required
def export_ties(fmt: str):
    """Download the declared ties of the user's scope (both ends in it), with the import's
    columns, to read them in a spreadsheet or edit them and import the file back (every
    role; only admins and coordinators import)."""
    return send_list(RelationshipList, fmt)


@bp.get("/network/compact.svg")
@login_required
def compact_svg():
    """The synergy report's picture of the map, under the report's filters: an image the
    report page loads beside itself, so that its first view after a change does not wait
    for both (the page is not a download: not audited)."""
    _form, _filters, _found, drawing = _map(compact=True)
    response = current_app.response_class(_svg(drawing, standalone=True, compact=True))
    response.mimetype = "image/svg+xml"
    return response


def _send(content: bytes, mimetype: str, filters: SynergyFilters, fmt: str):
    record_network_export(current_user, filters, fmt)
    db.session.commit()
    return send_file(
        io.BytesIO(content),
        mimetype=mimetype,
        as_attachment=True,
        download_name=download_name("network", fmt),
    )
