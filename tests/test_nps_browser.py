"""The NPS screens in a real browser (Debian's Chromium): they open without a client
error, and the customer's survey page shows the 0-10 scale (the NPS analysis and its
trend: tests/test_nps_analysis_browser.py)."""
import os
import uuid

from conftest import backend_page, goto_view


def _no_client_error(page):
    assert page.locator(".o_dialog_error, .o_error_detail").count() == 0


def test_campaign_screen(server, admin, browser, screenshot_dir):
    campaign = admin.call("cx.nps.campaign", "search", [], limit=1)
    assert campaign, "the demo data has NPS campaigns"
    page = backend_page(browser, server, "admin", "admin")  # collects page.cx_errors
    try:
        goto_view(page, "%s/web#model=cx.nps.campaign&id=%d&view_type=form"
                  % (server["url"], campaign[0]))
        page.wait_for_selector(".o_form_view .oe_title", timeout=60000)
        page.screenshot(path=os.path.join(screenshot_dir, "nps_campaign_form.png"))
        assert page.locator(".o_form_view .oe_button_box button").count() >= 3
        _no_client_error(page)

    finally:
        page.context.close()
    assert page.cx_errors == []


def test_survey_page_shows_the_scale_with_zero(server, admin, browser, screenshot_dir):
    tag = uuid.uuid4().hex[:8]
    partner = admin.call("res.partner", "create", {
        "name": "Browser NPS %s" % tag, "email": "browser-%s@example.com" % tag})
    campaign = admin.call("cx.nps.campaign", "create", {
        "name": "Browser %s" % tag, "window_days": 1,
        "partner_domain": "[('id', '=', %d)]" % partner})
    admin.call("cx.nps.campaign", "action_schedule", [campaign])
    admin.call("cx.nps.campaign", "action_send_now", [campaign])
    invitation = admin.call("survey.user_input", "search_read",
                            [("cx_nps_campaign_id", "=", campaign)],
                            fields=["token", "survey_id"])[0]
    # one click from the email (score 0): the survey page opens with 0 chosen
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    try:
        page.goto("%s/cx_nps/answer/%s/0" % (server["url"], invitation["token"]))
        page.wait_for_selector(".o_cx_nps_scale input[type=radio]", timeout=60000)
        assert page.locator(".o_cx_nps_scale input[type=radio]").count() == 11
        labels = [text.strip() for text in
                  page.locator(".o_cx_nps_scale label").all_inner_texts()]
        assert labels == [str(score) for score in range(11)]
        checked = page.locator(".o_cx_nps_scale input[type=radio]:checked")
        assert checked.count() == 1
        assert checked.locator("xpath=..").inner_text().strip() == "0"
        page.wait_for_timeout(1500)
        page.screenshot(path=os.path.join(screenshot_dir, "nps_survey_page.png"),
                        full_page=True)
        # submit as it is: 0 is a valid answer to the mandatory question
        page.click("button[name=button_submit][value=finish]")
        page.wait_for_selector(".jumbotron h1", timeout=60000)
    finally:
        context.close()
    rows = admin.call("cx.nps.response", "search_read",
                      [("user_input_id", "=", invitation["id"])], fields=["score"])
    assert [r["score"] for r in rows] == [0]
    state = admin.call("survey.user_input", "read", [invitation["id"]], ["state"])[0]["state"]
    assert state == "done"
