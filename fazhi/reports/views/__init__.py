"""Pages of the annual report, one module per subject:

- `report`: list, create, detail, section edit, the review actions and the
  shortcomings; every state change goes through `workflow`;
- `records`: the Word and PDF documents, what changed since the freeze, the
  records behind a figure, a unit's indicators;
- `public`: the public pages (published reports only);
- `overview`: the leaders' dashboard, its clock and record lists, the county roll-up;
- `report_template`: the unit's template;
- `_common`: refusals as messages, file downloads.

URL names are in `urls.py`, which reads every page from here."""

from __future__ import annotations

from .overview import dashboard, dashboard_clocks, dashboard_watched, rollup
from .public import public_detail, public_docx, public_list
from .records import figure_records, report_changes, report_docx, report_pdf, unit_indicators
from .report import (
    ReportDetail,
    ReportList,
    link_figures,
    report_action,
    report_create,
    section_edit,
    shortcoming_action,
)
from .report_template import template_section_edit, template_view

__all__ = [
    "ReportDetail",
    "ReportList",
    "dashboard",
    "dashboard_clocks",
    "dashboard_watched",
    "figure_records",
    "link_figures",
    "public_detail",
    "public_docx",
    "public_list",
    "report_action",
    "report_changes",
    "report_create",
    "report_docx",
    "report_pdf",
    "rollup",
    "section_edit",
    "shortcoming_action",
    "template_section_edit",
    "template_view",
    "unit_indicators",
]
