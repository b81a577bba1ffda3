# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer's timeline (cx.timeline) and the 360-degree header of the partner form:
what each source gives, in which language, to whom, and the work queue of customers at
risk without an action."""
import datetime

from odoo import fields
from odoo.exceptions import AccessError

from ..domain import timeline
from .common import CxCase


class TestTimeline(CxCase):
    @classmethod
    def setUpClass(cls):
        super(TestTimeline, cls).setUpClass()
        ref = cls.env.ref

        def user(login, *groups):
            return cls.env["res.users"].with_context(no_reset_password=True).create({
                "name": login, "login": login, "email": "%s@example.com" % login,
                "groups_id": [(6, 0, [ref(group).id for group in groups])]})

        cls.cx_user = user("tl_cx_user", "cx_experience.group_cx_user")
        cls.cx_biller = user("tl_cx_biller", "cx_experience.group_cx_user",
                             "account.group_account_invoice")
        cls.manager = user("tl_manager", "cx_experience.group_cx_manager")
        cls.employee = user("tl_employee", "base.group_user")
        cls.mine = cls.customer("TL mine", user_id=cls.cx_user.id)
        cls.contact = cls.Partner.create({"name": "TL contact", "parent_id": cls.mine.id})
        cls.theirs = cls.customer("TL theirs", user_id=cls.manager.id)
        cls.biller_customer = cls.customer("TL billed", user_id=cls.cx_biller.id)
        now = datetime.datetime.now()

        def ago(days):
            return fields.Datetime.to_string(now - datetime.timedelta(days=days))

        touchpoint = ref("cx_experience.touchpoint_loyalty_program")
        Interaction = cls.env["cx.interaction"]
        # On the contact: the timeline shows it on its company, the commercial partner.
        cls.call = Interaction.create({
            "name": "Called about the renewal", "partner_id": cls.contact.id,
            "touchpoint_id": touchpoint.id, "date": ago(5), "score": 4.0})
        cls.fine = Interaction.create({
            "name": "Visit", "partner_id": cls.mine.id, "touchpoint_id": touchpoint.id,
            "date": ago(3), "score": 9.0})
        cls.other_call = Interaction.create({
            "name": "Their call", "partner_id": cls.theirs.id,
            "touchpoint_id": touchpoint.id, "date": ago(1)})
        cls.inv = cls.invoice(cls.mine, 1234.5, days_ago=4)
        cls.invoice(cls.biller_customer, 80.0, days_ago=4)
        cls.draft = cls.invoice(cls.mine, 99.0, days_ago=2, post=False)
        cls.mine._cx_move_to_stage("sale")
        cls.mine.sudo().write({"cx_tier_id": cls.tier["high"].id})
        # The tier change an hour before the stage move (both happened this second).
        cls.env.cr.execute("UPDATE cx_tier_change SET date = %s WHERE partner_id = %s",
                           (ago(1.0 / 24), cls.mine.id))
        cls.todo = cls.env["mail.activity"].create({
            "res_model_id": cls.env["ir.model"]._get("res.partner").id,
            "res_id": cls.contact.id, "user_id": cls.cx_user.id,
            "activity_type_id": ref("mail.mail_activity_data_call").id,
            "summary": "Agree the plan",
            "date_deadline": fields.Date.to_string(cls.today + datetime.timedelta(days=2))})
        cls.Timeline = cls.env["cx.timeline"]

    def rows(self, partner, user=None, lang="en_US"):
        Timeline = self.Timeline.sudo(user) if user else self.Timeline
        return Timeline.with_context(lang=lang).search([("partner_id", "=", partner.id)])

    def test_every_source_newest_first_on_the_commercial_partner(self):
        rows = self.rows(self.mine)
        self.assertEqual(rows.mapped("kind"), [
            "activity", "stage", "tier", "interaction", "invoice", "interaction"])
        dates = rows.mapped("date")
        self.assertEqual(dates, sorted(dates, reverse=True))
        call = rows.filtered(lambda r: r.res_model == "cx.interaction"
                             and r.res_id == self.call.id)
        self.assertEqual((call.contact_id, call.score, call.level),
                         (self.contact, 4.0, "danger"))
        fine = rows.filtered(lambda r: r.res_id == self.fine.id and r.kind == "interaction")
        self.assertEqual((fine.score, fine.level), (9.0, False))
        # No draft invoice, no other customer's rows; ids unique.
        self.assertNotIn(self.draft.id, rows.filtered(
            lambda r: r.kind == "invoice").mapped("res_id"))
        self.assertEqual(len(set(rows.ids)), len(rows))
        self.assertNotIn(self.other_call.id, rows.filtered(
            lambda r: r.kind == "interaction").mapped("res_id"))

    def test_texts_in_the_readers_language_and_number_format(self):
        en = {r.kind: r.summary for r in self.rows(self.mine)}
        es = {r.kind: r.summary for r in self.rows(self.mine, lang="es_ES")}
        symbol = self.inv.currency_id.symbol
        number = self.inv.number
        amount_en = ("%s 1,234.50" % symbol if self.inv.currency_id.position == "before"
                     else "1,234.50 %s" % symbol)
        amount_es = amount_en.replace("1,234.50", "1.234,50")
        self.assertEqual(en["invoice"], "Invoice %s: %s" % (number, amount_en))
        self.assertEqual(es["invoice"], "Factura %s: %s" % (number, amount_es))
        self.assertEqual(en["stage"], "Lifecycle stage: Sale (By hand)")
        self.assertEqual(es["stage"], "Etapa del ciclo de vida: Venta (A mano)")
        self.assertEqual(en["tier"], "Value tier: High (By hand)")
        self.assertEqual(es["tier"], "Nivel de valor: Alto (A mano)")
        self.assertEqual(en["activity"], "Call for tl_cx_user: Agree the plan")
        self.assertEqual(es["activity"], "Llamada para tl_cx_user: Agree the plan")

    def test_done_activity_stays_on_the_timeline(self):
        self.todo.action_feedback("Done, plan agreed")
        rows = self.rows(self.mine, lang="es_ES").filtered(lambda r: r.kind == "activity")
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows.level, timeline.LEVEL_SUCCESS)
        self.assertTrue(rows.summary.startswith("Llamada hecha por "), rows.summary)

    def test_a_cx_user_reads_its_own_customers_rows_only(self):
        self.assertEqual(
            set(self.rows(self.mine, self.cx_user).mapped("kind")),
            {"activity", "stage", "tier", "interaction"})   # no invoice: no invoicing rights
        self.assertFalse(self.rows(self.theirs, self.cx_user))
        self.assertEqual(self.rows(self.biller_customer, self.cx_biller).mapped("kind"),
                         ["invoice"])
        # Managers read every customer's rows (invoices need the invoicing group).
        self.assertIn("interaction", self.rows(self.theirs, self.manager).mapped("kind"))
        # A plain employee reads none of it.
        with self.assertRaises(AccessError):
            self.rows(self.mine, self.employee)

    def test_a_read_by_id_finds_the_same_rows(self):
        """Reads by id add the rows' keys as a condition (_apply_ir_rules): the same
        rows and values come back as through a plain SQL read of the view."""
        rows = self.rows(self.mine)
        self.env.cr.execute("SELECT id, kind, name, partner_id FROM cx_timeline "
                            "WHERE id IN %s ORDER BY id", (tuple(rows.ids),))
        expected = self.env.cr.fetchall()
        fresh = self.Timeline.browse(rows.ids)
        fresh.invalidate_cache()
        got = sorted((r["id"], r["kind"], r["name"], r["partner_id"][0])
                     for r in fresh.read(["kind", "name", "partner_id"]))
        self.assertEqual(got, expected)
        self.assertEqual(len(got), 6)

    def test_view_rebuilt_when_missing(self):
        self.env.cr.execute("DROP VIEW cx_timeline")
        self.Timeline._register_hook()
        self.assertEqual(len(self.rows(self.mine)), 6)
        # Up to date: the hook changes nothing (the same digest stays).
        self.env.cr.execute("SELECT obj_description('cx_timeline'::regclass, 'pg_class')")
        digest = self.env.cr.fetchone()[0]
        self.Timeline._register_hook()
        self.env.cr.execute("SELECT obj_description('cx_timeline'::regclass, 'pg_class')")
        self.assertEqual(self.env.cr.fetchone()[0], digest)

    def test_open_timeline_button_filters_by_a_known_kind_only(self):
        Partner = self.Partner.sudo(self.cx_user)
        action = Partner.browse(self.contact.id).with_context(
            cx_timeline_kind="invoice").action_cx_open_timeline()
        self.assertEqual(action["domain"], [("partner_id", "=", self.mine.id)])
        self.assertEqual(action["context"], {"search_default_kind_invoice": 1})
        forged = Partner.browse(self.mine.id).with_context(
            cx_timeline_kind="x') or 1=1 --").action_cx_open_timeline()
        self.assertEqual(forged["context"], {})
        with self.assertRaises(AccessError):
            self.Partner.sudo(self.employee).browse(self.mine.id).action_cx_open_timeline()

    def test_open_source_checks_the_row_first(self):
        row = self.rows(self.theirs).filtered(lambda r: r.kind == "interaction")
        with self.assertRaises(AccessError):
            row.sudo(self.cx_user).action_open_source()
        mine = self.rows(self.mine, self.cx_user).filtered(
            lambda r: r.res_id == self.call.id and r.kind == "interaction")
        action = mine.action_open_source()
        self.assertEqual((action["res_model"], action["res_id"]),
                         ("cx.interaction", self.call.id))

    def test_header_last_contact_and_next_activity(self):
        partner = self.Partner.sudo(self.cx_user).browse(self.mine.id)
        self.assertEqual(partner.cx_last_contact_date, self.fine.date)
        self.assertEqual(partner.cx_next_activity_date, self.todo.date_deadline)
        self.assertEqual(partner.with_context(lang="en_US").cx_next_activity_text,
                         "Call: Agree the plan (tl_cx_user)")
        # Nothing known: empty, not a zero or a date of 1970.
        lonely = self.customer("TL lonely")
        self.assertFalse(lonely.cx_last_contact_date)
        self.assertFalse(lonely.cx_next_activity_date)
        self.assertFalse(lonely.cx_next_activity_text)


class TestAtRiskQueue(CxCase):
    """My at-risk customers without an action: the at_risk quadrant and no open activity
    on the customer or any of its contacts."""

    @classmethod
    def setUpClass(cls):
        super(TestAtRiskQueue, cls).setUpClass()
        cls.idle = cls.customer("Q idle")
        cls.busy = cls.customer("Q busy")
        cls.busy_contact = cls.Partner.create({"name": "Q contact", "parent_id": cls.busy.id})
        cls.fine = cls.customer("Q fine")
        for partner in (cls.idle, cls.busy, cls.fine):
            cls.invoice(partner, 20000.0)
        cls.Partner._cx_recompute_tiers()
        (cls.idle | cls.busy)._cx_set_satisfaction(20.0)
        cls.fine._cx_set_satisfaction(90.0)
        # Entering at risk planned a to-do on each: drop them, plan one on a contact.
        cls.env["mail.activity"].search([
            ("res_model", "=", "res.partner"),
            ("res_id", "in", (cls.idle | cls.busy).ids)]).unlink()
        cls.env["mail.activity"].create({
            "res_model_id": cls.env["ir.model"]._get("res.partner").id,
            "res_id": cls.busy_contact.id, "summary": "Visit",
            "date_deadline": fields.Date.to_string(cls.today)})

    def test_queue(self):
        ours = self.idle | self.busy | self.fine
        self.assertEqual([p.cx_quadrant for p in ours], ["at_risk", "at_risk", "model"])
        found = self.Partner.search([("id", "in", ours.ids), ("cx_at_risk_no_action", "=", True)])
        self.assertEqual(found, self.idle)
        self.assertEqual([p.cx_at_risk_no_action for p in ours], [True, False, False])
        others = self.Partner.search([("id", "in", ours.ids),
                                      ("cx_at_risk_no_action", "=", False)])
        self.assertEqual(others, self.busy | self.fine)
