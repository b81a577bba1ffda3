"""The backend in a real browser: Debian's Chromium driven by Playwright."""
import os

from conftest import backend_page, describe, open_menu


def test_admin_opens_customer_experience_app(browser, server, screenshot_dir):
    page = backend_page(browser, server, "admin", "admin")
    try:
        open_menu(page, "cx_experience.menu_cx_root")
    except Exception:
        print(describe(page))
        raise
    # The app's own side menu is shown, with its configuration entries.
    assert page.locator(
        "a[data-menu-xmlid='cx_experience.menu_cx_tier']").count() == 1
    # The stylesheets were compiled: the navbar has its dark background.
    colour = page.eval_on_selector("#oe_main_menu_navbar",
                                   "e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent", "rgb(255, 255, 255)")
    page.screenshot(path=os.path.join(screenshot_dir, "backend_cx_app.png"))
    page.context.close()
