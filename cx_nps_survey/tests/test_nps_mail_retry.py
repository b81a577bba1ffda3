# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from .common import NpsCase


class TestRefusedInvitationsRetried(NpsCase):
    """Odoo 11 never retries a refused email: the campaign cron queues it again."""

    def test_refused_invitation_goes_back_to_queue_at_most_three_times(self):
        invitations = self.campaign._dispatch_round()
        mails = self.mails_for(invitations)
        self.assertEqual(len(mails), 5)
        refused, other = mails[:2], mails[2:]
        refused.write({"state": "exception", "failure_reason": "451 try later"})

        def retry():
            # only this test's emails: the database may hold other refused ones
            return sorted(set(self.env["mail.mail"]._cx_retry_refused_invitations())
                          & set(mails.ids))

        self.assertEqual(retry(), sorted(refused.ids))
        self.assertEqual(refused.mapped("state"), ["outgoing", "outgoing"])
        self.assertEqual(refused.mapped("cx_retry_count"), [1, 1])
        self.assertEqual(other.mapped("cx_retry_count"), [0, 0, 0])
        # nothing refused now: a second run puts nothing back
        self.assertEqual(retry(), [])

        # refused on each of the next two tries, then given up after the third
        for expected_count in (2, 3):
            refused.write({"state": "exception"})
            self.assertEqual(retry(), sorted(refused.ids))
            self.assertEqual(refused.mapped("cx_retry_count"), [expected_count] * 2)
        refused.write({"state": "exception"})
        self.assertEqual(retry(), [])
        self.assertEqual(refused.mapped("state"), ["exception", "exception"])

    def test_answered_invitation_and_other_mail_are_not_retried(self):
        invitations = self.campaign._dispatch_round()
        mails = self.mails_for(invitations)
        answered = invitations[0]
        answered.write({"state": "done"})
        mails.write({"state": "exception"})
        unrelated = self.env["mail.mail"].create({
            "subject": "Not an invitation", "email_to": "x@example.com",
            "body_html": "<p>x</p>"})
        unrelated.write({"state": "exception"})

        retried = set(self.env["mail.mail"]._cx_retry_refused_invitations())
        self.assertEqual(sorted(retried & set(mails.ids)),
                         sorted((mails - self.mails_for(answered)).ids))
        self.assertNotIn(unrelated.id, retried)
        self.assertEqual(unrelated.state, "exception")
        self.assertEqual(self.mails_for(answered).state, "exception")
