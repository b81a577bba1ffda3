"""A campaign without answers shows no NPS, never "0 ± 0" (for NPS, 0 is a score).

Over XML-RPC the figures of a new campaign are 0 (numeric fields carry no None); the
screens are what a user reads: the form, the list and the kanban show that there are
no answers yet instead of the zeros.
"""
import os
import uuid

from conftest import backend_page, describe, goto_view
from helpers import make_user


def test_a_campaign_without_answers_shows_no_nps(server, admin, browser, screenshot_dir):
    tag = uuid.uuid4().hex[:6]
    campaign = admin.call("cx.nps.campaign", "create", {
        "name": "Sin respuestas %s" % tag, "window_days": 1, "sample_percent": 100,
        "partner_domain": "[('id', '=', 0)]"})
    manager = make_user(admin, server, "nodata_%s" % tag, ["cx_experience.group_cx_manager"],
                        lang="es_ES")
    page = backend_page(browser, server, manager.login, manager.login)
    try:
        goto_view(page, "%s/web#id=%d&model=cx.nps.campaign&view_type=form"
                  % (server["url"], campaign))
        form = page.locator(".o_form_view")
        assert form.count() == 1, describe(page)
        text = " ".join(form.inner_text().split())
        assert "Aún no hay respuestas: no hay NPS" in text, text
        # neither the NPS nor its margin nor a response rate of 0 is on screen
        for name in ("nps", "nps_margin", "response_rate"):
            field = form.locator(".o_field_widget[name=%s]" % name).first
            assert not field.is_visible(), (name, describe(page))
        page.screenshot(path=os.path.join(screenshot_dir, "nps_campaign_no_answers.png"))
        # the list: the row shows no NPS figure
        goto_view(page, "%s/web#action=%d&view_type=list"
                  % (server["url"], admin.ref("cx_nps_survey.action_cx_nps_campaign")))
        row = page.locator(".o_data_row:has-text('Sin respuestas %s')" % tag)
        assert row.count() == 1, describe(page)
        cells = [" ".join(c.split()) for c in row.locator("td").all_inner_texts()]
        assert "0,00" not in cells and "0.00" not in cells, cells
        assert page.cx_errors == []
    finally:
        page.context.close()
