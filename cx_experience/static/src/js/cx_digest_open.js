odoo.define('cx_experience.digest_open', function (require) {
"use strict";

/**
 * A digest's link to one of its figures lands here (/web#action=cx_digest_open&...):
 * the server returns the figure's drill-down for the digest's period, computed with
 * the rights of whoever clicked (cx.digest.action_open_figure), and it opens in place
 * of this action, with its filter visible in the search bar.
 */
var core = require('web.core');
var rpc = require('web.rpc');

function openDigestFigure(parent, action) {
    var params = action.params || {};
    var digestId = parseInt(params.digest_id, 10);
    // Through call_button, as a button would: the server cleans the action for the
    // web client (view types, context) before it comes back.
    rpc.query({
        route: '/web/dataset/call_button',
        params: {
            model: 'cx.digest',
            method: 'action_open_figure',
            args: [[digestId], String(params.figure || '')],
        },
    }).then(function (figureAction) {
        parent.do_action(figureAction, {clear_breadcrumbs: true});
    });
}

core.action_registry.add('cx_digest_open', openDigestFigure);

return openDigestFigure;
});
