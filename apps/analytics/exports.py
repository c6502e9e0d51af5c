"""A report as a file: CSV (streamed row by row, so a long range never sits in memory as text) or XLSX
(openpyxl, write-only mode). The same columns as the page and the API; totals and summary at the end."""
import csv
import io

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from apps.analytics.reports import Report

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


class _Echo:
    def write(self, value):
        return value


# A spreadsheet program runs a cell that starts with one of these as a formula ("CSV injection"). Product titles and
# shop names are sellers' text, so text cells that start so are kept text: a leading apostrophe in CSV (what OWASP
# recommends; numbers are Decimals and never touched), a string cell in XLSX (openpyxl makes "=..." a formula).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    if value is None:
        return ""
    return value


def _csv_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _xlsx_cell(sheet, value):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def report_lines(report: Report):
    """The report as rows of cells: header, data rows, totals, then summary figures."""
    keys = [c.key for c in report.columns]
    yield [str(c.label) for c in report.columns]
    for row in report.rows:
        yield [_cell(row.get(k)) for k in keys]
    if report.totals:
        yield [str(_("Total")) if i == 0 else _cell(report.totals.get(k)) for i, k in enumerate(keys)]
    for label, value in report.summary_items():
        yield [label, _cell(value)]


def filename(report: Report, ext: str) -> str:
    return f"{report.name}_{report.range.date_from:%Y%m%d}-{report.range.date_to:%Y%m%d}_{report.range.interval}.{ext}"


def csv_response(report: Report) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"  # a BOM, so spreadsheet programs read the UTF-8 (Vietnamese) correctly
        for line in report_lines(report):
            yield writer.writerow([_csv_cell(value) for value in line])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(report, "csv")}"'
    return response


def xlsx_response(report: Report) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=report.name[:31])
    for line in report_lines(report):
        sheet.append([_xlsx_cell(sheet, value) for value in line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename(report, "xlsx")}"'
    return response


def export_response(report: Report, fmt: str):
    return xlsx_response(report) if fmt == "xlsx" else csv_response(report)
