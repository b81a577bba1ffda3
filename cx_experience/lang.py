# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
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


def unfreeze_reasons(model, source, column="reason"):
    """Give back its source to the rows of ``model`` (a log of ours) that kept the
    message ``source`` frozen in the writer's language: rows logged before the reason was
    rendered when read (see :func:`translate_stored`). For the model's ``init``."""
    model.env.cr.execute("""
        UPDATE %s r SET %s = t.src
          FROM ir_translation t
         WHERE t.type = 'code' AND t.module = 'cx_experience' AND t.src = %%s
           AND t.value = r.%s AND t.value != t.src
    """ % (model._table, column, column), (source,))


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


class Renderer(object):
    """Renders stored messages in one language, with typed values (a timeline entry's
    summary, stored once as its source text and JSON values, read by people of several
    languages). A value in the JSON is either plain (a number or a text, as ``render``)
    or typed, written by server code only:

    - ``{"record": [model, id]}``: the record's name in the language (empty: ``none``);
    - ``{"selection": [model, field, code]}``: the label of a selection value;
    - ``{"money": amount, "currency": id}``: the amount with its currency symbol, in
      the language's number format;
    - ``{"date": "YYYY-MM-DD"}``: the date in the language's format;
    - ``{"stored": text}``: a stored text, translated when it is one of our messages.

    Names are cached per renderer: build one per batch of rows.
    """

    def __init__(self, env, lang=None, none=""):
        self.lang = lang or env.lang or FALLBACK_LANG
        self.env = env_in(env, self.lang)
        self.none = none
        self._names = {}
        self._labels = {}

    def _record(self, model, ident):
        key = (model, ident)
        if key not in self._names:
            name = self.none
            if model in self.env and ident:
                record = self.env[model].sudo().browse(int(ident)).exists()
                if record:
                    name = record.display_name
            self._names[key] = name
        return self._names[key]

    def _selection(self, model, field, code):
        key = (model, field)
        if key not in self._labels:
            fld = self.env[model]._fields.get(field) if model in self.env else None
            self._labels[key] = dict(fld._description_selection(self.env)) if fld else {}
        return self._labels[key].get(code, code or self.none)

    def _money(self, amount, currency_id):
        currency = self.env["res.currency"].browse(currency_id).exists() if currency_id else None
        return formatLang(self.env, amount or 0.0, currency_obj=currency or None)

    def value(self, value):
        if isinstance(value, dict):
            if "record" in value:
                return self._record(*value["record"])
            if "selection" in value:
                return self._selection(*value["selection"])
            if "money" in value:
                return self._money(value["money"], value.get("currency"))
            if "date" in value:
                return date(self.env, value["date"], self.lang) if value["date"] else self.none
            if "stored" in value:
                return translate_stored(self.env, value["stored"], self.lang) or self.none
            return self.none
        if value is None:
            return self.none
        return _render_value(self.env, value, self.lang)

    def render(self, template, args=None):
        """``template`` (a source text) in the language, with ``args`` (dict or JSON)."""
        if isinstance(args, str):
            args = json.loads(args or "{}")
        values = {key: self.value(value) for key, value in (args or {}).items()}
        return translate(self.env, template, self.lang) % values
