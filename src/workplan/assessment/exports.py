"""The ranking table with every point's explanation as an xlsx workbook (two sheets)."""

from __future__ import annotations

import io

from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from workplan.core.excel import safe_cell

from .selectors import Assessment


def assessment_xlsx(assessment: Assessment) -> bytes:
    """Sheet 1: rank, unit, score, deductions. Sheet 2: one row per line of every unit's score.

    Text cells go through ``safe_cell`` so a unit or target name starting with = does not run as a formula.
    """
    wb = Workbook()
    ranking = wb.active
    ranking.title = pgettext("assessment", "Ranking")
    ranking.append(
        [
            pgettext("assessment", "Rank"),
            pgettext("assessment", "Unit"),
            pgettext("assessment", "Score"),
            pgettext("assessment", "Deductions"),
        ]
    )
    for s in assessment.scores:
        ranking.append([s.rank, safe_cell(s.unit), float(s.total), float(s.penalty)])
    detail = wb.create_sheet(pgettext("assessment", "Breakdown"))
    detail.append(
        [
            pgettext("assessment", "Unit"),
            pgettext("assessment", "Item"),
            pgettext("assessment", "Weight"),
            pgettext("assessment", "Points available"),
            pgettext("assessment", "Counted ratio"),
            pgettext("assessment", "Points"),
            pgettext("assessment", "Explanation"),
        ]
    )
    for s in assessment.scores:
        for line in s.lines:
            detail.append(
                [
                    safe_cell(s.unit),
                    safe_cell(line.label),
                    float(line.weight),
                    float(line.available),
                    float(line.ratio) if line.ratio is not None else None,
                    float(line.points),
                    safe_cell(line.text),
                ]
            )
    for sheet in (ranking, detail):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    detail.column_dimensions["B"].width = 30
    detail.column_dimensions["G"].width = 80
    for row in detail.iter_rows(min_row=2, min_col=7, max_col=7):
        row[0].alignment = Alignment(wrap_text=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
