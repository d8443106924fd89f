"""Views of the synergy report: the page and its .xlsx and .json downloads (audited)."""

import io
import json
from datetime import date

from flask import g, render_template, request, send_file
from flask_login import current_user, login_required

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
HEAT_LEVELS = 9  # classes heat-0 (nothing) to heat-9 (the most) in reports.css


def _report():
    form = SynergyFilterForm(request.args).fill_choices(current_user)
    form.validate()
    filters = form.filters()
    return form, filters, compute_synergy(current_user, filters)


def heat(value: int, top: int) -> int:
    """Return the heat class number of `value` on a scale whose maximum is `top`."""
    if not value or not top:
        return 0
    return 1 + (HEAT_LEVELS - 1) * value // top


@bp.get("/synergy")
@login_required
def synergy():
    """Show the synergy report of the user's scope, with its filters."""
    form, _filters, report = _report()
    args = request.args.to_dict(flat=False)
    tops = {
        key: max((v for row in getattr(report, key).values() for v in row.values()), default=0)
        for key in ("coverage", "sector_breadth")
    }
    return render_template(
        "reports/synergy.html",
        form=form,
        r=report,
        heat=heat,
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
        download_name=f"maillage-synergie-{date.today().isoformat()}.{fmt}",
    )
