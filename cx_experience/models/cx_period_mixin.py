# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .. import lang as cx_lang
from ..domain import headline

PERIOD_SEPARATOR = " - "


class CxPeriodMixin(models.AbstractModel):
    """A search-only "Period" field: the drill-downs of the dashboard and the digests
    filter their records to a period the user sees as a facet ("Period: 01/11/2026 -
    30/11/2026"), which they can remove like any other filter.

    A model mixing it in names the datetime field the period reads in
    ``_cx_period_field``; the days are the user's (its time zone).
    """

    _name = "cx.period.mixin"
    _description = "Search by period"
    _cx_period_field = "date"

    cx_period = fields.Char(
        string="Period", compute="_compute_cx_period", search="_search_cx_period",
        help="From a date to a date, both included (in the date format of your "
             "language, or YYYY-MM-DD).")

    @api.multi
    def _compute_cx_period(self):
        for record in self:
            record.cx_period = False

    @api.model
    def _cx_period_label(self, date_from, date_to):
        """The facet value of a period, in the user's date format."""
        return "%s%s%s" % (cx_lang.date(self.env, date_from), PERIOD_SEPARATOR,
                           cx_lang.date(self.env, date_to))

    @api.model
    def _cx_period_context(self, date_from, date_to):
        return {"search_default_cx_period": self._cx_period_label(date_from, date_to)}

    @api.model
    def _cx_parse_day(self, text):
        text = (text or "").strip()
        formats = ["%Y-%m-%d"]
        lang = self.env["res.lang"]._lang_get(self.env.lang or cx_lang.FALLBACK_LANG)
        if lang and lang.date_format:
            formats.insert(0, lang.date_format)
        for fmt in formats:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise UserError(_("The period '%s' is not readable: give two dates, such as "
                          "01/11/2026 - 30/11/2026.") % text[:40])

    @api.model
    def _cx_period_bounds(self, date_from, date_to):
        """UTC datetimes (as strings) of the start of ``date_from`` and of the day after
        ``date_to`` in the user's time zone."""
        tz_name = self.env.context.get("tz") or self.env.user.tz or "UTC"
        tz = pytz.timezone(tz_name) if tz_name in pytz.all_timezones_set else pytz.utc

        def utc(day):
            local = tz.localize(datetime.datetime.combine(day, datetime.time.min))
            return fields.Datetime.to_string(local.astimezone(pytz.utc).replace(tzinfo=None))
        return utc(date_from), utc(date_to + datetime.timedelta(days=1))

    @api.model
    def _cx_period_domain(self, date_from, date_to):
        start, end = self._cx_period_bounds(date_from, date_to)
        field = self._cx_period_field
        return [(field, ">=", start), (field, "<", end)]

    @api.model
    def _search_cx_period(self, operator, value):
        if operator not in ("=", "ilike") or not isinstance(value, str):
            raise UserError(_("The period filter takes two dates, such as "
                              "01/11/2026 - 30/11/2026."))
        parts = value.split(PERIOD_SEPARATOR)
        if len(parts) != 2:
            raise UserError(_("The period filter takes two dates, such as "
                              "01/11/2026 - 30/11/2026."))
        try:
            date_from, date_to = headline.check_period(
                self._cx_parse_day(parts[0]), self._cx_parse_day(parts[1]))
        except headline.PeriodError:
            raise UserError(_("The period must start before it ends and last at most "
                              "ten years."))
        # normalized: Odoo 11 puts a search method's domain in place as it is
        return ["&"] + self._cx_period_domain(date_from, date_to)
