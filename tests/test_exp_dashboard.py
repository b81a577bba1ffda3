"""cx_experience through a real server: the XLSX the web client downloads holds the
dashboard numbers, and the Spanish labels are served."""
import io
import re
import xml.etree.ElementTree as ET
import zipfile

from helpers import web_login

NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def read_sheet(content):
    """Rows of the first sheet as {column letter: value} dicts (strings resolved)."""
    book = zipfile.ZipFile(io.BytesIO(content))
    strings = []
    if "xl/sharedStrings.xml" in book.namelist():
        root = ET.fromstring(book.read("xl/sharedStrings.xml"))
        strings = ["".join(t.text or "" for t in si.iter("{%s}t" % NS["x"]))
                   for si in root.findall("x:si", NS)]
    root = ET.fromstring(book.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in root.iter("{%s}row" % NS["x"]):
        cells = {}
        for cell in row.findall("x:c", NS):
            column = re.match(r"[A-Z]+", cell.get("r")).group(0)
            value = cell.find("x:v", NS)
            if value is None:
                continue
            cells[column] = strings[int(value.text)] if cell.get("t") == "s" \
                else float(value.text)
        rows.append(cells)
    return rows


def test_xlsx_download_matches_the_dashboard(server, admin):
    # The file lists the figures in the dashboard's order, in the session's language:
    # compare row by row on the numbers.
    figures = admin.call("cx.dashboard.figure", "search_read", [],
                         fields=["dimension", "partner_count", "interaction_count"],
                         order="dimension_sequence, sequence, id")
    assert any(f["dimension"] == "tier" and f["partner_count"] for f in figures)
    session, _page = web_login(server["url"], server["db"], "admin", "admin")
    ids = ",".join(str(f["id"]) for f in figures)
    reply = session.get("%s/report/xlsx/cx_experience.dashboard_xlsx/%s"
                        % (server["url"], ids), timeout=120)
    assert reply.status_code == 200
    rows = [r for r in read_sheet(reply.content) if isinstance(r.get("C"), float)]
    assert len(rows) == len(figures)
    for row, fig in zip(rows, figures):
        assert (row["C"], row["G"]) == (fig["partner_count"], fig["interaction_count"])


def test_spanish_labels_and_dashboard_views(admin):
    tiers = admin.call("cx.tier", "search_read", [], fields=["code", "name"],
                       context={"lang": "es_ES"})
    assert {t["code"]: t["name"] for t in tiers} == {
        "strategic": "Estratégico", "high": "Alto", "medium": "Medio", "low": "Bajo"}
    stages = admin.call("cx.lifecycle.stage", "search_read", [("code", "=", "churned")],
                        fields=["name"], context={"lang": "es_ES"})
    assert stages[0]["name"] == "Deserción"
    for view in ("kanban", "pivot", "graph"):
        arch = admin.call("cx.dashboard.figure", "fields_view_get", view_type=view,
                          context={"lang": "es_ES"})["arch"]
        assert "<%s" % view in arch
