odoo.define('cx_sla.countdown', function (require) {
"use strict";

/**
 * Time left until an SLA deadline, counting down every 30 seconds: "2 h 05 min",
 * negative and red once the deadline has passed. Without a deadline it says why:
 * paused, met, or no SLA at all.
 */
var AbstractField = require('web.AbstractField');
var core = require('web.core');
var fieldRegistry = require('web.field_registry');

var _t = core._t;

function formatSpan(seconds) {
    var sign = seconds < 0 ? '-' : '';
    var total = Math.floor(Math.abs(seconds) / 60);
    var days = Math.floor(total / 1440);
    var hours = Math.floor((total % 1440) / 60);
    var minutes = total % 60;
    var pad = minutes < 10 ? '0' : '';
    if (days) {
        return sign + days + ' ' + _t('d') + ' ' + hours + ' ' + _t('h');
    }
    return sign + hours + ' ' + _t('h') + ' ' + pad + minutes + ' ' + _t('min');
}

var SlaCountdown = AbstractField.extend({
    className: 'o_cx_sla_countdown',
    supportedFieldTypes: ['datetime'],

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
    _render: function () {
        this.$el.removeClass('text-danger text-warning text-muted text-success');
        var state = this.record.data.cx_sla_status || this.record.data.state;
        if (!this.value) {
            var labels = {paused: _t('Paused'), met: _t('Met'), breached: _t('Breached')};
            this.$el.text(labels[state] || (state ? '' : _t('No SLA')));
            this.$el.addClass(state === 'breached' ? 'text-danger' : 'text-muted');
            return;
        }
        var left = (this.value.valueOf() - Date.now()) / 1000;
        this.$el.text(formatSpan(left));
        this.$el.attr('title', this.value.clone().local().format('LLL'));
        if (left < 0 || state === 'breached') {
            this.$el.addClass('text-danger');
        } else if (state === 'at_risk') {
            this.$el.addClass('text-warning');
        }
    },
});

fieldRegistry.add('cx_sla_countdown', SlaCountdown);

return {SlaCountdown: SlaCountdown, formatSpan: formatSpan};
});
