# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Whether an NPS answer request comes from a person, and who may change an answer.

Plain Python (nothing here imports odoo). The controller feeds plain values: the HTTP
method, the user agent, the visit cookie, the nonce the page was issued with, the
time, the recent requests of the token (its audit rows) and the answer already
recorded; each function returns a ``Verdict`` (verdict, reason code).

Why: mail security scanners (Microsoft Defender Safe Links, Mimecast, Proofpoint...)
fetch every link of an incoming email, in order or in parallel, sometimes with HEAD,
and some replay a form POST later. A link therefore never records on its own: the
page it opens confirms the score from the person's own browser, with a single-use
nonce bound to a cookie of that visit, once the page has really been seen.

    >>> key = b"k"
    >>> nonce = make_nonce(key, 7, "visit-a", 0, 1000.0)
    >>> read_nonce(key, 7, "visit-a", nonce)
    ('ok', 0, 1000.0)
    >>> read_nonce(key, 7, "visit-b", nonce)[0]   # another browser replays it
    'mismatch'
    >>> view_verdict("GET", "Mozilla/5.0", [], 50.0, 3)
    Verdict(verdict='shown', reason='page')
    >>> view_verdict("HEAD", "Mozilla/5.0", [], 50.0, 3)
    Verdict(verdict='automated', reason='head')
