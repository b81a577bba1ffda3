# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Plain unit tests of the "human or automated" and "who may change an answer" rules
(domain/answer_guard.py) and of what an answer sets off (domain/answer_loop.py), on
hand-made request sequences: no database, no server. Times are seconds."""
import doctest
import unittest

from ..domain import answer_guard as guard
from ..domain import answer_loop as loop
from ..domain import nps

KEY = b"test-key"
TOKEN = 42
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"
SAFE_LINKS = "Mozilla/5.0 (compatible; Microsoft SafeLinks)"
POST = "POST"


def view(at, score, kind=guard.KIND_VIEW):
    return guard.Event(at, kind, score)


def confirm(visit_id, nonce, now, history=(), answer=None, problem=None, agent=BROWSER,
            method=POST, token=TOKEN):
    """The guard's verdict on a confirmation sent with the cookie ``visit_id``."""
    status, seq, issued = guard.read_nonce(KEY, token, visit_id, nonce)
    visit = guard.visit_key(KEY, visit_id) if visit_id else None
    return guard.confirm_verdict(method, agent, status, visit, seq, issued, now,
                                 list(history), answer, problem)


def answered(visit_id, seq, first_at, final_at=None):
    return guard.Answer(guard.visit_key(KEY, visit_id), seq, first_at,
                        final_at if final_at is not None else guard.final_at(first_at))


class TestDoctests(unittest.TestCase):

    def test_doctests(self):
        for module in (guard, loop):
            result = doctest.testmod(module)
            self.assertEqual(result.failed, 0, module.__name__)
            self.assertGreater(result.attempted, 3)


