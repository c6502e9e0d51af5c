"""Report files: sellers' text (product titles, shop names) never becomes a spreadsheet formula."""
import csv
import io
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from openpyxl import load_workbook

from apps.analytics import exports

TITLES = ['=HYPERLINK("http://evil.example","Bấm vào đây")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "Áo thun"]


def report():
    columns = [SimpleNamespace(key="title", label="Product"), SimpleNamespace(key="sales", label="Sales")]
    rows = [{"title": title, "sales": Decimal("-1000")} for title in TITLES]
    return SimpleNamespace(name="top_products", columns=columns, rows=rows, totals={}, summary_items=list,
                           range=SimpleNamespace(date_from=date(2026, 1, 1), date_to=date(2026, 1, 31),
                                                 interval="month"))


def test_csv_text_cells_that_would_be_formulas_get_an_apostrophe():
    response = exports.csv_response(report())
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["'" + title for title in TITLES[:-1]] + ["Áo thun"]
    assert {row[1] for row in rows[1:]} == {"-1000"}  # numbers stay numbers


def test_xlsx_text_cells_stay_text():
    sheet = load_workbook(io.BytesIO(exports.xlsx_response(report()).content)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == TITLES
    assert {cell.data_type for cell in cells} == {"s"}
    assert {row[1].value for row in sheet.iter_rows(min_row=2)} == {-1000}
