# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# How many times a refused invitation or reminder is put back in the queue.
MAX_RETRIES = 3


class MailMail(models.Model):
    _inherit = "mail.mail"

    cx_retry_count = fields.Integer(
        string="Delivery retries", default=0, copy=False, readonly=True,
        help="How many times the NPS campaigns put this email back in the queue after "
             "the mail server refused it.")

    @api.model
    def _cx_retry_refused_invitations(self, max_retries=MAX_RETRIES):
        """Queue again the NPS invitations and reminders the mail server refused.

        Odoo 11 marks a refused email 'exception' and its queue never picks it up
        again, so a mail server that is down for an hour would lose a whole round of
        invitations. The hourly campaign cron calls this: each refused email of an
        open invitation goes back to 'outgoing' at most ``max_retries`` times, the
        cron's interval being the pause between tries. One statement; a row another
        transaction is retrying is skipped, so two crons never count a try twice.
        Returns the ids put back in the queue.
        """
        self.env.cr.execute("""
            UPDATE mail_mail mm
               SET state = 'outgoing', cx_retry_count = COALESCE(mm.cx_retry_count, 0) + 1,
                   write_date = now() AT TIME ZONE 'UTC'
             WHERE mm.id IN (
                    SELECT m.id
                      FROM mail_mail m
                      JOIN mail_message msg ON msg.id = m.mail_message_id
                      JOIN survey_user_input ui ON ui.id = msg.res_id
                     WHERE m.state = 'exception'
                       AND COALESCE(m.cx_retry_count, 0) < %s
                       AND msg.model = 'survey.user_input'
                       AND ui.cx_nps_campaign_id IS NOT NULL
                       AND ui.state != 'done'
                       FOR UPDATE OF m SKIP LOCKED)
            RETURNING mm.id""", (max_retries,))
        ids = [row[0] for row in self.env.cr.fetchall()]
        if ids:
            self.browse(ids).invalidate_cache(["state", "cx_retry_count"])
        return ids
