"""The stratified sample of a campaign in a real browser: the Sampling tab, its plan
per stratum after "Preview the plan", as the administrator and as a CX manager without
invoicing rights; no client error, empty margins read "no data"."""
import os
import uuid

from conftest import backend_page, goto_view
from helpers import make_user


def _plan_screen(server, browser, login, password, campaign, shot):
    page = backend_page(browser, server, login, password)
    try:
        goto_view(page, "%s/web#model=cx.nps.campaign&id=%d&view_type=form"
                  % (server["url"], campaign))
        page.wait_for_selector(".o_form_view .oe_title", timeout=60000)
        page.click(".o_notebook a:has-text('Sampling')")
        page.click(".o_form_view button:has-text('Preview the plan')")
        page.wait_for_selector(".o_form_view .o_list_view tbody tr.o_data_row", timeout=60000)
        page.wait_for_timeout(500)
        rows = page.locator(".o_form_view .o_list_view tbody tr.o_data_row")
        texts = [rows.nth(i).inner_text() for i in range(rows.count())]
        page.screenshot(path=os.path.join(*shot), full_page=True)
        assert page.locator(".o_dialog_error, .o_error_detail").count() == 0
    finally:
        page.context.close()
    assert page.cx_errors == []
    return texts


def test_sampling_plan_screen(server, admin, browser, screenshot_dir):
    tag = uuid.uuid4().hex[:8]
    campaign = admin.call("cx.nps.campaign", "create", {
        "name": "Sampling %s" % tag, "partner_domain": "[('customer', '=', True)]",
        "sample_strata": "tier", "sample_allocation": "neyman", "sample_percent": 20})
    texts = _plan_screen(server, browser, "admin", "admin", campaign,
                         (screenshot_dir, "nps_sampling_plan_admin.png"))
    tiers = admin.call("cx.tier", "search_read", [], fields=["name"])
    assert len(texts) >= 2
    assert any(t["name"] in " ".join(texts) for t in tiers)
    lines = admin.call("cx.nps.campaign.stratum", "search_read",
                       [("campaign_id", "=", campaign)],
                       fields=["population", "planned", "expected_answers",
                               "expected_margin_text"])
    audience = admin.call("cx.nps.campaign", "read", [campaign], ["audience_count"])
    assert sum(line["population"] for line in lines) == audience[0]["audience_count"]
    for line in lines:
        if line["expected_answers"] <= 0:
            assert line["expected_margin_text"] == "no data"
        else:
            assert line["expected_margin_text"].startswith("±")

    make_user(admin, server, "sampling_mgr_%s" % tag, ["cx_experience.group_cx_manager"])
    texts = _plan_screen(server, browser, "sampling_mgr_%s" % tag, "sampling_mgr_%s" % tag,
                         campaign, (screenshot_dir, "nps_sampling_plan_manager.png"))
    assert len(texts) == len(lines)
