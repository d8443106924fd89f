"""Views of the synergy report: the page and its .xlsx and .json downloads (audited)."""

import io
import json

from flask import g, render_template, request, send_file
from flask_login import current_user, login_required

from app.downloads import download_name
from app.extensions import db
from app.reports import bp, charts
from app.reports.forms import SynergyFilterForm, area_label
from reports.synergy import QUADRANT_NAMES, compute_synergy, record_synergy_export
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


@bp.get("/synergy")
@login_required
def synergy():
    """Show the synergy report of the user's scope, with its filters."""
    form, _filters, report = _report()
    args = request.args.to_dict(flat=False)
    tops = {key: charts.top_of(getattr(report, key)) for key in ("coverage", "sector_breadth")}
    return render_template(
        "reports/synergy.html",
        form=form,
        report=report,
        area=area_label,
        quadrants=QUADRANT_NAMES,
        args=args,
        charts=charts,
        chart_height=charts.CHART_HEIGHT,
        tops=tops,
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
