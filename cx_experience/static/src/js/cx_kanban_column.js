odoo.define('cx_experience.kanban_column', function (require) {
"use strict";

/**
 * Odoo names the kanban column of the records without a value "Undefined". Grouped
 * by value tier or lifecycle stage, the customers in that column are the ones without
 * a tier or a stage: the column says so, in the reader's language.
 */
var core = require('web.core');
var KanbanColumn = require('web.KanbanColumn');

var _lt = core._lt;

//: {model: {group-by field: title of the column without a value}}
var NO_VALUE_TITLES = {
    'res.partner': {
        cx_tier_id: _lt("No tier"),
        cx_stage_id: _lt("No stage"),
    },
};

KanbanColumn.include({
    /**
     * @override
     */
    init: function (parent, data) {
        this._super.apply(this, arguments);
        var titles = NO_VALUE_TITLES[data.model];
        var groupedBy = parent && parent.state && parent.state.groupedBy;
        var field = groupedBy && groupedBy.length && groupedBy[0].split(':')[0];
        if (titles && titles[field] && !data.value) {
            this.title = String(titles[field]);
        }
    },
});

return {NO_VALUE_TITLES: NO_VALUE_TITLES};

});
