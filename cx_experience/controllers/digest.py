# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import werkzeug

from odoo import http

from ..domain.digest import FIGURE_CODE


class CxDigestLinks(http.Controller):
    @http.route("/cx_experience/digest/<int:digest_id>/<string:code>", type="http",
                auth="user")
    def cx_digest_figure(self, digest_id, code, **kwargs):
        """A figure's link in a digest mail. A path, not the web client's #fragment,
        so that Odoo's login page keeps it as its redirect; it only forwards to the
        client action, which asks the server for the drill-down with the clicking
        user's rights (cx.digest.action_open_figure). Nothing is read here."""
        if not FIGURE_CODE.match(code):
            raise werkzeug.exceptions.NotFound()
        return werkzeug.utils.redirect(
            "/web#action=cx_digest_open&digest_id=%d&figure=%s" % (digest_id, code), 303)
