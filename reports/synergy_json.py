"""The synergy report as JSON (SPEC §5): codes as keys, every cell present."""

import json
from pathlib import Path
from typing import IO, Any

from reports.synergy import SynergyReport


def synergy_json(report: SynergyReport) -> dict[str, Any]:
    """Return the report as the JSON object of SPEC §5 (plus `influence_grid` and
    `pipeline_by_sector`, which the SPEC's tables name but its JSON sketch does not, and
    the network measures: `network`, `network_periods`, and `coverage_by_mrc`, {measure:
    {MRC code or "none": stakeholders}}, empty unless the report covers one to three
    regions)."""
    return {
        "filters": {
            **report.filters.as_json(),
            "as_of": report.today.isoformat(),
            "columns": list(report.regions),
        },
        "coverage": report.coverage,
        "sector_breadth": report.sector_breadth,
        "level_span": report.level_span,
        "gaps": report.gaps,
        "collaboration": report.collaboration,
        "pipeline": report.pipeline,
        "pipeline_by_sector": report.pipeline_by_sector,
        "influence_grid": report.influence_grid,
        "activity": report.activity,
        "follow_ups": report.follow_ups,
        "coverage_by_mrc": report.coverage_by_mrc,
        "network": report.network,
        "network_periods": report.network_periods,
    }


def write_synergy_json(report: SynergyReport, target: str | Path | IO[str]) -> None:
    """Write the report's JSON to a path or a text stream (UTF-8, accents kept)."""
    data = synergy_json(report)
    if isinstance(target, str | Path):
        with open(target, "w", encoding="utf-8") as stream:
            json.dump(data, stream, ensure_ascii=False, indent=1)
    else:
        json.dump(data, target, ensure_ascii=False, indent=1)
