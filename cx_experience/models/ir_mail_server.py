# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from email.mime.multipart import MIMEMultipart

from odoo import api, models

CID = re.compile(r"""src=["']cid:([^"'>\s]+)["']""", re.IGNORECASE)


class IrMailServer(models.Model):
    """Images a mail shows inline (the KPI digest's chart).

    Odoo 11 sends every attachment of a mail.mail as ``Content-Disposition:
    attachment``, and an HTML body cannot point at them. Here an attachment whose file
    name the HTML body names as ``<img src="cid:FILE NAME">`` is sent inline under that
    Content-ID, the body and it together in a ``multipart/related`` part (RFC 2387), so
    mail clients show the image in place, without loading anything from a server.
    Other attachments, and mails without such a reference, are sent as before.
    """

    _inherit = "ir.mail_server"

    @api.model
    def build_email(self, email_from, email_to, subject, body, email_cc=None,
                    email_bcc=None, reply_to=False, attachments=None, message_id=None,
                    references=None, object_id=False, subtype='plain', headers=None,
                    body_alternative=None, subtype_alternative='plain'):
        msg = super(IrMailServer, self).build_email(
            email_from, email_to, subject, body, email_cc=email_cc, email_bcc=email_bcc,
            reply_to=reply_to, attachments=attachments, message_id=message_id,
            references=references, object_id=object_id, subtype=subtype, headers=headers,
            body_alternative=body_alternative, subtype_alternative=subtype_alternative)
        if subtype != "html" or not attachments or "cid:" not in (body or ""):
            return msg
        names = set(CID.findall(body))
        parts = msg.get_payload()
        if not isinstance(parts, list) or not parts:
            return msg
        inline, kept = [], [parts[0]]
        for part in parts[1:]:
            filename = part.get_filename()
            if filename in names and part.get_content_maintype() == "image":
                del part["Content-Disposition"]
                part.add_header("Content-Disposition", "inline", filename=filename)
                part.add_header("Content-ID", "<%s>" % filename)
                inline.append(part)
            else:
                kept.append(part)
        if not inline:
            return msg
        related = MIMEMultipart(_subtype="related")
        related.attach(parts[0])  # the text and HTML alternatives
        for part in inline:
            related.attach(part)
        msg.set_payload([related] + kept[1:])
        return msg
