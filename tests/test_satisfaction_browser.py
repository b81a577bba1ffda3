"""The satisfaction index of a customer on its CX tab, in Chromium, in Spanish (issue 13):
each component with its weight and value ("sin datos" for a missing one), the
"Estimado" mark on a customer without NPS answers and not on one with answers, the
monthly history; as the administrator (with invoicing rights) and as a CX manager
without them, with no error dialog. The index is recomputed first with the manager's
menu button (the nightly job on demand)."""
import json
import os
import uuid

import pytest

from conftest import backend_page, describe, goto_view, wait_idle
from helpers import make_user

LABELS_ES = ["Respuestas NPS", "Puntuaciones de interacciones",
             "Resultados de ANS de los tickets", "Seguimientos de detractores",
             "Comportamiento de compra"]
CODES = ["nps", "interaction", "sla", "followup", "behaviour"]
DEFAULT_WEIGHTS_ES = ["40,0", "15,0", "15,0", "10,0", "20,0"]


def _norm(text):
    return " ".join(text.split())


def _es(value):
    """One decimal, a decimal comma (Spanish format of the es_ES language)."""
    return ("%.1f" % value).replace(".", ",")


@pytest.fixture(scope="module")
def cases(server, admin):
    admin.call("res.partner", "action_cx_recompute_tiers", [])
    fields = ["cx_has_satisfaction", "cx_satisfaction_index", "cx_satisfaction_estimated",
              "cx_satisfaction_components"]
    base = [("customer", "=", True), ("parent_id", "=", False),
            ("cx_has_satisfaction", "=", True)]
    answered = admin.call("res.partner", "search_read",
                          base + [("cx_satisfaction_estimated", "=", False)],
                          fields=fields, limit=40, order="id")
    # one with answers and at least one component without data
    answered = [r for r in answered if len(json.loads(r["cx_satisfaction_components"])) < 5]
    estimated = admin.call("res.partner", "search_read",
                           base + [("cx_satisfaction_estimated", "=", True)],
                           fields=fields, limit=1, order="id")
    assert answered and estimated, "the demo has no customer of each kind"
    manager = make_user(admin, server, "cx_index_manager_%s" % uuid.uuid4().hex[:6],
                        ["cx_experience.group_cx_manager"], lang="es_ES")
    return {"answered": answered[0], "estimated": estimated[0], "manager": manager}


def _check_form(page, server, record, shots, name):
    goto_view(page, "%s/web#id=%d&model=res.partner&view_type=form"
              % (server["url"], record["id"]))
    page.wait_for_selector(".o_form_view .o_cx_header", timeout=60000)
    wait_idle(page)
    page.click(".o_notebook a:has-text('Experiencia del cliente')")
    table = page.locator(".tab-pane.active table.o_cx_satisfaction_breakdown")
    table.wait_for(timeout=60000)
    wait_idle(page)
    assert page.locator(".modal .o_dialog_error, .o_dialog_warning").count() == 0
    assert page.cx_errors == []
    headers = [_norm(t) for t in table.locator("thead th").all_inner_texts()]
    assert headers == ["Señal", "Peso", "Valor"], headers
    rows = [[_norm(c) for c in row.locator("td").all_inner_texts()]
            for row in table.locator("tbody tr").all()]
    components = json.loads(record["cx_satisfaction_components"])
    expected = [[label, weight, "%s / 100" % _es(components[code]) if code in components
                 else "sin datos"]
                for label, weight, code in zip(LABELS_ES, DEFAULT_WEIGHTS_ES, CODES)]
    assert rows == expected, (rows, expected)
    badge = page.locator(".tab-pane.active div[name='cx_satisfaction_estimated_badge']"
                         ":not(.o_invisible_modifier) .o_cx_estimated")
    assert badge.count() == (1 if record["cx_satisfaction_estimated"] else 0)
    if record["cx_satisfaction_estimated"]:
        assert _norm(badge.inner_text()) == "Estimado"
    index = page.locator(".tab-pane.active .o_field_widget[name='cx_satisfaction_index']")
    assert _norm(index.inner_text()) == "%s" % ("%.2f" % record["cx_satisfaction_index"]
                                                ).replace(".", ",")
    history = page.locator(".tab-pane.active .o_field_one2many"
                           "[name='cx_satisfaction_history_ids'] tr.o_data_row")
    assert history.count() >= 1
    table.scroll_into_view_if_needed()
    page.screenshot(path=os.path.join(shots, "satisfaction_index_%s.png" % name))


@pytest.mark.parametrize("who", ["admin", "manager"])
def test_components_on_the_cx_tab(browser, server, admin, cases, screenshot_dir, who):
    if who == "admin":
        partner = admin.call("res.users", "read", [admin.uid], ["partner_id"])[0]
        admin.call("res.partner", "write", [partner["partner_id"][0]], {"lang": "es_ES"})
        page = backend_page(browser, server, "admin", "admin")
    else:
        user = cases["manager"]
        page = backend_page(browser, server, user.login, user.login)
    try:
        for kind in ("answered", "estimated"):
            _check_form(page, server, cases[kind], screenshot_dir, "%s_%s" % (who, kind))
    except Exception:
        print(describe(page))
        raise
    finally:
        page.context.close()
        if who == "admin":
            admin.call("res.partner", "write", [partner["partner_id"][0]], {"lang": "en_US"})