"""
import collections
import hashlib
import hmac
import re

# ------------------------------------------------------------------ request kinds
KIND_VIEW = "view"          # GET of a score link: the page shows, nothing is recorded
KIND_HEAD = "head"          # HEAD of an answer link
KIND_HONEYPOT = "honeypot"  # the hidden link of the email, which no person sees
KIND_CONFIRM = "confirm"    # the page's own confirmation, once it has been seen
KIND_SUBMIT = "submit"      # the explicit submit button (with or without script)
KINDS = (KIND_VIEW, KIND_HEAD, KIND_HONEYPOT, KIND_CONFIRM, KIND_SUBMIT)
#: requests that open a link (the history the burst and honeypot rules read)
OPENING_KINDS = (KIND_VIEW, KIND_HEAD, KIND_HONEYPOT)

# ------------------------------------------------------------------ verdicts
VERDICT_SHOWN = "shown"          # the page was shown; nothing recorded yet
VERDICT_COUNTED = "counted"      # a person's answer, recorded
VERDICT_AUTOMATED = "automated"  # looks automated: nothing recorded
VERDICT_REFUSED = "refused"      # from a person maybe, but it cannot change the answer
VERDICTS = (VERDICT_SHOWN, VERDICT_COUNTED, VERDICT_AUTOMATED, VERDICT_REFUSED)

# ------------------------------------------------------------------ reasons
REASON_PAGE = "page"              # shown: the survey page with the score chosen
REASON_FIRST = "first"            # counted: the first answer of the token
REASON_CORRECTION = "correction"  # counted: the same visit changed its answer
REASON_HEAD = "head"              # a HEAD request (no browser shows a page with it)
REASON_AGENT = "agent"            # a known scanner's user agent
REASON_NO_AGENT = "no_agent"      # no user agent at all (every browser sends one)
REASON_BURST = "burst"            # several scores of one token within seconds
REASON_HONEYPOT = "honeypot"      # the hidden link, or a visit around its opening
REASON_METHOD = "method"          # a confirmation that is not a POST
REASON_NO_COOKIE = "no_cookie"    # a confirmation without the visit's cookie
REASON_BAD_NONCE = "bad_nonce"    # no nonce, a forged one, or one of another visit
REASON_TOO_FAST = "too_fast"      # confirmed before a person could have seen the page
REASON_REPLAY = "replay"          # a nonce used already (a replayed POST)
REASON_STALE = "stale"            # a page left open too long: reload it
REASON_ANSWERED = "answered"      # another visit answered first: its answer stays
REASON_FINAL = "final"            # the visit's time to correct its answer is over
REASON_EXPIRED = "expired"        # the link's validity is over
REASON_CLOSED = "closed"          # the campaign is paused or done
REASON_BAD_SCORE = "bad_score"    # not one of the question's 0-10 choices
REASONS = (REASON_PAGE, REASON_FIRST, REASON_CORRECTION, REASON_HEAD, REASON_AGENT,
           REASON_NO_AGENT, REASON_BURST, REASON_HONEYPOT, REASON_METHOD, REASON_NO_COOKIE,
           REASON_BAD_NONCE, REASON_TOO_FAST, REASON_REPLAY, REASON_STALE, REASON_ANSWERED,
           REASON_FINAL, REASON_EXPIRED, REASON_CLOSED, REASON_BAD_SCORE)

# ------------------------------------------------------------------ thresholds
#: the page's script confirms after this much visible time; nobody confirms sooner
MIN_DWELL_SECONDS = 1.5
#: the page confirms itself after this much visible time (or the first interaction)
AUTO_CONFIRM_SECONDS = 2.0
#: a page older than this is stale: the person reloads it (a new nonce)
NONCE_MAX_AGE_SECONDS = 2 * 3600
#: this many different scores of one token within BURST_WINDOW_SECONDS: a scanner
BURST_SCORES = 3
BURST_WINDOW_SECONDS = 10.0
#: visits opened this close to a hit on the hidden link belong to the scanner (it
#: opens the hidden link and the score links within the same second or two)
HONEYPOT_WINDOW_SECONDS = 10.0
#: after its first confirmed answer, a visit may correct it for this long
CORRECTION_SECONDS = 30 * 60
#: the audit history read for a decision: the largest window above, both sides
HISTORY_SECONDS = max(BURST_WINDOW_SECONDS, HONEYPOT_WINDOW_SECONDS)

#: substrings (lower case) of the user agents of link scanners and link previewers
SCANNER_AGENTS = (
    "barracuda", "mimecast", "proofpoint", "urldefense", "safelinks", "safe links",
    "forcepoint", "messagelabs", "symantec", "trendmicro", "trend micro", "ironport",
    "fireeye", "zscaler", "sophos", "bitdefender", "checkpoint", "cloudmark",
    "existence discovery", "google-safety", "googlebot", "bingbot", "bingpreview",
    "slackbot", "linkpreview", "facebookexternalhit", "whatsapp", "skypeuripreview",
    "curl/", "wget/", "python-urllib", "go-http-client", "libwww-perl", "java/",
)
_BOT_WORD = re.compile(r"(^|[^a-z])(bot|crawler|spider|scanner)([^a-z]|$)")

Verdict = collections.namedtuple("Verdict", "verdict reason")
#: one past request of a token (from its audit rows): time in seconds, kind, score
Event = collections.namedtuple("Event", "at kind score")
#: the recorded answer of a token: the visit that gave it (its key), the last nonce
#: sequence it used, when it was first confirmed and until when it may change
Answer = collections.namedtuple("Answer", "visit_key seq first_at final_at")


# ------------------------------------------------------------------ nonces
def visit_key(key, visit_id):
    """What is stored of a visit: a keyed hash of its cookie, never the cookie.

    >>> len(visit_key(b"k", "abc")), visit_key(b"k", "abc") == visit_key(b"k", "abd")
    (32, False)
    """
    return hmac.new(key, ("visit:%s" % visit_id).encode("utf-8"),
                    hashlib.sha256).hexdigest()[:32]


def _mac(key, token_id, visit_id, seq, issued_ms):
    message = ("%s:%s:%d:%d" % (token_id, visit_id, seq, issued_ms)).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def make_nonce(key, token_id, visit_id, seq, issued_at):
    """The nonce of a page: its sequence in the visit, when it was issued, and a keyed
    hash binding both to the token and to the visit's cookie (single use: an answer
    keeps the last sequence it used, see confirm_verdict)."""
    issued_ms = int(round(issued_at * 1000))
    return "%d.%d.%s" % (seq, issued_ms, _mac(key, token_id, visit_id, seq, issued_ms))


def read_nonce(key, token_id, visit_id, nonce):
    """(status, seq, issued_at) of a nonce sent back with this visit's cookie.

    status: 'ok'; 'missing' (no nonce or no cookie); 'malformed'; 'mismatch' (issued
    for another token or another visit's cookie, or forged).
    """
    if not nonce or not visit_id:
        return "missing", None, None
    parts = str(nonce).split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit() or \
            len(parts[0]) > 6 or len(parts[1]) > 15:
        return "malformed", None, None
    seq, issued_ms = int(parts[0]), int(parts[1])
    expected = _mac(key, token_id, visit_id, seq, issued_ms)
    if not hmac.compare_digest(expected, parts[2]):
        return "mismatch", None, None
    return "ok", seq, issued_ms / 1000.0


# ------------------------------------------------------------------ rules
def scanner_agent(user_agent):
    """The reason a user agent is automated (REASON_AGENT, REASON_NO_AGENT) or None.

    >>> scanner_agent("Mozilla/5.0 (Windows NT 10.0) Chrome/120.0 Safari/537.36")
    >>> scanner_agent("Mozilla/5.0 (compatible; Barracuda Sentinel)"), scanner_agent("")
    ('agent', 'no_agent')
    >>> scanner_agent("CUBOT X30 Mobile Safari"), scanner_agent("AcmeLinkBot/1.0 bot")
    (None, 'agent')
    """
    agent = (user_agent or "").strip().lower()
    if not agent:
        return REASON_NO_AGENT
    if any(marker in agent for marker in SCANNER_AGENTS) or _BOT_WORD.search(agent):
        return REASON_AGENT
    return None


def in_burst(history, at):
    """Whether BURST_SCORES different scores of the token were opened within
    BURST_WINDOW_SECONDS of ``at`` (a person opens one, maybe two)."""
    scores = {event.score for event in history
              if event.kind in (KIND_VIEW, KIND_HEAD) and event.score is not None
              and abs(event.at - at) <= BURST_WINDOW_SECONDS}
    return len(scores) >= BURST_SCORES


def near_honeypot(history, at):
    """Whether the hidden link of the token was opened within HONEYPOT_WINDOW_SECONDS
    of ``at``."""
    return any(event.kind == KIND_HONEYPOT and abs(event.at - at) <= HONEYPOT_WINDOW_SECONDS
               for event in history)


def view_verdict(method, user_agent, history, at, score):
    """The verdict on opening a score link (GET or HEAD): nothing is recorded either
    way; the verdict says whether it looks like a scanner, for the audit log.
    ``history`` holds the token's recent requests, without this one."""
    if method == "HEAD":
        return Verdict(VERDICT_AUTOMATED, REASON_HEAD)
    agent = scanner_agent(user_agent)
    if agent:
        return Verdict(VERDICT_AUTOMATED, agent)
    if in_burst(list(history) + [Event(at, KIND_VIEW, score)], at):
        return Verdict(VERDICT_AUTOMATED, REASON_BURST)
    if near_honeypot(history, at):
        return Verdict(VERDICT_AUTOMATED, REASON_HONEYPOT)
    return Verdict(VERDICT_SHOWN, REASON_PAGE)


def final_at(first_at, deadline=None, submitted_at=None):
    """Until when an answer may still be corrected by its visit: CORRECTION_SECONDS
    after it was first confirmed, never past the link's deadline, and no longer once
    the person pressed submit (then it is final at once).

    >>> final_at(100.0), final_at(100.0, deadline=500.0), final_at(100.0, None, 130.0)
    (1900.0, 500.0, 130.0)
    """
    end = first_at + CORRECTION_SECONDS
    if deadline is not None:
        end = min(end, deadline)
    if submitted_at is not None:
        end = min(end, submitted_at)
    return end


def confirm_verdict(method, user_agent, nonce_status, visit, seq, issued_at, now,
                    history, answer, problem=None):
    """The verdict on a confirmation (the page's script or the submit button).

    ``nonce_status``, ``seq``, ``issued_at``: from read_nonce with the request's cookie;
    ``visit``: the key of the request's visit cookie (None without cookie); ``history``:
    the token's requests around ``issued_at``; ``answer``: the token's recorded
    Answer or None; ``problem``: REASON_EXPIRED or REASON_CLOSED when the link takes
    no answer now. Automated first (nothing of it may count), then who may change.
    """
    if method != "POST":
        return Verdict(VERDICT_AUTOMATED, REASON_METHOD)
    agent = scanner_agent(user_agent)
    if agent:
        return Verdict(VERDICT_AUTOMATED, agent)
    if not visit:
        return Verdict(VERDICT_AUTOMATED, REASON_NO_COOKIE)
    if nonce_status != "ok":
        return Verdict(VERDICT_AUTOMATED, REASON_BAD_NONCE)
    if now - issued_at < MIN_DWELL_SECONDS:
        return Verdict(VERDICT_AUTOMATED, REASON_TOO_FAST)
    if in_burst(history, issued_at):
        return Verdict(VERDICT_AUTOMATED, REASON_BURST)
    if near_honeypot(history, issued_at):
        return Verdict(VERDICT_AUTOMATED, REASON_HONEYPOT)
    if answer is not None and answer.visit_key == visit and seq <= answer.seq:
        return Verdict(VERDICT_AUTOMATED, REASON_REPLAY)
    if now - issued_at > NONCE_MAX_AGE_SECONDS:
        return Verdict(VERDICT_REFUSED, REASON_STALE)
    if answer is not None and answer.visit_key != visit:
        return Verdict(VERDICT_REFUSED, REASON_ANSWERED)
    if problem:
        return Verdict(VERDICT_REFUSED, problem)
    if answer is None:
        return Verdict(VERDICT_COUNTED, REASON_FIRST)
    if now > answer.final_at:
        return Verdict(VERDICT_REFUSED, REASON_FINAL)
    return Verdict(VERDICT_COUNTED, REASON_CORRECTION)


def may_show_page(answer, visit, now):
    """Whether opening a link of an answered token shows the page again (its own
    visit, still within its time to correct) rather than the thank-you page."""
    return answer is not None and answer.visit_key == visit and now <= answer.final_at


def next_seq(answer, visit):
    """The sequence of the nonce a page of this visit is issued with: the one after
    the last used when this visit answered, 0 otherwise."""
    if answer is not None and answer.visit_key == visit:
        return answer.seq + 1
    return 0
