# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The response rate of the NPS analysis by tier, stage and touchpoint: answers of a
stratum over the invitations of that stratum (the customer's tier and stage when
invited, the touchpoint of the invitation's campaign), worked out by hand."""
from .common import NpsCase

NOVEMBER = "2026-11-12 10:00:00"


class TestNpsAnalysisStrata(NpsCase):

    @classmethod
    def setUpClass(cls):
        super(TestNpsAnalysisStrata, cls).setUpClass()
        cls.tiers = {tier.code: tier for tier in cls.env["cx.tier"].search([])}
        stages = cls.env["cx.lifecycle.stage"].search([], limit=2)
        cls.s1, cls.s2 = stages[0], stages[1]
        Touchpoint = cls.env["cx.touchpoint"]
        cls.ta = Touchpoint.create({"name": "Strata touchpoint A", "channel": "survey"})
        cls.tb = Touchpoint.create({"name": "Strata touchpoint B", "channel": "survey"})
        Campaign = cls.env["cx.nps.campaign"]
        cls.a = Campaign.create({"name": "Strata A", "partner_domain": "[('id', '=', 0)]",
                                 "touchpoint_id": cls.ta.id})
        cls.b = Campaign.create({"name": "Strata B", "partner_domain": "[('id', '=', 0)]",
                                 "touchpoint_id": cls.tb.id})
        # answers: campaign, tier, stage, score
        for campaign, tier, stage, score in [
                (cls.a, "low", cls.s1, 9), (cls.a, "low", cls.s1, 0),
                (cls.a, "medium", cls.s2, 10), (cls.b, "medium", cls.s2, 7),
                (cls.b, "strategic", cls.s1, 9)]:
            cls.env["cx.nps.response"].create({
                "partner_id": cls.partners[0].id, "campaign_id": campaign.id,
                "score": score, "date": NOVEMBER, "tier_id": cls.tiers[tier].id,
                "stage_id": stage.id})
        # invitations: campaign, tier, stage, how many (B's low S2 customers never
        # answer: a stratum with invitations and no answer)
        UserInput = cls.env["survey.user_input"]
        for campaign, tier, stage, count in [
                (cls.a, "low", cls.s1, 4), (cls.a, "medium", cls.s2, 2),
                (cls.b, "medium", cls.s2, 3), (cls.b, "strategic", cls.s1, 1),
                (cls.b, "low", cls.s2, 2)]:
            for _index in range(count):
                UserInput.create({
                    "survey_id": campaign.survey_id.id, "partner_id": cls.partners[1].id,
                    "cx_nps_campaign_id": campaign.id, "cx_nps_sent_date": NOVEMBER,
                    "cx_nps_tier_id": cls.tiers[tier].id, "cx_nps_stage_id": stage.id})
        cls.domain = [("campaign_id", "in", [cls.a.id, cls.b.id])]

    def report(self, groupby, domain=None):
        Analysis = self.env["cx.nps.analysis"].with_context(lang="es_ES", tz="Europe/Madrid")
        return Analysis.cx_report(self.domain + (domain or []), groupby)

    def rates(self, groupby, domain=None):
        result = self.report(groupby, domain)
        self.assertTrue(result["comparable"])
        return {row["label"]: (row["n"], row["invitations"], row["response_rate_text"])
                for row in result["rows"]}

    @staticmethod
    def name(*records):
        """A row's label: the records' names in Spanish (a cross table: "A / B")."""
        return " / ".join(r.with_context(lang="es_ES").name for r in records)

    def test_response_rate_per_tier(self):
        # low: 2 answers / (4 + 2) invitations = 33,3 %; medium: 2 / (2 + 3) = 40 %;
        # strategic: 1 / 1 = 100 %
        tiers = self.tiers
        self.assertEqual(self.rates(["tier_id"]), {
            self.name(tiers["low"]): (2, 6, "33,3 %"), self.name(tiers["medium"]): (2, 5, "40,0 %"),
            self.name(tiers["strategic"]): (1, 1, "100,0 %")})
        # the total: 5 / 12 = 41,7 %
        total = self.report(["tier_id"])["total"]
        self.assertEqual((total["invitations"], total["response_rate_text"]), (12, "41,7 %"))

    def test_response_rate_per_stage(self):
        # S1: (2 + 1) / (4 + 1) = 60 %; S2: (1 + 1) / (2 + 3 + 2) = 28,571 %
        self.assertEqual(self.rates(["stage_id"]), {
            self.name(self.s1): (3, 5, "60,0 %"), self.name(self.s2): (2, 7, "28,6 %")})

    def test_response_rate_per_touchpoint(self):
        # A: 3 / (4 + 2) = 50 %; B: 2 / (3 + 1 + 2) = 33,3 %
        self.assertEqual(self.rates(["touchpoint_id"]), {
            self.name(self.ta): (3, 6, "50,0 %"), self.name(self.tb): (2, 6, "33,3 %")})
        # filtered on a tier (medium): A 1 / 2 = 50 %, B 1 / 3 = 33,3 %
        self.assertEqual(self.rates(["touchpoint_id"], [
            ("tier_id", "=", self.tiers["medium"].id)]), {
                self.name(self.ta): (1, 2, "50,0 %"), self.name(self.tb): (1, 3, "33,3 %")})
        # filtered on a touchpoint, by stage: B only, S1 1 / 1, S2 1 / 5 = 20 %
        self.assertEqual(self.rates(["stage_id"], [("touchpoint_id", "=", self.tb.id)]), {
            self.name(self.s1): (1, 1, "100,0 %"), self.name(self.s2): (1, 5, "20,0 %")})

    def test_cross_table_tier_by_touchpoint(self):
        # B x low: no answer of 2 invitations, a real 0 %
        rates = self.rates(["touchpoint_id", "tier_id"])
        self.assertEqual(rates[self.name(self.tb, self.tiers["low"])], (0, 2, "0,0 %"))
        self.assertEqual(rates[self.name(self.ta, self.tiers["low"])], (2, 4, "50,0 %"))

    def test_no_rate_where_invitations_do_not_compare(self):
        # invitations carry no country: by country the rate stays empty, not 0 %
        result = self.report(["country_id"])
        self.assertFalse(result["comparable"])
        self.assertEqual([row["response_rate_text"] for row in result["rows"]], [""])