class TestScannerSequences(unittest.TestCase):
    """Mail scanners open the eleven links of the email: none of it may count."""

    def test_eleven_links_in_order(self):
        # one every 100 ms: the first two look like a person, from the third one on
        # three different scores within 10 s: a burst
        history, verdicts = [], []
        for score in range(11):
            at = 1000.0 + score * 0.1
            verdicts.append(guard.view_verdict("GET", SAFE_LINKS.replace("SafeLinks", "X"),
                                               history, at, score))
            history.append(view(at, score))
        self.assertEqual([v.verdict for v in verdicts[:2]], [guard.VERDICT_SHOWN] * 2)
        self.assertEqual({v for v in verdicts[2:]},
                         {guard.Verdict(guard.VERDICT_AUTOMATED, guard.REASON_BURST)})
        # a scanner that also runs the page's script confirms the first page 3 s later
        # with the cookie and nonce it got: the burst around that page refuses it
        nonce = guard.make_nonce(KEY, TOKEN, "scanner-visit", 0, 1000.0)
        self.assertEqual(confirm("scanner-visit", nonce, 1003.0, history),
                         (guard.VERDICT_AUTOMATED, guard.REASON_BURST))

    def test_eleven_links_in_parallel(self):
        # all within the same 50 ms, each request seeing the others already logged
        history = [view(500.0 + i * 0.005, score) for i, score in enumerate(range(11))]
        for score in (0, 5, 10):
            verdict = guard.view_verdict("GET", BROWSER, history, 500.02, score)
            self.assertEqual(verdict, (guard.VERDICT_AUTOMATED, guard.REASON_BURST))
        nonce = guard.make_nonce(KEY, TOKEN, "v-zero", 0, 500.0)
        self.assertEqual(confirm("v-zero", nonce, 502.5, history).verdict,
                         guard.VERDICT_AUTOMATED)

    def test_head_and_scanner_agents(self):
        self.assertEqual(guard.view_verdict("HEAD", BROWSER, [], 10.0, 0),
                         (guard.VERDICT_AUTOMATED, guard.REASON_HEAD))
        for agent in (SAFE_LINKS, "Mimecast URL protect", "Proofpoint URL Defense",
                      "Barracuda Sentinel (EE)", "curl/8.1", "Microsoft Office Existence "
                      "Discovery", "Mozilla/5.0 (compatible; bingbot/2.0)"):
            self.assertEqual(guard.view_verdict("GET", agent, [], 10.0, 0),
                             (guard.VERDICT_AUTOMATED, guard.REASON_AGENT), agent)
        self.assertEqual(guard.view_verdict("GET", "", [], 10.0, 0).reason,
                         guard.REASON_NO_AGENT)
        # a phone whose name contains "bot" is a person
        self.assertEqual(guard.view_verdict("GET", "Mozilla/5.0 (Linux; CUBOT X30)", [],
                                            10.0, 0).verdict, guard.VERDICT_SHOWN)
        # and a scanner agent cannot confirm either, even with a valid cookie and nonce
        nonce = guard.make_nonce(KEY, TOKEN, "v", 0, 10.0)
        self.assertEqual(confirm("v", nonce, 15.0, agent=SAFE_LINKS),
                         (guard.VERDICT_AUTOMATED, guard.REASON_AGENT))

    def test_honeypot(self):
        history = [guard.Event(2000.0, guard.KIND_HONEYPOT, None), view(2000.2, 7)]
        # the scanner's visit right after the hidden link: automated, and its page
        # cannot confirm
        self.assertEqual(guard.view_verdict("GET", BROWSER, history[:1], 2000.2, 7),
                         (guard.VERDICT_AUTOMATED, guard.REASON_HONEYPOT))
        nonce = guard.make_nonce(KEY, TOKEN, "s", 0, 2000.2)
        self.assertEqual(confirm("s", nonce, 2004.0, history),
                         (guard.VERDICT_AUTOMATED, guard.REASON_HONEYPOT))
        # the customer an hour later is a person: counted
        later = history + [view(5600.0, 7)]
        self.assertEqual(guard.view_verdict("GET", BROWSER, history, 5600.0, 7).verdict,
                         guard.VERDICT_SHOWN)
        nonce = guard.make_nonce(KEY, TOKEN, "customer", 0, 5600.0)
        around = [e for e in later if abs(e.at - 5600.0) <= guard.HISTORY_SECONDS]
        self.assertEqual(confirm("customer", nonce, 5603.0, around),
                         (guard.VERDICT_COUNTED, guard.REASON_FIRST))

    def test_time_of_click_scanner_fetches_the_same_link(self):
        # Safe Links fetches the clicked link at the moment the customer opens it: one
        # score only, so the customer's own page still confirms
        history = [view(300.0, 9), view(300.4, 9)]
        nonce = guard.make_nonce(KEY, TOKEN, "customer", 0, 300.4)
        self.assertEqual(confirm("customer", nonce, 303.0, history),
                         (guard.VERDICT_COUNTED, guard.REASON_FIRST))

    def test_a_person_clicking_two_scores_is_no_burst(self):
        history = [view(100.0, 8), view(104.0, 9)]
        self.assertFalse(guard.in_burst(history, 104.0))
        nonce = guard.make_nonce(KEY, TOKEN, "p", 0, 104.0)
        self.assertEqual(confirm("p", nonce, 107.0, history).verdict, guard.VERDICT_COUNTED)
        # a third different score within the window makes it one
        self.assertTrue(guard.in_burst(history + [view(109.0, 2)], 104.0))
        # ... but not one 11 s away from the page
        self.assertFalse(guard.in_burst(history + [view(115.5, 2)], 104.0))


