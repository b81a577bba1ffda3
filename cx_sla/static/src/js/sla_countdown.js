odoo.define('cx_sla.countdown', function (require) {
"use strict";

/**
 * The service level of a ticket or of one of its SLA targets, as the display rule of
 * cx_sla/domain/display.py decides it: the server computes it (the fields
 * helpdesk.ticket.cx_sla_display and cx.sla.line.display hold its result as JSON) and
 * this widget renders it.
 *
 * - running: time left until the deadline, counting down every 30 seconds; amber from
 *   the at-risk moment, red and bold from the deadline on (negative time left). The
 *   browser applies the same two thresholds as running_tone() in display.py, so the
 *   colour changes on time between two server reads;
 * - met / breached: the result, never a clock ("met with 4 h 02 to spare");
 * - paused: the time left when the clock resumes.
 *
 * Hours read in one format everywhere, "4 h 02" (format_hours() in display.py); the
 * "cx_hours" widget shows float hours in that format and reads it back.
 */
var AbstractField = require('web.AbstractField');
var basicFields = require('web.basic_fields');
var core = require('web.core');
var fieldRegistry = require('web.field_registry');
var fieldUtils = require('web.field_utils');

var _t = core._t;

// Same as display.format_hours: minutes cut, not rounded; a hair of tolerance so that
// 2.0 hours stored as 1.9999999 still read 2 h 00.
function formatHours(seconds) {
    if (seconds === false || seconds === null || seconds === undefined) {
        return '';
    }
    var sign = seconds < 0 ? '-' : '';
    var minutes = Math.floor((Math.abs(seconds) + 0.001) / 60);
    var rest = minutes % 60;
    return sign + Math.floor(minutes / 60) + ' ' + _t('h') + ' ' + (rest < 10 ? '0' : '') + rest;
}

// Same as display.running_tone.
function runningTone(now, deadline, atRisk, serverTone) {
    if (serverTone === 'danger' || (deadline && now >= deadline)) {
        return 'danger';
    }
    if (serverTone === 'warning' || (atRisk && now >= atRisk)) {
        return 'warning';
    }
    return '';
}

// tone -> CSS classes (sla.css)
var TONE_CLASSES = {
    '': '',
    warning: 'text-warning o_cx_sla_at_risk',
    danger: 'text-danger o_cx_sla_late',
    success: 'text-success o_cx_sla_met',
    failed: 'text-danger o_cx_sla_failed',
    muted: 'text-muted',
};
var ALL_CLASSES = 'text-warning text-danger text-success text-muted text-nowrap o_cx_sla_at_risk ' +
    'o_cx_sla_late o_cx_sla_met o_cx_sla_failed';

function parseMoment(value) {
    return value ? moment.utc(value, 'YYYY-MM-DD HH:mm:ss') : null;
}

var SlaCountdown = AbstractField.extend({
    className: 'o_cx_sla_countdown',
    supportedFieldTypes: ['char'],

    start: function () {
        var self = this;
        this._timer = setInterval(function () { self._render(); }, 30000);
        return this._super.apply(this, arguments);
    },
    destroy: function () {
        clearInterval(this._timer);
        this._super.apply(this, arguments);
    },
    isSet: function () {
        return true;
    },
    _shown: function () {
        if (!this.value) {
            return null;
        }
        try {
            return JSON.parse(this.value);
        } catch (error) {
            return null;
        }
    },
    _render: function () {
        this.$el.removeClass(ALL_CLASSES);
        this.$el.removeAttr('title');
        var shown = this._shown();
        var text, tone, hours;
        if (!shown || !shown.show) {
            text = _t('No SLA');
            tone = 'muted';
        } else if (shown.show === 'running') {
            var deadline = parseMoment(shown.deadline);
            var now = moment.utc();
            text = formatHours(deadline.diff(now, 'seconds', true));
            this.$el.addClass('text-nowrap');
            tone = runningTone(now, deadline, parseMoment(shown.at_risk_date), shown.tone);
            this.$el.attr('title', _.str.sprintf(_t('Deadline: %s'),
                                                 deadline.clone().local().format('LLL')));
        } else if (shown.show === 'met') {
            text = _t('met with %s to spare');
            hours = formatHours(shown.seconds);
            tone = shown.tone;
        } else if (shown.show === 'breached') {
            text = _t('breached by %s');
            hours = formatHours(shown.seconds);
            tone = shown.tone;
        } else if (shown.show === 'paused') {
            text = _t('paused, %s left');
            hours = formatHours(shown.seconds);
            tone = shown.tone;
        } else {
            text = _t('No deadline');
            tone = 'muted';
        }
        if (hours === undefined) {
            this.$el.text(text);
        } else {
            // The figure never breaks over two lines ("1 h" / "45").
            this.$el.html(_.escape(text).replace(
                '%s', '<span class="text-nowrap">' + _.escape(hours) + '</span>'));
        }
        this.$el.attr('data-cx-tone', tone || 'plain');
        this.$el.addClass(TONE_CLASSES[tone] || '');
    },
});

// Float hours as "4 h 02"; typed back as "4 h 02", "4h02", "4:02", "4.5" or "4,5".
fieldUtils.format.cx_hours = function (value) {
    if (value === false || value === null || value === undefined) {
        return '';
    }
    return formatHours(value * 3600);
};
fieldUtils.parse.cx_hours = function (value, field, options) {
    var text = (value || '').trim();
    var match = /^(\d+)\s*(?:h|:)\s*(\d{1,2})?\s*(?:min)?$/i.exec(text);
    if (match) {
        return parseInt(match[1], 10) + (match[2] ? parseInt(match[2], 10) / 60 : 0);
    }
    return fieldUtils.parse.float(text, field, options);
};

var FieldHours = basicFields.FieldFloat.extend({
    formatType: 'cx_hours',
});

fieldRegistry.add('cx_sla_countdown', SlaCountdown);
fieldRegistry.add('cx_hours', FieldHours);

return {SlaCountdown: SlaCountdown, FieldHours: FieldHours, formatHours: formatHours,
        runningTone: runningTone};
});
