"""Report files: XLSX with typed columns, CSV in UTF-8 with BOM (Excel reads Vietnamese), printable A4 PDF."""

import csv
import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .charts import layout

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}


def _cell(value, column):
    if column.kind == "bool":
        return _("Có") if value else _("Không")
    return "" if value is None else value


def _heading_lines(report):
    return [
        report.title,
        _("Kỳ báo cáo: %(period)s") % {"period": report.period.label},
        _("Phạm vi: %(scope)s") % {"scope": report.scope},
        _("Lập lúc: %(time)s") % {"time": timezone.localtime(report.generated_at).strftime("%H:%M %d/%m/%Y")},
    ]


def to_xlsx(report):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for number, table in enumerate(report.tables):
        sheet = workbook.create_sheet(title=(table.title[:28] or f"Bang {number + 1}").replace("/", "-"))
        for line in _heading_lines(report):
            sheet.append([line])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([])
        header_row = sheet.max_row + 1
        sheet.append([column.label for column in table.columns])
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            sheet.append([_cell(row.get(column.key), column) for column in table.columns])
        for index, column in enumerate(table.columns, start=1):
            letter = get_column_letter(index)
            for (cell,) in sheet.iter_rows(min_row=header_row + 1, min_col=index, max_col=index):
                if column.kind == "date" and cell.value:
                    cell.number_format = "DD/MM/YYYY"
                elif column.kind == "float" and cell.value != "":
                    cell.number_format = "0.0"
            sheet.column_dimensions[letter].width = 42 if column.kind in ("text", "url") else 16
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def to_csv(report):
    """The first table (the one per unit), as Excel opens it: UTF-8 with a BOM, comma-separated."""
    table = report.tables[0]
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([column.label for column in table.columns])
    for row in table.rows:
        cells = []
        for column in table.columns:
            value = _cell(row.get(column.key), column)
            cells.append(value.strftime("%d/%m/%Y") if column.kind == "date" and value else value)
        writer.writerow(cells)
    return ("\ufeff" + output.getvalue()).encode("utf-8")


def to_pdf(report):
    from weasyprint import HTML

    html = render_to_string(
        "reports/pdf.html",
        {"report": report, "heading": _heading_lines(report), "charts": [layout(chart) for chart in report.charts]},
    )
    return HTML(string=html).write_pdf()


def export(report, file_format):
    return {"xlsx": to_xlsx, "csv": to_csv, "pdf": to_pdf}[file_format](report)