class TestReplays(unittest.TestCase):
    """A form POST replayed by a scanner, from another client or later."""

    def setUp(self):
        super(TestReplays, self).setUp()
        self.nonce = guard.make_nonce(KEY, TOKEN, "customer", 0, 1000.0)
        self.first = confirm("customer", self.nonce, 1004.0)
        self.answer = answered("customer", 0, 1004.0)

    def test_the_customer_is_counted_first(self):
        self.assertEqual(self.first, (guard.VERDICT_COUNTED, guard.REASON_FIRST))

    def test_replay_from_another_client_30_seconds_later(self):
        # no cookie: the replaying client never had the customer's
        self.assertEqual(confirm(None, self.nonce, 1034.0, answer=self.answer),
                         (guard.VERDICT_AUTOMATED, guard.REASON_NO_COOKIE))
        # a cookie of its own: the nonce was issued for another visit
        self.assertEqual(confirm("scanner", self.nonce, 1034.0, answer=self.answer),
                         (guard.VERDICT_AUTOMATED, guard.REASON_BAD_NONCE))

    def test_replay_with_the_customer_cookie_is_single_use(self):
        self.assertEqual(confirm("customer", self.nonce, 1034.0, answer=self.answer),
                         (guard.VERDICT_AUTOMATED, guard.REASON_REPLAY))

    def test_forged_and_missing_nonces(self):
        seq, issued, mac = self.nonce.split(".")
        for forged in ("1.%s.%s" % (issued, mac),            # another sequence
                       "0.%d.%s" % (int(issued) - 5000, mac),  # an older page
                       "0.%s.%s" % (issued, "0" * 32), "junk", "", None, "1.2.3.4"):
            verdict = confirm("customer", forged, 1004.0)
            self.assertEqual(verdict, (guard.VERDICT_AUTOMATED, guard.REASON_BAD_NONCE),
                             forged)
        # the nonce of another token, with the right cookie
        other = guard.make_nonce(KEY, TOKEN + 1, "customer", 0, 1000.0)
        self.assertEqual(confirm("customer", other, 1004.0).reason, guard.REASON_BAD_NONCE)

    def test_not_a_post(self):
        self.assertEqual(confirm("customer", self.nonce, 1004.0, method="GET"),
                         (guard.VERDICT_AUTOMATED, guard.REASON_METHOD))

    def test_impossible_timing(self):
        # 1.4 s after the page was issued: the script waits 2 s, a person needs more
        self.assertEqual(confirm("customer", self.nonce, 1001.4),
                         (guard.VERDICT_AUTOMATED, guard.REASON_TOO_FAST))
        self.assertEqual(confirm("customer", self.nonce, 1001.5).verdict,
                         guard.VERDICT_COUNTED)

    def test_stale_page(self):
        self.assertEqual(confirm("customer", self.nonce, 1000.0 + 2 * 3600 + 1),
                         (guard.VERDICT_REFUSED, guard.REASON_STALE))


class TestWhoMayChange(unittest.TestCase):
    """First confirmed answer wins; a later change only from the same visit, within
    its time to correct and the link's validity."""

    def test_customer_corrects_within_the_same_visit(self):
        first = guard.make_nonce(KEY, TOKEN, "v", 0, 100.0)
        self.assertEqual(confirm("v", first, 103.0).reason, guard.REASON_FIRST)
        answer = answered("v", 0, 103.0)
        # the reply's next nonce (sequence 1, same page) corrects 2 -> 9
        second = guard.make_nonce(KEY, TOKEN, "v", 1, 100.0)
        self.assertEqual(confirm("v", second, 130.0, answer=answer),
                         (guard.VERDICT_COUNTED, guard.REASON_CORRECTION))
        answer = answered("v", 1, 103.0)
        # the same nonce again is a replay; the next one corrects again
        self.assertEqual(confirm("v", second, 131.0, answer=answer).reason,
                         guard.REASON_REPLAY)
        third = guard.make_nonce(KEY, TOKEN, "v", 2, 100.0)
        self.assertEqual(confirm("v", third, 140.0, answer=answer).reason,
                         guard.REASON_CORRECTION)

    def test_another_visit_cannot_overwrite(self):
        answer = answered("customer", 0, 103.0)
        nonce = guard.make_nonce(KEY, TOKEN, "another-browser", 0, 200.0)
        self.assertEqual(confirm("another-browser", nonce, 205.0, answer=answer),
                         (guard.VERDICT_REFUSED, guard.REASON_ANSWERED))
        # opening a link again from another browser: the thank-you page
        self.assertFalse(guard.may_show_page(answer, guard.visit_key(KEY, "another-browser"),
                                             205.0))
        self.assertEqual(guard.next_seq(answer, guard.visit_key(KEY, "another-browser")), 0)

    def test_own_visit_reopens_the_page_until_final(self):
        answer = answered("v", 3, 1000.0)
        visit = guard.visit_key(KEY, "v")
        self.assertTrue(guard.may_show_page(answer, visit, 1000.0 + 29 * 60))
        self.assertEqual(guard.next_seq(answer, visit), 4)
        self.assertFalse(guard.may_show_page(answer, visit, 1000.0 + 31 * 60))
        # a page issued before the end, confirmed after it: final
        nonce = guard.make_nonce(KEY, TOKEN, "v", 4, 1000.0 + 29 * 60)
        self.assertEqual(confirm("v", nonce, 1000.0 + 31 * 60, answer=answer),
                         (guard.VERDICT_REFUSED, guard.REASON_FINAL))

    def test_submit_makes_the_answer_final_at_once(self):
        end = guard.final_at(1000.0, deadline=None, submitted_at=1040.0)
        self.assertEqual(end, 1040.0)
        answer = answered("v", 1, 1000.0, end)
        nonce = guard.make_nonce(KEY, TOKEN, "v", 2, 990.0)
        self.assertEqual(confirm("v", nonce, 1050.0, answer=answer).reason,
                         guard.REASON_FINAL)

    def test_after_the_link_expired(self):
        # nothing recorded yet, the link expired: refused, the customer reads why
        nonce = guard.make_nonce(KEY, TOKEN, "v", 0, 100.0)
        self.assertEqual(confirm("v", nonce, 103.0, problem=guard.REASON_EXPIRED),
                         (guard.VERDICT_REFUSED, guard.REASON_EXPIRED))
        # the link's deadline also ends the time to correct an answer
        self.assertEqual(guard.final_at(100.0, deadline=400.0), 400.0)
        answer = answered("v", 0, 100.0, guard.final_at(100.0, deadline=400.0))
        nonce = guard.make_nonce(KEY, TOKEN, "v", 1, 90.0)
        self.assertEqual(confirm("v", nonce, 401.0, answer=answer,
                                 problem=guard.REASON_EXPIRED).reason, guard.REASON_EXPIRED)

    def test_closed_campaign(self):
        nonce = guard.make_nonce(KEY, TOKEN, "v", 0, 100.0)
        self.assertEqual(confirm("v", nonce, 103.0, problem=guard.REASON_CLOSED),
                         (guard.VERDICT_REFUSED, guard.REASON_CLOSED))

    def test_visit_keys_do_not_reveal_the_cookie(self):
        key = guard.visit_key(KEY, "0123456789abcdef")
        self.assertNotIn("0123456789abcdef", key)
        self.assertEqual(key, guard.visit_key(KEY, "0123456789abcdef"))
        self.assertNotEqual(key, guard.visit_key(b"other key", "0123456789abcdef"))


