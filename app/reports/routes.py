"""Views of the synergy report: the page and its .xlsx, .json and .pdf downloads (audited)."""

import io
import json

from flask import g, render_template, request, send_file
from flask_login import current_user, login_required

from app.choices import labels
from app.downloads import download_name
from app.extensions import db
from app.reports import bp, charts, network_words
from app.reports.forms import SynergyFilterForm, area_label, mrc_label
from app.reports.pdf import html_to_pdf, pdf_unavailable
from app.reports.region_map import report_map
from models.municipality import MAP_CREDIT
from reports.synergy import (
    QUADRANT_NAMES,
    compute_synergy,
    describe_filters,
    record_synergy_export,
)
from reports.synergy_json import synergy_json
from reports.synergy_xlsx import write_synergy_xlsx

MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def _report():
    form = SynergyFilterForm(request.args).fill_choices(current_user)
    form.validate()
    filters = form.filters()
    return form, filters, compute_synergy(current_user, filters)


def _page(form, filters, report, inline_map: bool = False) -> str:
    """Render the report page. Its network map is an image the browser asks for beside the
    page (`network.compact_svg`: drawn while the page is read, not before it), except in
    the PDF, which draws it inline (`inline_map`)."""
    tops = {key: charts.top_of(getattr(report, key)) for key in ("coverage", "sector_breadth")}
    map_form, region_map = report_map(current_user, report, request.args)
    return render_template(
        "reports/synergy.html",
        form=form,
        report=report,
        area=area_label,
        mrc_label=mrc_label,
        quadrants=QUADRANT_NAMES,
        args=request.args.to_dict(flat=False),
        charts=charts,
        network_words=network_words,
        chart_height=charts.CHART_HEIGHT,
        tops=tops,
        filters_words=describe_filters(filters, labels()),
        inline_map=inline_map,
        map_form=map_form,
        region_map=region_map,
    )


@bp.app_context_processor
def pdf_helpers():
    """Let every page's download buttons know whether PDF files can be made here, and
    every map of Quebec its credit line."""
    return {"pdf_unavailable": pdf_unavailable, "map_credit": MAP_CREDIT}


@bp.get("/synergy")
@login_required
def synergy():
    """Show the synergy report of the user's scope, with its filters."""
    return _page(*_report())


@bp.get("/synergy.pdf")
@login_required
def synergy_pdf():
    """Download the report page as a PDF, printed as the browser prints it (audited); where
    this machine cannot write PDF files, a page that says why (503)."""
    why = pdf_unavailable()
    if why:
        return render_template("reports/pdf_unavailable.html", why=why), 503
    form, filters, report = _report()
    pdf = html_to_pdf(_page(form, filters, report, inline_map=True), request.host_url)
    record_synergy_export(current_user, filters, "pdf")
    db.session.commit()
    return send_file(
        io.BytesIO(pdf),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=download_name("synergy", "pdf"),
    )


@bp.get("/synergy/map.svg")
@login_required
def synergy_map():
    """Download the report's map of Quebec, with the page's filters and measures, as a
    standalone SVG file (audited)."""
    _form, filters, report = _report()
    _map_form, svg = report_map(current_user, report, request.args, standalone=True)
    record_synergy_export(current_user, filters, "map.svg")
    db.session.commit()
    return send_file(
        io.BytesIO(svg.encode()),
        mimetype="image/svg+xml",
        as_attachment=True,
        download_name=download_name("synergy_map", "svg"),
    )


@bp.get("/synergy.<any(xlsx, json):fmt>")
@login_required
def synergy_download(fmt: str):
    """Download the synergy report, with the page's filters, as .xlsx or .json (audited)."""
    _form, filters, report = _report()
    buffer = io.BytesIO()
    if fmt == "xlsx":
        write_synergy_xlsx(report, buffer, g.get("lang", "fr"))
    else:
        buffer.write(json.dumps(synergy_json(report), ensure_ascii=False, indent=1).encode())
    record_synergy_export(current_user, filters, fmt)
    db.session.commit()
    buffer.seek(0)
    return send_file(
        buffer,
        mimetype=MIMETYPES[fmt],
        as_attachment=True,
        download_name=download_name("synergy", fmt),
    )
