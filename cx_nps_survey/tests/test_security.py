# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Security review (issue 10): each finding as an attack with a real user of each group.

The callers are users of each group calling the public methods with ``.sudo(user)``
(Odoo 11), so that access rights and record rules apply as over XML-RPC. Each refused
call is followed by a read, as the administrator, showing nothing changed.
"""
import contextlib
import unittest

from odoo.exceptions import AccessError, UserError, ValidationError

from ..domain import stats
from .common import NpsCase

FORGED_CONTEXT = {"cx_internal": True, "tracking_disable": True, "cx_nps_quiet_create": True}


class TestStatsWhitelist(unittest.TestCase):
    """The whitelists of the statistics, without a database."""

    def test_doctests(self):
        import doctest
        result = doctest.testmod(stats)
        self.assertEqual(result.failed, 0)
        self.assertGreater(result.attempted, 5)

    def test_only_our_dimensions(self):
        for bad in ("id, version() AS x --:month", "comment", "partner_id", "user_id",
                    "date:month'; DROP TABLE res_users; --", "date:hour", "campaign_id::text",
                    "campaign_id, pg_sleep(5)", ["month", "comment"], [None], 3):
            with self.assertRaises(ValueError):
                stats.groupbys(bad)

    def test_invitation_domain_takes_checked_values_only(self):
        # a caller's free domain on the invitations used to be searched under sudo
        self.assertIsNone(stats.invitation_domain([("token", "=like", "a%")], []))
        self.assertIsNone(stats.invitation_domain([("campaign_id", "in", ["1"])], []))
        self.assertIsNone(stats.invitation_domain([("date", "like", "2026%")], []))
        self.assertIsNone(stats.invitation_domain(
            ["|", ("campaign_id", "=", 1), ("campaign_id", "=", 2)], []))
        self.assertEqual(stats.invitation_domain([("campaign_id", "=", 4)], ["date:week"]),
                         [("cx_nps_campaign_id", "!=", False),
                          ("cx_nps_campaign_id", "in", [4])])


class TestNpsSecurity(NpsCase):

    @classmethod
    def setUpClass(cls):
        super(TestNpsSecurity, cls).setUpClass()
        Users = cls.env["res.users"].with_context(no_reset_password=True)

        def user(login, *groups):
            return Users.create({
                "name": login, "login": login, "email": "%s@example.com" % login,
                "lang": "en_US",
                "groups_id": [(6, 0, [cls.env.ref(g).id for g in groups])]})
        cls.portal = user("sec_portal", "base.group_portal")
        cls.employee = user("sec_employee", "base.group_user")
        cls.cx_user = cls.manager  # CX user, account manager of partners 0 and 1
        cls.cx_manager = user("sec_cx_manager", "cx_experience.group_cx_manager")
        cls.invitations = cls.campaign._dispatch_round()
        # own customers: 10 (promoter) and 3 (detractor); others: 9 and 0; one unanswered
        cls.responses = {}
        for index, score in ((0, 10), (1, 3), (2, 9), (3, 0)):
            cls.responses[index] = cls.invitation_of(index)._cx_record_score(score)
        cls.question = cls.survey._cx_nps_question()

    @classmethod
    def invitation_of(cls, index):
        return cls.invitations.filtered(lambda i: i.partner_id == cls.partners[index])

    def stats(self, user, domain=None, dimension=None, **context):
        Response = self.env["cx.nps.response"].sudo(user).with_context(**context)
        return Response.cx_nps_stats(domain or [("campaign_id", "=", self.campaign.id)],
                                     dimension)

    @contextlib.contextmanager
    def refused(self, exception):
        """A refused call, rolled back as the RPC would roll it back (a constraint
        refuses after the write), then read afresh."""
        with self.assertRaises(exception) as caught:
            with self.env.cr.savepoint():
                yield caught
        self.env.clear()

    def snapshot(self):
        """What an injection or a refused write would change."""
        self.env.cr.execute("SELECT id, login, write_date FROM res_users ORDER BY id")
        users = self.env.cr.fetchall()
        self.env.cr.execute("SELECT id, score, comment, partner_id, followup_state "
                            "FROM cx_nps_response ORDER BY id")
        return users, self.env.cr.fetchall()

    # ------------------------------------------------------------ 1. injection
    def test_sql_in_a_dimension_is_refused_and_changes_nothing(self):
        before = self.snapshot()
        attacks = [
            "id, version() AS x --:month",
            "id, (SELECT string_agg(password, ',') FROM res_users) --:month",
            "date:month')), 1; UPDATE res_users SET login = 'owned' WHERE id = 1; --",
            "(SELECT pg_sleep(3))::text --:month",
            "campaign_id::text",
            "comment", "partner_id", "user_id",
            ["campaign", "id; SELECT token FROM survey_user_input --"],
        ]
        for attack in attacks:
            for user in (self.cx_manager, self.cx_user):
                with self.assertRaises(UserError):
                    self.stats(user, dimension=attack)
        self.assertEqual(self.snapshot(), before)

    def test_time_zone_and_filter_are_checked(self):
        with self.assertRaises(UserError):
            self.stats(self.cx_manager, dimension="month",
                       tz="UTC')), 1; SELECT pg_sleep(3); --")
        with self.assertRaises(UserError):
            self.stats(self.cx_manager, dimension="month", tz=["UTC"])
        # a valid zone works (hand-worked: 4 answers this month)
        rows = self.stats(self.cx_manager, dimension="month", tz="America/Bogota")
        self.assertEqual(sum(r["n"] for r in rows), 4)
        for bad in ("[]", {"a": 1}, [("nope", "=", 1)], [("score", "=", "ten")],
                    [("id", "inselect", ("SELECT 1", []))]):
            with self.assertRaises(UserError):
                self.env["cx.nps.response"].sudo(self.cx_manager).cx_nps_stats(bad)
        # the transaction is still usable after a refused value
        self.assertEqual(self.stats(self.cx_manager)[0]["n"], 4)

    # ------------------------------------------------------------ 2. access
    def test_statistics_need_read_access_to_the_answers(self):
        for user in (self.portal, self.employee):
            with self.assertRaises(AccessError):
                self.stats(user)
            with self.assertRaises(AccessError):
                self.stats(user, dimension="campaign")

    def test_cx_user_counts_only_its_own_customers(self):
        # own customers 0 and 1: one promoter (10), one detractor (3), both invited:
        # n = 2, NPS = (1 - 1) / 2 = 0, invitations 2, response rate 100 %
        mine = self.stats(self.cx_user, dimension="campaign")
        self.assertEqual(len(mine), 1)
        row = mine[0]
        self.assertEqual((row["n"], row["promoters"], row["passives"], row["detractors"]),
                         (2, 1, 0, 1))
        self.assertEqual((row["nps"], row["invitations"], row["response_rate"]),
                         (0.0, 2, 100.0))
        # the manager: 10, 3, 9, 0 of 5 invitations -> 2 promoters, 2 detractors,
        # NPS 0, response rate 4 / 5 = 80 %
        row = self.stats(self.cx_manager, dimension="campaign")[0]
        self.assertEqual((row["n"], row["promoters"], row["detractors"], row["invitations"],
                          row["response_rate"]), (4, 2, 2, 5, 80.0))
        # the campaign's figures follow the reader too
        campaign = self.campaign.sudo(self.cx_user)
        self.assertEqual((campaign.response_count, campaign.invitation_count), (2, 2))

    def test_token_oracle_is_gone(self):
        token = self.invitation_of(3).token
        Response = self.env["cx.nps.response"].sudo(self.cx_manager)
        with self.assertRaises(TypeError):
            Response.cx_nps_stats([], None, [("token", "=like", token[0] + "%")])
        # a filter on the invitations' token is not among the response fields
        with self.assertRaises(UserError):
            Response.cx_nps_stats([("user_input_id.token", "=like", token[0] + "%")], 7)
        for user in (self.portal, self.employee):
            UserInput = self.env["survey.user_input"].sudo(user)
            self.assertEqual(UserInput.search_count([("token", "=like", token[0] + "%"),
                                                     ("survey_id", "=", self.survey.id)]), 0)
            with self.assertRaises(AccessError):
                UserInput.browse(self.invitation_of(3).id).read(["token"])

    # ------------------------------------------------------------ 3. campaign actions
    def test_campaign_actions_are_for_managers(self):
        campaign = self.campaign.sudo(self.cx_user)
        sent = len(self.campaign.invitation_ids)
        for action in ("action_preview_audience", "action_schedule", "action_pause",
                       "action_resume", "action_done", "action_draft", "action_send_now"):
            with self.assertRaises(AccessError):
                getattr(campaign, action)()
        self.campaign.invalidate_cache()
        self.assertEqual(self.campaign.state, "running")
        self.assertFalse(self.campaign.preview_date)
        self.assertEqual(self.env["survey.user_input"].search_count(
            [("cx_nps_campaign_id", "=", self.campaign.id)]), sent)
        # the manager may
        self.campaign.sudo(self.cx_manager).action_pause()
        self.assertEqual(self.campaign.state, "paused")
        self.campaign.sudo(self.cx_manager).action_resume()
        self.assertEqual(self.campaign.state, "running")

    def test_views_do_not_open_other_records(self):
        other = self.env["cx.nps.campaign"].create({
            "name": "Other company's", "company_id": self.env["res.company"].create(
                {"name": "NPS other company"}).id})
        for action in ("action_view_responses", "action_view_invitations",
                       "action_view_audience"):
            with self.assertRaises(AccessError):
                getattr(other.sudo(self.cx_manager), action)()
            self.assertTrue(getattr(self.campaign.sudo(self.cx_manager), action)())

    # ------------------------------------------------------------ 4. invitations
    def test_nobody_but_the_engine_creates_or_changes_nps_invitations(self):
        victim = self.partners[4]
        for user in (self.portal, self.employee, self.cx_user, self.cx_manager):
            UserInput = self.env["survey.user_input"].sudo(user)
            for vals in ({"survey_id": self.survey.id, "partner_id": victim.id},
                         {"survey_id": self.survey.id, "partner_id": victim.id,
                          "cx_nps_campaign_id": self.campaign.id}):
                with self.assertRaises(AccessError):
                    UserInput.with_context(**FORGED_CONTEXT).create(vals)
            invitation = UserInput.browse(self.invitation_of(4).id)
            with self.assertRaises(AccessError):
                invitation.write({"partner_id": self.partners[0].id})
            with self.assertRaises(AccessError):
                invitation.unlink()
            # nor its answers (save_lines is public in survey 11.0)
            tag = "%s_%s_%s" % (self.survey.id, self.question.page_id.id, self.question.id)
            label = self.question.labels_ids.filtered(lambda l: l.cx_nps_score == 0)
            with self.assertRaises(AccessError):
                self.env["survey.user_input_line"].sudo(user).save_lines(
                    self.invitation_of(4).id, self.question, {tag: str(label.id)}, tag)
        self.assertEqual(self.env["survey.user_input"].search_count(
            [("partner_id", "=", victim.id)]), 1)
        self.assertEqual(self.invitation_of(4).partner_id, victim)
        self.assertFalse(self.invitation_of(4).user_input_line_ids)
        self.assertFalse(self.env["cx.nps.response"].search(
            [("partner_id", "=", victim.id)]))

    def test_who_reads_the_nps_invitations(self):
        domain = [("cx_nps_campaign_id", "=", self.campaign.id)]
        UserInput = self.env["survey.user_input"]
        self.assertEqual(UserInput.sudo(self.portal).search_count(domain), 0)
        self.assertEqual(UserInput.sudo(self.employee).search_count(domain), 0)
        self.assertEqual(UserInput.sudo(self.cx_user).search(domain).mapped("partner_id"),
                         self.partners[:2])
        self.assertEqual(UserInput.sudo(self.cx_manager).search_count(domain), 5)

    # ------------------------------------------------------------ 5. copies
    def test_answer_lines_of_nps_surveys_follow_the_answers(self):
        Line = self.env["survey.user_input_line"]
        domain = [("survey_id", "=", self.survey.id),
                  ("user_input_id", "in", self.invitations.ids)]
        self.assertEqual(Line.sudo(self.portal).search_count(domain), 0)
        self.assertEqual(Line.sudo(self.employee).search_count(domain), 0)
        self.assertEqual(Line.sudo(self.cx_user).search(domain).mapped(
            "user_input_id.partner_id"), self.partners[:2])
        self.assertEqual(Line.sudo(self.cx_manager).search_count(domain), 4)
        # another survey keeps survey's own behaviour: its lines are read by all
        other = self.env["survey.survey"].create({"title": "Canteen"})
        page = self.env["survey.page"].create({"title": "P", "survey_id": other.id})
        question = self.env["survey.question"].create({
            "page_id": page.id, "question": "Food?", "type": "free_text"})
        answer = self.env["survey.user_input"].create({"survey_id": other.id})
        line = Line.create({"user_input_id": answer.id, "question_id": question.id,
                            "answer_type": "free_text", "value_free_text": "fine"})
        for user in (self.employee, self.cx_user, self.cx_manager):
            self.assertEqual(Line.sudo(user).search([("id", "=", line.id)]), line)

    def test_followup_copies_no_comment_and_no_message_carries_it(self):
        secret = "secret-comment <img src='https://tracker.example.com/p.gif'>"
        invitation = self.invitation_of(4)
        response = invitation._cx_record_score(2)
        response.write({"comment": secret})
        activity = response.followup_ref
        self.assertEqual(activity._name, "mail.activity")
        for text in (activity.note or "", activity.summary or ""):
            self.assertNotIn("secret-comment", text)
            self.assertNotIn("tracker.example.com", text)
            self.assertNotIn("<img", text)
        self.assertNotIn("2", activity.summary.replace(self.partners[4].display_name, ""))
        # the follow-up recorded: its feedback message is on the answer, without the
        # comment; no message anywhere carries it
        self.record_call(response, "contacted")
        self.assertFalse(self.env["mail.message"].search(
            [("body", "ilike", "secret-comment")]))

    # ------------------------------------------------------------ 6. immutable answers
    def test_answers_are_immutable_to_staff_but_the_follow_up(self):
        own = self.responses[1]
        before = self.snapshot()
        fixed = {"score": 10, "comment": "rewritten", "partner_id": self.partners[3].id,
                 "date": "2000-01-01 00:00:00", "campaign_id": False, "is_latest": False,
                 "user_id": self.cx_manager.id}
        for field, value in fixed.items():
            for user in (self.cx_user, self.cx_manager):
                with self.assertRaises(AccessError):
                    own.sudo(user).with_context(**FORGED_CONTEXT).write({field: value})
        self.assertEqual(self.snapshot(), before)
        # its own detractor's follow-up is the CX user's job, not another's
        self.record_call(own, "contacted", user=self.cx_user)
        self.assertEqual(own.followup_state, "contacted")
        self.assertTrue(own.followup_date)
        other = self.responses[3]
        for action in ("action_followup_contacted", "action_followup_resolved",
                       "action_followup_lost"):
            for user in (self.cx_user, self.employee, self.portal):
                with self.assertRaises(AccessError):
                    getattr(other.sudo(user), action)()
        self.assertEqual(other.followup_state, "open")
        own.sudo(self.cx_user).write({"followup_deadline": "2099-01-01"})
        self.assertEqual(own.followup_deadline, "2099-01-01")

    def test_manual_answers_cannot_forge_engine_fields(self):
        Response = self.env["cx.nps.response"].sudo(self.cx_manager)
        for forged in ({"is_latest": True}, {"user_input_id": self.invitation_of(4).id},
                       {"followup_state": "resolved"}, {"promoter_mail_sent": True}):
            vals = dict(forged, partner_id=self.partners[4].id, score=9)
            with self.assertRaises(AccessError):
                Response.create(vals)
        self.assertFalse(self.env["cx.nps.response"].search(
            [("partner_id", "=", self.partners[4].id)]))
        # a manual answer takes its segment from the customer, not from the caller
        manual = Response.create({"partner_id": self.partners[0].id, "score": 8,
                                  "user_id": self.cx_manager.id})
        self.assertEqual((manual.user_id, manual.channel), (self.cx_user, "manual"))
        with self.assertRaises(AccessError):
            self.env["cx.nps.response"].sudo(self.cx_user).create(
                {"partner_id": self.partners[0].id, "score": 8})

    def test_partner_nps_figures_are_the_engines(self):
        partner = self.partners[2]
        before = partner.read(["cx_nps_last_score", "cx_nps_last_category",
                               "cx_nps_last_date", "cx_nps_last_invited"])
        forged = {"cx_nps_last_score": 10, "cx_nps_last_category": "promoter",
                  "cx_nps_last_date": "2099-01-01 00:00:00",
                  "cx_nps_last_invited": "2000-01-01 00:00:00"}
        for field, value in forged.items():
            with self.assertRaises(AccessError):
                partner.sudo(self.cx_manager).with_context(**FORGED_CONTEXT).write(
                    {field: value})
            with self.assertRaises(AccessError):
                self.env["res.partner"].sudo(self.cx_manager).create(
                    {"name": "Forged", field: value})
        partner.invalidate_cache()
        self.assertEqual(partner.read(list(forged)), before)
        # the opt-out stays the staff's to record
        partner.sudo(self.cx_manager).write({"cx_nps_opt_out": True})
        self.assertTrue(partner.cx_nps_opt_out)

    # ------------------------------------------------------------ 7. configuration
    def test_nps_question_of_a_live_campaign_stays(self):
        with self.assertRaises(ValidationError):
            self.question.write({"cx_nps": False})
        with self.assertRaises(ValidationError):
            self.question.unlink()
        with self.assertRaises(ValidationError):
            self.question.page_id.unlink()
        self.assertTrue(self.question.exists() and self.question.cx_nps)
        # once no campaign sends the survey, it may change
        self.env["cx.nps.campaign"].search([("survey_id", "=", self.survey.id)]).write(
            {"state": "done"})
        self.question.write({"cx_nps": False})
        self.assertFalse(self.survey.cx_has_nps_question)

    def test_nps_question_offers_the_eleven_scores(self):
        labels = self.question.labels_ids
        with self.refused(ValidationError):
            labels[0].unlink()
        with self.refused(ValidationError):
            labels[0].write({"cx_nps_score": labels[1].cx_nps_score})
        with self.refused(ValidationError):
            labels[0].write({"cx_nps_score": -1})
        with self.refused(ValidationError):
            self.env["survey.label"].create({"question_id": self.question.id,
                                             "value": "11", "cx_nps_score": 11})
        self.assertEqual(sorted(self.question.labels_ids.mapped("cx_nps_score")),
                         list(range(11)))
        page = self.question.page_id
        two = [(0, 0, {"value": str(s), "cx_nps_score": s}) for s in (0, 10)]
        with self.refused(ValidationError):
            self.env["survey.question"].create({
                "page_id": page.id, "question": "Two choices", "type": "simple_choice",
                "cx_nps": True, "labels_ids": two})
        plain = self.env["survey.question"].create({
            "page_id": page.id, "question": "Two choices", "type": "simple_choice",
            "labels_ids": two})
        with self.refused(ValidationError):
            plain.write({"cx_nps": True})
        eleven = [(0, 0, {"value": str(s), "cx_nps_score": s}) for s in range(11)]
        self.assertTrue(self.env["survey.question"].create({
            "page_id": page.id, "question": "Eleven", "type": "simple_choice",
            "cx_nps": True, "labels_ids": eleven}).cx_nps)

    def test_audience_filter_must_be_a_domain(self):
        for bad in ("{}", "5", "'everybody'", "[('nope', '=', 1)]", "[1, 2]", "(", "None"):
            with self.refused(ValidationError):
                self.campaign.write({"partner_domain": bad})
        self.assertIn("'id', 'in'", self.campaign.partner_domain)
        self.campaign.write({"partner_domain": "[('customer', '=', True)]"})

    # ------------------------------------------------------------ 8. closed links
    def test_a_paused_campaign_records_no_answer(self):
        invitation = self.invitation_of(4)
        self.campaign.action_pause()
        self.assertEqual(invitation.with_context(lang="en_US")._cx_check_open(),
                         "This survey is closed and no longer records answers. Thank you "
                         "for your time.")
        with self.assertRaises(UserError):
            invitation._cx_record_score(9)
        self.campaign.action_done()
        with self.assertRaises(UserError):
            invitation._cx_record_score(9)
        self.assertFalse(invitation.user_input_line_ids)
        self.assertFalse(self.env["cx.nps.response"].search(
            [("user_input_id", "=", invitation.id)]))

    def test_ticket_followup_has_no_remote_resource(self):
        if "helpdesk.ticket" not in self.env:
            self.skipTest("helpdesk_mgmt is not installed")
        self.campaign.followup_mode = "ticket"
        response = self.env["cx.nps.response"].create({
            "partner_id": self.partners[4].id, "campaign_id": self.campaign.id, "score": 0,
            "comment": "<img src='https://tracker.example.com/p.gif'>"
                       "<iframe src='https://x.example.com'></iframe> late"})
        ticket = response.followup_ref
        self.assertEqual(ticket._name, "helpdesk.ticket")
        for tag in ("<img", "<iframe"):
            self.assertNotIn(tag, ticket.description)
        self.assertIn("late", ticket.description)

    # ------------------------------------------------------------ 9. other doors
    def test_links_only_for_who_reads_the_invitation(self):
        theirs = self.invitation_of(3)
        for user in (self.portal, self.employee, self.cx_user):
            for method, args in (("cx_nps_answer_url", (5,)), ("cx_nps_answer_base", ()),
                                 ("cx_nps_optout_url", ()), ("cx_nps_survey_url", ())):
                with self.assertRaises(AccessError):
                    getattr(theirs.sudo(user), method)(*args)
        self.assertIn(theirs.token, theirs.sudo(self.cx_manager).cx_nps_optout_url())

    def test_partner_answers_and_analysis_need_answer_access(self):
        for user in (self.portal, self.employee):
            with self.assertRaises(AccessError):
                self.partners[0].sudo(user).action_cx_nps_responses()
            analysis = self.env["cx.nps.analysis"].sudo(user)
            for method in ("cx_report", "cx_export_xlsx"):
                with self.assertRaises(AccessError):
                    getattr(analysis, method)([], ["date:month"])
        total = self.env["cx.nps.analysis"].sudo(self.cx_user).cx_report(
            [("campaign_id", "in", self.campaign.ids)], ["campaign_id"])["total"]
        self.assertEqual((total["n"], total["invitations"]), (2, 2))
