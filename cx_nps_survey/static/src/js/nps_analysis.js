odoo.define('cx_nps_survey.nps_analysis', function (require) {
'use strict';
/**
 * The NPS analysis: a report over the NPS answers with Odoo's own search bar (filters,
 * group-bys, favourites), the trend with its 95 % margin band (d3, shipped by Odoo in
 * web/static/lib/nvd3) and a table of NPS ± margin, answers and response rate per
 * group. Every figure comes from cx.nps.analysis.cx_report, computed with the
 * caller's rights and formatted in the caller's language; a row opens its answers.
 */
var ajax = require('web.ajax');
var ControlPanelMixin = require('web.ControlPanelMixin');
var Context = require('web.Context');
var core = require('web.core');
var data = require('web.data');
var pyeval = require('web.pyeval');
var SearchView = require('web.SearchView');
var Widget = require('web.Widget');

var QWeb = core.qweb;

var MODEL = 'cx.nps.response';
var CHART_HEIGHT = 260;
var TICK_WIDTH = 64;  // domain/report.py TICK_WIDTH: a label needs this many pixels

var NpsAnalysis = Widget.extend(ControlPanelMixin, {
    className: 'o_cx_nps_analysis',
    events: {
        'click .o_cx_nps_row': '_onRowClick',
    },
    init: function (parent, action) {
        this._super.apply(this, arguments);
        this.action = action;
        this.action_manager = parent;
        this.domain = [];
        this.groupby = [];
        this.report = null;
    },
    willStart: function () {
        var self = this;
        var viewId = (this.action.context || {}).cx_search_view_id;
        this.searchViewId = viewId ? [viewId, 'search'] : false;
        var def = this.loadViews(MODEL, new Context(this.action.context || {}),
                                 [[viewId || false, 'search']])
            .then(function (result) {
                self.fields_view = result.search;
            });
        // d3 is loaded on demand, as Odoo's graph view does
        var libs = ajax.loadLibs({jsLibs: ['/web/static/lib/nvd3/d3.v3.js']});
        return $.when(this._super.apply(this, arguments), def, libs);
    },
    start: function () {
        var self = this;
        var searchDefaults = {};
        _.each(this.action.context || {}, function (value, key) {
            var match = /^search_default_(.*)$/.exec(key);
            if (match) {
                searchDefaults[match[1]] = value;
            }
        });
        var dataset = new data.DataSetSearch(this, MODEL);
        this.searchview = new SearchView(this, dataset, this.fields_view, {
            $buttons: $('<div>'),
            action: this.action,
            search_defaults: searchDefaults,
        });
        this.searchview.on('search', this, this._onSearch);
        this.$buttons = $(QWeb.render('CxNpsAnalysis.Buttons'));
        this.$buttons.on('click', '.o_cx_nps_export', this._onExport.bind(this));
        var def1 = this._super.apply(this, arguments);
        var def2 = this.searchview.appendTo($('<div>')).then(function () {
            self.$searchview_buttons = self.searchview.$buttons.contents();
        });
        $(window).on('resize.cx_nps_analysis', _.debounce(this._drawTrend.bind(this), 200));
        return $.when(def1, def2).then(function () {
            self.searchview.do_search();
            self._updateControlPanel();
        });
    },
    destroy: function () {
        $(window).off('resize.cx_nps_analysis');
        this._super.apply(this, arguments);
    },
    do_show: function () {
        this._super.apply(this, arguments);
        this._updateControlPanel();
        this.action_manager.do_push_state({action: this.action.id});
    },

    //--------------------------------------------------------------------------
    // Private
    //--------------------------------------------------------------------------

    _updateControlPanel: function () {
        this.update_control_panel({
            breadcrumbs: this.action_manager.get_breadcrumbs(),
            cp_content: {
                $buttons: this.$buttons,
                $searchview: this.searchview.$el,
                $searchview_buttons: this.$searchview_buttons,
            },
            searchview: this.searchview,
        });
    },
    _fetch: function () {
        var self = this;
        // a search made while the previous one is still computing wins: the answer of
        // the previous one is dropped when it arrives last
        var sequence = this.sequence = (this.sequence || 0) + 1;
        return this._rpc({
            model: 'cx.nps.analysis',
            method: 'cx_report',
            args: [this.domain, this.groupby],
            context: this.getSession().user_context,
        }).then(function (report) {
            if (sequence !== self.sequence) {
                return;
            }
            self.report = report;
            self.$buttons.find('.o_cx_nps_export_label').text(report.labels.export);
            self.$el.html(QWeb.render('CxNpsAnalysis.Report', {report: report}));
            self._drawTrend();
        });
    },
    /**
     * The trend: the NPS per period with its 95 % interval as a band, on the whole
     * NPS scale (-100 to +100); the current period, still partial, is a hollow point
     * joined by a dashed segment; labels are thinned so that none overlap.
     */
    _drawTrend: function () {
        var $chart = this.$('.o_cx_nps_trend_chart');
        if (!$chart.length || !this.report) {
            return;
        }
        $chart.empty();
        var points = this.report.trend;
        if (!points.length) {
            return;
        }
        var margin = {top: 12, right: 24, bottom: 34, left: 44};
        var width = Math.max($chart.width() - margin.left - margin.right, 120);
        var height = CHART_HEIGHT - margin.top - margin.bottom;
        var svg = d3.select($chart[0]).append('svg')
            .attr('width', width + margin.left + margin.right)
            .attr('height', CHART_HEIGHT)
            .append('g')
            .attr('transform', 'translate(' + margin.left + ',' + margin.top + ')');
        var x = d3.scale.ordinal().domain(d3.range(points.length))
            .rangePoints([0, width], 0.5);
        var y = d3.scale.linear().domain([-100, 100]).range([height, 0]);
        var step = Math.max(1, Math.ceil(points.length / Math.max(
            Math.floor(width / TICK_WIDTH), 1)));
        var xAxis = d3.svg.axis().scale(x).orient('bottom')
            .tickValues(d3.range(points.length).filter(function (i) {
                return (points.length - 1 - i) % step === 0;
            }))
            .tickFormat(function (i) { return points[i].short_label; });
        var yAxis = d3.svg.axis().scale(y).orient('left')
            .tickValues([-100, -50, 0, 50, 100]).tickSize(-width, 0);
        svg.append('g').attr('class', 'o_cx_nps_axis o_cx_nps_y').call(yAxis);
        svg.append('g').attr('class', 'o_cx_nps_axis o_cx_nps_x')
            .attr('transform', 'translate(0,' + height + ')').call(xAxis);
        svg.append('line').attr('class', 'o_cx_nps_zero')
            .attr('x1', 0).attr('x2', width).attr('y1', y(0)).attr('y2', y(0));
        var indexed = points.map(function (p, i) { return _.extend({i: i}, p); });
        var band = d3.svg.area()
            .x(function (p) { return x(p.i); })
            .y0(function (p) { return y(p.low); })
            .y1(function (p) { return y(p.high); });
        var line = d3.svg.line()
            .x(function (p) { return x(p.i); })
            .y(function (p) { return y(p.nps); });
        var complete = indexed.filter(function (p) { return !p.partial; });
        var partial = indexed.filter(function (p) { return p.partial; });
        svg.append('path').datum(indexed).attr('class', 'o_cx_nps_band').attr('d', band);
        svg.append('path').datum(complete).attr('class', 'o_cx_nps_line').attr('d', line);
        if (complete.length && partial.length) {
            svg.append('path').datum([complete[complete.length - 1], partial[0]])
                .attr('class', 'o_cx_nps_line o_cx_nps_partial_line').attr('d', line);
        }
        svg.selectAll('circle').data(indexed).enter().append('circle')
            .attr('class', function (p) {
                return 'o_cx_nps_point' + (p.partial ? ' o_cx_nps_partial' : '');
            })
            .attr('cx', function (p) { return x(p.i); })
            .attr('cy', function (p) { return y(p.nps); })
            .attr('r', 4)
            .append('title').text(function (p) {
                return p.label + ': NPS ' + p.nps_text + ' ' + p.margin_text +
                    ' (' + p.n_text + ')';
            });
    },

    //--------------------------------------------------------------------------
    // Handlers
    //--------------------------------------------------------------------------

    _onSearch: function (searchEvent) {
        var session = this.getSession();
        var result = pyeval.eval_domains_and_contexts({
            domains: searchEvent.data.domains,
            contexts: [session.user_context].concat(searchEvent.data.contexts),
            group_by_seq: searchEvent.data.groupbys || [],
        });
        this.domain = result.domain;
        this.groupby = result.group_by || [];
        this._fetch();
    },
    _onExport: function () {
        var self = this;
        this._rpc({
            model: 'cx.nps.analysis',
            method: 'cx_export_xlsx',
            args: [this.domain, this.groupby],
            context: this.getSession().user_context,
        }).then(function (action) {
            self.do_action(action);
        });
    },
    _onRowClick: function (ev) {
        var index = $(ev.currentTarget).data('index');
        var row = index === 'total' ? this.report.total : this.report.rows[index];
        if (!row || !row.n) {
            return;
        }
        this.do_action({
            type: 'ir.actions.act_window',
            name: _.str.sprintf(this.report.labels.answers_of, row.label),
            res_model: MODEL,
            views: [[false, 'list'], [false, 'form']],
            domain: row.domain,
            context: row.context,
            search_view_id: this.searchViewId,
        });
    },
});

core.action_registry.add('cx_nps_survey.nps_analysis', NpsAnalysis);

return NpsAnalysis;
});
