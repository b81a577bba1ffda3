"""The reports as a user meets them in Chromium (issue 14): the SLA compliance workbook of
the whole filtered set from the report's own button, and report lists without Create."""
import io
import os
import re
import zipfile

import psycopg2

from conftest import backend_page, describe, goto_view


def _column_sums(content):
    """Sum of each numeric column of the first sheet of an XLSX file (read with the
    standard library: the workbook is a zip of XML parts)."""
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    sums = {}
    for column, attrs, value in re.findall(r'<c r="([A-Z]+)\d+"([^>]*)><v>([^<]*)</v>', sheet):
        if 't="s"' in attrs or 't="str"' in attrs:
            continue  # a text cell: its value is an index into the shared strings
        sums[column] = sums.get(column, 0.0) + float(value)
    return sums


def _sla_finished_counts(db):
    """The oracle: met and breached SLA targets, counted in the database."""
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        cr.execute("SELECT COUNT(*) FILTER (WHERE state = 'met'), "
                   "COUNT(*) FILTER (WHERE state = 'breached') FROM cx_sla_line")
        return cr.fetchone()


def test_sla_export_is_the_whole_filtered_set(browser, server, admin, screenshot_dir):
    action = admin.ref("cx_sla.action_cx_sla_line_report")
    page = backend_page(browser, server, "admin", "admin")
    try:
        # The list view of the report, under its default filter (met or breached).
        goto_view(page, "%s/web#action=%d&view_type=list" % (server["url"], action))
        rows_on_page = page.locator(".o_data_row").count()
        assert page.locator(".o_list_button_add").count() == 0  # no Create, no Import
        assert page.locator(".o_button_import").count() == 0
        button = page.locator(".o_cx_sla_export_xlsx")
        assert button.count() == 1, describe(page)
        page.screenshot(path=os.path.join(screenshot_dir, "sla_report_export.png"))
        with page.expect_download(timeout=120000) as download:
            button.click()
        path = download.value.path()
        with open(path, "rb") as handle:
            content = handle.read()
    finally:
        page.context.close()
    met, breached = _sla_finished_counts(server["db"])
    assert met + breached > rows_on_page  # more rows than one page of the list shows
    sums = _column_sums(content)
    # Sheet "team": column B met, column C breached, over every team (and none).
    assert (sums.get("B"), sums.get("C")) == (float(met), float(breached))


def test_report_lists_offer_no_create(browser, server, admin):
    page = backend_page(browser, server, "admin", "admin")
    try:
        for xmlid in ("cx_experience.action_cx_lifecycle_stage_stats",
                      "cx_sla_nps.action_cx_sla_satisfaction_report",
                      "cx_experience.action_cx_lifecycle_history"):
            goto_view(page, "%s/web#action=%d&view_type=list" % (server["url"], admin.ref(xmlid)))
            assert page.locator(".o_list_button_add").count() == 0, xmlid
            assert page.locator(".o_button_import").count() == 0, xmlid
            assert page.locator(".o_data_row").count() > 0, xmlid
            # a row's button drills down to the records behind it
            before = page.locator(".o_control_panel .breadcrumb li").count()
            row_button = page.locator(".o_data_row button").first
            if row_button.count():
                row_button.click()
                page.wait_for_function(
                    "n => document.querySelectorAll('.o_control_panel .breadcrumb li').length > n",
                    arg=before, timeout=60000)
                assert page.locator(".o_data_row").count() > 0, xmlid
    finally:
        page.context.close()
