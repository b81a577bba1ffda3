# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The NPS analysis report: hand-worked figures on built answers, periods named in the
reader's language, tiers in tier order, "no data" where there are no answers, the
answers behind each row, the XLSX of the filtered analysis, and who may read it."""
import base64
import datetime
import doctest

import xlrd

from odoo import fields
from odoo.exceptions import AccessError, UserError

from ..domain import report
from .common import NpsCase

# A fixed stretch of answers (UTC): September and November 2026.
SEPTEMBER = "2026-09-10 10:00:00"
NOVEMBER = "2026-11-12 10:00:00"
# 22:30 UTC on 30 September is 00:30 on 1 October in Madrid (summer time, UTC+2)
MADRID_OCTOBER = "2026-09-30 22:30:00"


class TestNpsAnalysis(NpsCase):

    @classmethod
    def setUpClass(cls):
        super(TestNpsAnalysis, cls).setUpClass()
        cls.tiers = {tier.code: tier for tier in cls.env["cx.tier"].search([])}
        cls.built = cls.env["cx.nps.campaign"].create({
            "name": "Analysis campaign", "partner_domain": "[('id', '=', 0)]"})
        cls.Response = cls.env["cx.nps.response"]
        cls.answers = cls.Response

    @classmethod
    def answer(cls, index, score, date, tier):
        cls.answers |= cls.Response.create({
            "partner_id": cls.partners[index].id, "campaign_id": cls.built.id,
            "score": score, "date": date, "tier_id": cls.tiers[tier].id})

    def analysis(self, lang="es_ES", tz="Europe/Madrid", user=None):
        Analysis = self.env["cx.nps.analysis"].with_context(lang=lang, tz=tz)
        return Analysis.sudo(user) if user else Analysis

    def build_ten(self):
        """5 promoters, 3 passives, 2 detractors: low, medium and strategic customers."""
        for index, (score, tier) in enumerate([
                (9, "low"), (10, "low"), (9, "strategic"), (10, "medium"), (9, "medium"),
                (7, "low"), (8, "strategic"), (7, "medium"), (0, "low"), (6, "medium")]):
            self.answer(index % 5, score, SEPTEMBER if index % 2 else NOVEMBER, tier)

    # --------------------------------------------------------------- the figures
    def test_hand_worked_nps_and_margin(self):
        self.build_ten()
        # NPS = (5 - 2) / 10 = 30. Adjusted Wald: n' = 13, p' = 5.75 / 13 = 0.442308,
        # d' = 2.75 / 13 = 0.211538; p' + d' - (p' - d')^2 = 0.653846 - 0.053254
        # = 0.600592; Var = 10000 * 0.600592 / 13 = 461.99; margin = 1.96 * 21.494
        # = 42.13. Interval around the adjusted centre 100 * 3 / 13 = 23.08:
        # -19.05 ... 65.21.
        result = self.analysis().cx_report([("campaign_id", "=", self.built.id)],
                                           ["campaign_id"])
        total = result["total"]
        self.assertEqual((total["n"], total["nps"]), (10, 30.0))
        self.assertAlmostEqual(total["margin"], 42.13, places=2)
        self.assertEqual(total["nps_text"], "+30,0")
        self.assertEqual(total["margin_text"], "± 42,1")
        self.assertEqual(total["interval_text"], "-19,1 … 65,2")
        self.assertEqual((total["promoter_share_text"], total["passive_share_text"],
                          total["detractor_share_text"]), ("50,0 %", "30,0 %", "20,0 %"))
        self.assertEqual([r["label"] for r in result["rows"]], ["Analysis campaign"])
        # other files add their tables under the analysis through _cx_panels
        self.assertIsInstance(result["panels"], list)
        # a campaign without invitations: no response rate, not "0 %"
        self.assertEqual(result["rows"][0]["response_rate_text"], "")
        # the same in English, with English number formats
        english = self.analysis(lang="en_US").cx_report(
            [("campaign_id", "=", self.built.id)], ["campaign_id"])["total"]
        self.assertEqual((english["nps_text"], english["margin_text"]), ("+30.0", "± 42.1"))

    def test_tiers_in_tier_order(self):
        self.build_ten()
        rows = self.analysis().cx_report([("campaign_id", "=", self.built.id)],
                                         ["tier_id"])["rows"]
        tier_of = {tier.with_context(lang="es_ES").name: code
                   for code, tier in self.tiers.items()}
        self.assertEqual([tier_of[r["label"]] for r in rows], ["strategic", "medium", "low"])
        # strategic: 9, 8 -> NPS 50; medium: 10, 9, 7, 6 -> (2 - 1) / 4 = 25;
        # low: 9, 10, 7, 0 -> (2 - 1) / 4 = 25
        self.assertEqual([r["nps"] for r in rows], [50.0, 25.0, 25.0])
        self.assertEqual([r["n"] for r in rows], [2, 4, 4])
        self.assertEqual(rows[0]["context"], {"search_default_tier_id":
                                              self.tiers["strategic"].id})

    def test_periods_in_the_readers_language(self):
        self.build_ten()
        domain = [("campaign_id", "=", self.built.id)]
        rows = self.analysis().cx_report(domain, ["date:month"])["rows"]
        self.assertEqual([r["label"] for r in rows], ["septiembre 2026", "noviembre 2026"])
        # September 10, 10, 7, 7, 6 (two promoters, one detractor): 20; November 9, 9,
        # 9, 8, 0: (3 - 1) / 5 = 40; change +20, not significant with 5 answers each
        self.assertEqual([r["nps"] for r in rows], [20.0, 40.0])
        self.assertEqual(rows[1]["change_text"], "+20,0")
        self.assertFalse(rows[1]["significant"])
        english = self.analysis(lang="en_US").cx_report(domain, ["date:month"])
        self.assertEqual([r["label"] for r in english["rows"]],
                         ["September 2026", "November 2026"])
        self.assertEqual([p["short_label"] for p in english["trend"]],
                         ["Sep 2026", "Nov 2026"])
        quarters = self.analysis().cx_report(domain, ["date:quarter"])["rows"]
        # the fourth quarter of 2026 is not over (the tests run in December 2026 or
        # later: then it is complete)
        today = fields.Date.from_string(fields.Date.context_today(self.Response))
        current = "T4 2026 (parcial)" if today < datetime.date(2027, 1, 1) else "T4 2026"
        self.assertEqual([r["label"] for r in quarters], ["T3 2026", current])

    def test_current_period_is_partial(self):
        self.build_ten()
        self.answer(0, 10, self.days_ago(0), "low")
        result = self.analysis().cx_report([("campaign_id", "=", self.built.id)],
                                           ["date:month"])
        self.assertTrue(result["rows"][-1]["label"].endswith("(parcial)"))
        self.assertEqual([p["partial"] for p in result["trend"]], [False, False, True])
        self.assertFalse(any("(parcial)" in r["label"] for r in result["rows"][:-1]))

    def test_no_data_is_empty_not_zero(self):
        # the campaign of the case invited five customers, nobody answered yet
        self.campaign._dispatch_round()
        result = self.analysis().cx_report([("campaign_id", "=", self.campaign.id)],
                                           ["campaign_id"])
        total = result["total"]
        self.assertEqual((total["n"], total["nps_text"], total["margin_text"]),
                         (0, "sin datos", ""))
        self.assertEqual(total["interval_text"], "")
        row, = result["rows"]
        self.assertEqual((row["nps_text"], row["invitations_text"], row["response_rate_text"]),
                         ("sin datos", "5", "0,0 %"))
        self.assertEqual(result["trend"], [])
        self.assertNotIn("0 ± 0", str(result))

    def test_rows_open_the_answers_behind_them(self):
        self.build_ten()
        self.answer(1, 3, MADRID_OCTOBER, "low")
        for tz, months in (("Europe/Madrid", ["septiembre 2026", "octubre 2026",
                                              "noviembre 2026"]),
                           ("UTC", ["septiembre 2026", "noviembre 2026"])):
            result = self.analysis(tz=tz).cx_report(
                [("campaign_id", "=", self.built.id)], ["date:month"])
            self.assertEqual([r["label"] for r in result["rows"]], months)
            for row in result["rows"] + [result["total"]]:
                self.assertEqual(self.Response.search_count(row["domain"]), row["n"], tz)
        # in UTC the answer of 22:30 on 30 September is a September answer: 6 of them
        self.assertEqual(result["rows"][0]["n"], 6)

    def test_cross_table_and_bad_breakdowns(self):
        self.build_ten()
        rows = self.analysis().cx_report([("campaign_id", "=", self.built.id)],
                                         ["tier_id", "date:month"])["rows"]
        # the strategic customers answered in November only (9 and 8)
        self.assertEqual(rows[0]["label"], "Estratégico / noviembre 2026")
        self.assertEqual(rows[0]["nps"], 50.0)
        self.assertEqual(sum(r["n"] for r in rows), 10)
        for groupby in (["comment"], ["id, version()"], [7], {"a": 1}):
            with self.assertRaises(UserError):
                self.analysis().cx_report([], groupby)
        with self.assertRaises(UserError):
            self.analysis().cx_report("[('id', '=', 1)]", ["campaign_id"])

    def test_weighted_nps_beside_the_plain_one(self):
        """The engine's NPS weighted to the base (tested in test_weighting) is shown as
        it computes it, in the reader's format, with its design effect."""
        self.build_ten()
        domain = [("campaign_id", "=", self.built.id)]
        engine = self.Response.with_context(tz="Europe/Madrid")._cx_nps_stats(domain)[0]
        result = self.analysis().cx_report(domain, ["tier_id"])
        total = result["total"]
        self.assertTrue(result["weighted"])
        self.assertEqual(total["weighted_nps"], engine["weighted_nps"])
        self.assertEqual(total["weighted_nps_text"], _spanish(engine["weighted_nps"], 1, True))
        self.assertEqual(total["design_effect_text"], _spanish(engine["design_effect"], 2))
        self.assertIn("efecto de diseño %s" % total["design_effect_text"],
                      total["weighted_note"])

    # ----------------------------------------------------------------- the XLSX
    def test_xlsx_of_the_filtered_analysis(self):
        self.build_ten()
        action = self.analysis(lang="en_US").cx_export_xlsx(
            [("campaign_id", "=", self.built.id)], ["tier_id"])
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0]))
        book = xlrd.open_workbook(file_contents=base64.b64decode(attachment.datas))
        summary = book.sheet_by_index(0)
        self.assertEqual(summary.cell_value(0, 0), "Value tier")
        self.assertEqual(summary.row_values(1)[:2], ["Total", 10])
        self.assertEqual(summary.cell_value(1, 8), 30.0)
        self.assertEqual(summary.cell_value(1, 9), 42.1)
        self.assertEqual(summary.col_values(8)[2:5], [50.0, 25.0, 25.0])
        responses = book.sheet_by_index(1)
        self.assertEqual(responses.nrows, 11)
        # the file belongs to whoever exported it
        with self.assertRaises(AccessError):
            attachment.sudo(self.manager).read(["datas"])

    # ------------------------------------------------------------------- rights
    def test_who_reads_the_analysis(self):
        self.build_ten()
        Users = self.env["res.users"].with_context(no_reset_password=True)
        employee = Users.create({"name": "Plain employee", "login": "nps_plain@example.com",
                                 "groups_id": [(6, 0, [self.env.ref("base.group_user").id])]})
        for method in ("cx_report", "cx_export_xlsx"):
            with self.assertRaises(AccessError):
                getattr(self.analysis(user=employee), method)([], ["campaign_id"])
        # a CX user counts its own customers' answers only (partners 0 and 1: the
        # answers 9, 10, 7, 8 -> two promoters, two passives, NPS 50)
        total = self.analysis(user=self.manager).cx_report(
            [("campaign_id", "=", self.built.id)], ["campaign_id"])["total"]
        self.assertEqual((total["n"], total["nps"]), (4, 50.0))

    def test_doctests(self):
        result = doctest.testmod(report)
        self.assertGreater(result.attempted, 0)
        self.assertEqual(result.failed, 0)


def _spanish(value, digits, sign=False):
    """A number as Spanish writes it (below 1,000: no thousands separator)."""
    text = ("%.*f" % (digits, value)).replace(".", ",")
    return "+" + text if sign and round(value, digits) > 0 else text
