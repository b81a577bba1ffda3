odoo.define('cx_sla.report_export', function (require) {
"use strict";
/**
 * "Export XLSX" on the SLA compliance report (list, pivot and graph): the compliance
 * workbook of every row the search bar filters, not only of the rows selected on a
 * page. The domain goes to the report as data; the server reads it with the caller's
 * rights (cx_sla/report/sla_compliance_xlsx.py).
 */
var core = require('web.core');
var GraphController = require('web.GraphController');
var ListController = require('web.ListController');
var PivotController = require('web.PivotController');

var _t = core._t;
var MODEL = 'cx.sla.report';
var REPORT = 'cx_sla.sla_compliance_xlsx';

var ExportMixin = {
    _cxAddExportButton: function () {
        if (this.modelName !== MODEL || !this.$buttons) {
            return;
        }
        var $button = $('<button type="button" class="btn btn-sm btn-default o_cx_sla_export_xlsx"/>')
            .text(_t('Export XLSX'))
            .attr('title', _t('The SLA compliance workbook of every row the search filters'));
        $button.on('click', this._cxExportXlsx.bind(this));
        // $buttons may hold several groups (the pivot's): one button, after the last.
        $button.insertAfter(this.$buttons.last());
        this.$buttons = this.$buttons.add($button);
    },
    _cxExportXlsx: function () {
        var domain = this._cxCurrentDomain() || [];
        this.do_action({
            type: 'ir.actions.report',
            report_type: 'xlsx',
            report_name: REPORT,
            report_file: 'sla_compliance',
            name: _t('SLA compliance'),
            data: {domain: domain},
            context: {active_model: MODEL},
        });
    },
};

ListController.include(_.extend({}, ExportMixin, {
    renderButtons: function () {
        this._super.apply(this, arguments);
        this._cxAddExportButton();
    },
    _cxCurrentDomain: function () {
        return this.model.get(this.handle, {raw: true}).domain;
    },
}));

PivotController.include(_.extend({}, ExportMixin, {
    renderButtons: function () {
        this._super.apply(this, arguments);
        this._cxAddExportButton();
    },
    _cxCurrentDomain: function () {
        return this.model.data && this.model.data.domain;
    },
}));

GraphController.include(_.extend({}, ExportMixin, {
    renderButtons: function () {
        this._super.apply(this, arguments);
        this._cxAddExportButton();
    },
    _cxCurrentDomain: function () {
        return this.model.chart && this.model.chart.domain;
    },
}));

});
