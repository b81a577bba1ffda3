# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model
    def _message_read_dict_postprocess(self, messages, message_tree):
        result = super(MailMessage, self)._message_read_dict_postprocess(messages, message_tree)
        self._cx_tracking_in_reader_lang(messages)
        return result

    @api.model
    def _cx_tracking_in_reader_lang(self, messages):
        """The chatter's tracking lines of our fields (``cx_*`` on any model, every field of
        our ``cx.*`` models: NPS campaigns and answers, SLA policies) in the reader's
        language.

        Odoo stores a tracked change as text in the language of whoever made it (a cron:
        the superuser's): the field's label and, for a selection, the value's label. A
        many2one keeps the record's id and a selection's label leads back to its code, so
        both are shown again in the language of the user reading the chatter."""
        if not self.env.lang:
            return
        lines = {line["id"]: line for message in messages
                 for line in message.get("tracking_value_ids") or ()}
        trackings = self.env["mail.tracking.value"].sudo().browse(list(lines)).filtered(
            lambda t: t.mail_message_id.model in self.env and (
                (t.field or "").startswith("cx_")
                or (t.mail_message_id.model or "").startswith("cx.")))
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        for tracking in trackings:
            Model = self.env[tracking.mail_message_id.model]
            field = Model._fields.get(tracking.field)
            if field is None:
                continue
            line = lines[tracking.id]
            line["changed_field"] = field.get_description(self.env)["string"]
            if field.type == "many2one":
                Comodel = self.env[field.comodel_name].sudo()
                for side in ("old", "new"):
                    record = Comodel.browse(tracking["%s_value_integer" % side]).exists()
                    if record:
                        line["%s_value" % side] = record.display_name
            elif field.type == "selection":
                # The labels as written (no language: the source, English, even when
                # English is not installed, as in a Spanish-only database) and as in
                # every installed language.
                codes = {}
                for lang in [None] + langs:
                    for code, label in field._description_selection(self.with_context(lang=lang).env):
                        codes.setdefault(label, code)
                labels = dict(field._description_selection(self.env))
                for side in ("old", "new"):
                    code = codes.get(tracking["%s_value_char" % side])
                    if code in labels:
                        line["%s_value" % side] = labels[code]
