odoo.define('cx_experience.dashboard', function (require) {
"use strict";

/**
 * The CEM dashboard: the headline figures of cx.headline as tiles (red, amber or green
 * against their target, an arrow against the previous period) and four charts drawn
 * with the nvd3 library Odoo ships (loaded as the graph view loads it). Every tile,
 * bar and point opens the records behind it, with its filters as facets.
 */
var ajax = require('web.ajax');
var ControlPanelMixin = require('web.ControlPanelMixin');
var core = require('web.core');
var field_utils = require('web.field_utils');
var session = require('web.session');
var Widget = require('web.Widget');

var QWeb = core.qweb;
var _t = core._t;
var _lt = core._lt;

// _lt: the labels are translated when drawn (the terms are not loaded yet when this
// module is defined)
var PERIODS = [
    {days: 30, label: _lt("Last 30 days")},
    {days: 90, label: _lt("Last 90 days")},
    {days: 365, label: _lt("Last 12 months")},
];

// The quadrant in colours that say what it means: model green, growing blue, at risk
// red, precarious grey (in the order of the server's points).
var QUADRANT_COLORS = {quadrant: ['#2e7d32', '#1f77b4', '#c62828', '#9e9e9e']};

var CxDashboard = Widget.extend(ControlPanelMixin, {
    template: 'cx_experience.Dashboard',
    cssLibs: ['/web/static/lib/nvd3/nv.d3.css'],
    jsLibs: [
        '/web/static/lib/nvd3/d3.v3.js',
        '/web/static/lib/nvd3/nv.d3.js',
        '/web/static/src/js/libs/nvd3.js',
    ],
    events: {
        'click .o_cx_tile[data-index]': '_onTileClick',
    },

    init: function (parent, action) {
        this._super.apply(this, arguments);
        this.action_manager = parent;
        this.action = action;
        this.days = 30;
        this.periods = _.map(PERIODS, function (p) {
            return {days: p.days, label: String(p.label)};
        });
        this.data = null;
        this.resizeHandlers = [];
    },
    willStart: function () {
        return $.when(ajax.loadLibs(this), this._super.apply(this, arguments), this._fetch());
    },
    start: function () {
        this.set('title', this.action.display_name || this.action.name);
        this.$buttons = $(QWeb.render('cx_experience.DashboardPeriods', {widget: this}));
        this.$buttons.on('click', '.o_cx_period', this._onPeriodClick.bind(this));
        this._updateControlPanel();
        this._renderContent();
        return this._super.apply(this, arguments);
    },
    do_show: function () {
        this._updateControlPanel();
        return this._super.apply(this, arguments);
    },
    _updateControlPanel: function () {
        this.update_control_panel({
            breadcrumbs: this.action_manager.get_breadcrumbs(),
            cp_content: {$buttons: this.$buttons},
        });
    },
    on_attach_callback: function () {
        this.isInDOM = true;
        this._renderCharts();
    },
    on_detach_callback: function () {
        this.isInDOM = false;
    },
    destroy: function () {
        this._offResize();
        this._super.apply(this, arguments);
    },

    //--------------------------------------------------------------------------
    // Data
    //--------------------------------------------------------------------------

    _fetch: function () {
        var self = this;
        var today = moment();
        return this._rpc({
            model: 'cx.headline',
            method: 'cx_dashboard_data',
            // the reader's language, time zone and company: tier and quadrant names,
            // month labels and dates in the user's language and formats
            context: session.user_context,
            args: [
                today.clone().subtract(this.days - 1, 'days').format('YYYY-MM-DD'),
                today.format('YYYY-MM-DD'),
            ],
        }).then(function (data) {
            self.data = data;
        });
    },

    //--------------------------------------------------------------------------
    // Formatting
    //--------------------------------------------------------------------------

    _number: function (value, digits) {
        return field_utils.format.float(value, null, {digits: [16, digits]});
    },
    /**
     * A figure's value with its unit; "no data" (never 0) when there is none.
     */
    _format: function (figure, value) {
        if (value === false || value === null || value === undefined) {
            return _t("no data");
        }
        switch (figure.unit) {
            case 'pts':
                return this._number(value, 1) + ' ' + _t("pts");
            case '%':
                return this._number(value, 1) + ' %';
            case 'currency':
                return field_utils.format.monetary(
                    value, null, {currency_id: figure.currency_id, digits: [16, 0]});
            default:
                return this._number(value, 0);
        }
    },
    /**
     * What a tile shows, computed once: texts and classes.
     */
    _tile: function (figure, index) {
        var hasValue = figure.value !== false;
        var tile = {
            index: index, figure: figure, code: figure.code,
            label: figure.label,
            value: this._format(figure, figure.value),
            empty: !hasValue,
            status: figure.status || 'none',
            margin: (hasValue && figure.margin !== false) ?
                '± ' + this._number(figure.margin, 1) : '',
            target: figure.target !== false ? this._format(figure, figure.target) : '',
            previous: figure.previous !== false ? this._format(figure, figure.previous) : '',
            arrow: '', arrowClass: '', significance: '',
            clickable: !!figure.action,
        };
        if (figure.trend === 'up' || figure.trend === 'down') {
            var better = (figure.trend === 'up') === figure.higher_is_better;
            tile.arrow = figure.trend === 'up' ? 'fa-arrow-up' : 'fa-arrow-down';
            tile.arrowClass = better ? 'o_cx_better' : 'o_cx_worse';
        } else if (figure.trend === 'flat') {
            tile.arrow = 'fa-arrow-right';
        }
        // a weighted figure says how representative its answers are ("no data"
        // without invitations to compare the strata's response rates)
        if ('representativeness' in figure) {
            tile.representativeness = figure.representativeness === false ?
                _t("Representativeness: no data") :
                _.str.sprintf(_t("Representativeness %s / 100"),
                              this._number(figure.representativeness, 0));
            if (figure.representativeness !== false && figure.response_rate_cv !== false) {
                tile.representativeness += ' · ' + _.str.sprintf(
                    _t("response rates vary %s %%"), this._number(figure.response_rate_cv, 0));
            }
        }
        // only a figure with a margin has a significance (False over RPC is "none")
        if (figure.margin !== false && figure.previous !== false) {
            tile.significance = figure.significant ?
                _t("significant change") : _t("change not significant");
        }
        return tile;
    },

    //--------------------------------------------------------------------------
    // Rendering
    //--------------------------------------------------------------------------

    _renderContent: function () {
        var self = this;
        var figures = this.data.figures || [];
        var tiles = _.map(figures, function (figure, index) {
            return self._tile(figure, index);
        });
        this.$('.o_cx_dashboard_body').html(QWeb.render('cx_experience.DashboardBody', {
            widget: this,
            period: this.data.period,
            main: _.filter(tiles, function (t) { return t.figure.sequence < 200; }),
            tiers: _.filter(tiles, function (t) { return t.figure.sequence >= 200; }),
            charts: this.data.charts || [],
        }));
        this.$buttons.find('.o_cx_period').removeClass('active')
            .filter('[data-days=' + this.days + ']').addClass('active');
        if (this.isInDOM) {
            this._renderCharts();
        }
    },
    _offResize: function () {
        _.each(this.resizeHandlers, function (handler) {
            nv.utils.offWindowResize(handler);
        });
        this.resizeHandlers = [];
    },
    _renderCharts: function () {
        var self = this;
        this._offResize();
        _.each(this.data.charts || [], function (chart) {
            var $box = self.$('.o_cx_chart[data-code=' + chart.code + '] .o_cx_chart_svg');
            if (!$box.length || chart.empty) {
                return;
            }
            $box.empty();
            var svg = d3.select($box[0]).append('svg');
            if (chart.kind === 'line_band') {
                self._drawBand(svg, chart);
            } else {
                self._drawBars(svg, chart);
            }
        });
    },
    _open: function (action) {
        if (action) {
            this.do_action(action);
        }
    },
    _drawBars: function (svg, chart) {
        var self = this;
        var percent = chart.unit === '%';
        var values = _.map(chart.points, function (point) {
            return {x: point.label, y: point.value === false ? 0 : point.value, point: point};
        });
        var bars = nv.models.discreteBarChart()
            .x(function (d) { return d.x; })
            .y(function (d) { return d.y; })
            .showValues(true)
            .duration(0)
            .margin({left: 50, bottom: 40, right: 10, top: 20});
        bars.valueFormat(function (v) {
            return percent ? self._number(v, 0) + ' %' : self._number(v, 0);
        });
        bars.yAxis.tickFormat(function (v) {
            return percent ? self._number(v, 0) + ' %' : self._number(v, 0);
        });
        if (percent) {
            bars.forceY([0, 100]);
        }
        if (QUADRANT_COLORS[chart.code]) {
            bars.color(QUADRANT_COLORS[chart.code]);
        }
        bars.tooltip.enabled(false);
        bars.discretebar.dispatch.on('elementClick', function (e) {
            self._open(e.data.point.action);
        });
        svg.datum([{key: chart.title, values: values}]).call(bars);
        this.resizeHandlers.push(nv.utils.onWindowResize(bars.update) || bars.update);
    },
    /**
     * The NPS per month, its 95 % band drawn under the line (from low to high), on a
     * y-axis from -100 to 100; a month still running is marked as partial.
     */
    _drawBand: function (svg, chart) {
        var self = this;
        var points = _.map(chart.points, function (point, index) {
            return {x: index, y: point.value === false ? null : point.value, point: point};
        });
        var line = nv.models.lineChart()
            .x(function (d) { return d.x; })
            .y(function (d) { return d.y; })
            .defined(function (d) { return d.y !== null; })
            .forceY([chart.y_min, chart.y_max])
            .showLegend(false)
            .useInteractiveGuideline(false)
            .duration(0)
            .margin({left: 50, bottom: 55, right: 20, top: 20});
        line.xAxis.rotateLabels(-35).tickValues(_.range(points.length)).tickFormat(function (i) {
            var point = chart.points[i];
            return point ? point.label + (point.partial ? ' *' : '') : '';
        });
        line.yAxis.tickFormat(function (v) { return self._number(v, 0); });
        line.tooltip.contentGenerator(function (e) {
            var point = e.point && e.point.point;
            if (!point) {
                return '';
            }
            return '<div class="o_cx_tip">' + _.escape(point.label) + ': ' +
                _.escape(self._number(point.value, 1)) + ' ' + _t("pts") + ' (' +
                _.escape(self._number(point.low, 0)) + ' … ' +
                _.escape(self._number(point.high, 0)) + '), n = ' + point.n + '</div>';
        });
        line.lines.dispatch.on('elementClick', function (e) {
            var hit = _.isArray(e) ? e[0] : e;
            if (hit && hit.point && hit.point.point) {
                self._open(hit.point.point.action);
            }
        });
        svg.datum([{key: chart.title, values: points, color: '#1f77b4'}]).call(line);
        var drawBand = function () {
            var x = line.xAxis.scale();
            var y = line.yAxis.scale();
            var area = d3.svg.area()
                .defined(function (d) { return d.point.low !== false && d.point.value !== false; })
                .x(function (d) { return x(d.x); })
                .y0(function (d) { return y(d.point.low); })
                .y1(function (d) { return y(d.point.high); });
            svg.selectAll('path.o_cx_band').remove();
            svg.select('.nv-linesWrap').insert('path', ':first-child')
                .attr('class', 'o_cx_band')
                .attr('d', area(points));
        };
        drawBand();
        var update = function () {
            line.update();
            drawBand();
        };
        nv.utils.onWindowResize(update);
        this.resizeHandlers.push(update);
    },

    //--------------------------------------------------------------------------
    // Handlers
    //--------------------------------------------------------------------------

    _onTileClick: function (ev) {
        var figure = this.data.figures[$(ev.currentTarget).data('index')];
        this._open(figure && figure.action);
    },
    _onPeriodClick: function (ev) {
        var self = this;
        this.days = $(ev.currentTarget).data('days');
        this._fetch().then(function () {
            self._renderContent();
        });
    },
});

core.action_registry.add('cx_dashboard', CxDashboard);

return CxDashboard;

});
