"""Texts in the reader's language, whoever runs the code.

A text our code generates (an activity, an email, a log reason, a timeline entry) is
read by someone: the assignee of an activity, the recipient of an email, the user
looking at the screen. A cron runs as the superuser in the superuser's language, a
button in the language of whoever clicked it: neither is the reader's. These helpers
render a message, its numbers and its dates in a language given explicitly, with Odoo's
own translations (``ir.translation``) and formats (``res.lang``: decimal point,
thousands separator, date format).

A message rendered later, in a language not known when it is written (a timeline entry
stored once and read by people of several languages), is marked where it is defined
with ``mark``, imported as ``_`` so that Odoo's export puts it in the .pot like any
``_()`` message (gettext's ``gettext_noop``), stored as its source text with its values,
and translated when read (see ``render``).
"""
import json
import logging

from odoo.tools.misc import format_date, formatLang

_logger = logging.getLogger(__name__)

FALLBACK_LANG = "en_US"
# Modules whose messages a stored source text is looked up in (see translate_stored).
OUR_MODULES = ("cx_experience", "cx_nps_survey", "cx_sla")


def mark(source):
    """Mark ``source`` for translation without translating it now."""
    return source


def installed_langs(env):
    return {code for code, _name in env["res.lang"].get_installed()}


def company_lang(env, company=None):
    """The language of a company (its partner's), else the first installed one."""
    company = company or env.user.company_id
    lang = company.sudo().partner_id.lang
    installed = installed_langs(env)
    if lang in installed:
        return lang
    return FALLBACK_LANG if FALLBACK_LANG in installed else sorted(installed)[0]


def reader_lang(env, lang, company=None):
    """``lang`` when it is an installed language, else the company's."""
    if lang and lang in installed_langs(env):
        return lang
    return company_lang(env, company)


def partner_lang(env, partner, company=None):
    """The language a partner (an email recipient, a user's partner) reads."""
    return reader_lang(env, partner.sudo().lang if partner else None, company)


def env_in(env, lang):
    """The same environment, speaking ``lang``."""
    return env(context=dict(env.context, lang=lang))


def translate(env, source, lang=None):
    """``source`` (a message of our code) in ``lang`` (default: the environment's)."""
    lang = lang or env.lang
    if not source or not lang or lang == FALLBACK_LANG:
        return source
    return env["ir.translation"].sudo()._cx_code_translation(lang, source) or source


def translate_stored(env, text, lang=None):
    """A stored text in ``lang``: when it is the source of one of our messages (a reason
    or a summary the code wrote), its translation; anything else (what a person typed)
    as it is."""
    lang = lang or env.lang
    if not text or not lang or lang == FALLBACK_LANG:
        return text
    return env["ir.translation"].sudo()._cx_code_translation(lang, text, True) or text


def number(env, value, digits=1, lang=None, sign=False):
    """``value`` with the decimal point and thousands separator of ``lang``."""
    lang = lang or env.lang or FALLBACK_LANG
    text = formatLang(env_in(env, lang), value, digits=digits)
    if sign and value > 0 and round(value, digits):
        text = "+" + text
    return text


def date(env, value, lang=None):
    """A date (``date`` or ``'YYYY-MM-DD'``) in the date format of ``lang``."""
    return format_date(env, value, lang_code=lang or env.lang or FALLBACK_LANG)


def _render_value(env, value, lang):
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return number(env, value, digits=0, lang=lang)
    if isinstance(value, float):
        return number(env, value, digits=0 if value == int(value) else 1, lang=lang)
    return value


def render(env, template, args=None, lang=None):
    """A marked message (its source text) with its values, in ``lang``: numbers in that
    language's format, other values as they are. ``args`` is a dict, or its JSON."""
    lang = lang or env.lang or FALLBACK_LANG
    if isinstance(args, str):
        args = json.loads(args or "{}")
    values = {key: _render_value(env, value, lang) for key, value in (args or {}).items()}
    return translate(env, template, lang) % values


def dump_args(args):
    """The values of a message as stored (JSON)."""
    return json.dumps(args, sort_keys=True)