class TestClosedLoop(unittest.TestCase):

    def test_followup_follows_the_category(self):
        cases = [
            # (category now, follow-up state) -> action
            (nps.DETRACTOR, None, loop.ACTION_CREATE),
            (nps.DETRACTOR, loop.FOLLOWUP_OPEN, None),
            (nps.DETRACTOR, loop.FOLLOWUP_CANCELLED, loop.ACTION_REOPEN),
            (nps.DETRACTOR, loop.FOLLOWUP_CONTACTED, None),
            (nps.PASSIVE, loop.FOLLOWUP_OPEN, loop.ACTION_CLOSE),
            (nps.PROMOTER, loop.FOLLOWUP_OPEN, loop.ACTION_CLOSE),
            (nps.PROMOTER, None, None),
            (nps.PROMOTER, loop.FOLLOWUP_CANCELLED, None),
            (nps.PASSIVE, loop.FOLLOWUP_RESOLVED, None),
            (nps.PROMOTER, loop.FOLLOWUP_LOST, None),
        ]
        for category, state, expected in cases:
            self.assertEqual(loop.followup_action(category, state), expected,
                             (category, state))

    def test_customer_corrects_2_then_9_then_3(self):
        # the follow-up through a visit's corrections: created, closed, opened again
        state, actions = None, []
        for score in (2, 9, 3):
            action = loop.followup_action(nps.category(score), state)
            actions.append(action)
            state = {loop.ACTION_CREATE: loop.FOLLOWUP_OPEN,
                     loop.ACTION_CLOSE: loop.FOLLOWUP_CANCELLED,
                     loop.ACTION_REOPEN: loop.FOLLOWUP_OPEN}.get(action, state)
        self.assertEqual(actions, [loop.ACTION_CREATE, loop.ACTION_CLOSE, loop.ACTION_REOPEN])
        self.assertEqual(state, loop.FOLLOWUP_OPEN)

    def test_promoter_mail(self):
        self.assertTrue(loop.promoter_mail_due(nps.PROMOTER, False, "template"))
        self.assertFalse(loop.promoter_mail_due(nps.PROMOTER, True, "template"))
        self.assertFalse(loop.promoter_mail_due(nps.PASSIVE, False, "template"))
        self.assertFalse(loop.promoter_mail_due(nps.PROMOTER, False, None))
