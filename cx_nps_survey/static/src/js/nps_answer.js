/* The NPS answer page confirms its score from the person's own browser.

   A score link of the email records nothing by itself (mail scanners open every
   link). This page posts the chosen score, with the single-use nonce it was issued
   with, once it has been visible for a couple of seconds or at the first interaction
   of a person; a change of score posts again (same visit, next nonce). The submit
   button confirms too (the page's form, with or without this script). */
(function () {
    "use strict";
    var form = document.querySelector("form.js_surveyform[data-cx-confirm]");
    if (!form) {
        return;
    }
    var nonce = form.querySelector("input[name=cx_nps_nonce]");
    var needed = parseFloat(form.getAttribute("data-cx-seconds") || "2") * 1000;
    var minimum = parseFloat(form.getAttribute("data-cx-minimum") || "1.5") * 1000;
    var started = Date.now();
    var visible = 0;
    var since = document.visibilityState === "visible" ? Date.now() : null;
    var counted = false;
    var busy = false;
    var again = false;
    var pendingSubmit = null;
    var timer = null;

    function text(code) {
        var node = document.querySelector(".o_cx_nps_messages [data-cx='" + code + "']");
        return node ? node.textContent : "";
    }
    function show(message, kind) {
        var status = document.querySelector(".o_cx_nps_status");
        if (status) {
            status.textContent = message;
            status.className = "o_cx_nps_status text-" + kind;
        }
    }
    function chosen() {
        return form.querySelector(".o_cx_nps_scale input[type=radio]:checked");
    }
    function confirmScore() {
        var radio = chosen();
        if (!radio || !nonce) {
            return;
        }
        if (busy) {
            again = true;
            return;
        }
        busy = true;
        var data = new FormData();
        data.append("cx_nps_nonce", nonce.value);
        data.append("answer", radio.value);
        var request = new XMLHttpRequest();
        request.open("POST", form.getAttribute("data-cx-confirm"));
        request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
        request.onload = function () {
            var reply = {};
            busy = false;
            try {
                reply = JSON.parse(request.responseText);
            } catch (error) {
                reply = {};
            }
            if (reply.nonce) {
                nonce.value = reply.nonce;
            }
            if (reply.counted) {
                counted = true;
                show(text("counted"), "success");
            } else if (reply.message) {
                show(reply.message, "warning");
            }
            if (again) {
                again = false;
                confirmScore();
            } else if (pendingSubmit) {
                var button = pendingSubmit;
                pendingSubmit = null;
                button.click();
            }
        };
        request.onerror = function () {
            busy = false;
        };
        request.send(data);
    }
    function visibleTime() {
        return visible + (since === null ? 0 : Date.now() - since);
    }
    function check() {
        clearTimeout(timer);
        if (counted) {
            return;
        }
        var left = needed - visibleTime();
        if (left <= 0) {
            confirmScore();
        } else if (since !== null) {
            timer = setTimeout(check, left + 50);
        }
    }
    function later(delay) {
        clearTimeout(timer);
        timer = setTimeout(confirmScore, Math.max(delay, minimum + 100 - (Date.now() - started)));
    }
    document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "visible") {
            if (since === null) {
                since = Date.now();
            }
        } else if (since !== null) {
            visible += Date.now() - since;
            since = null;
        }
        check();
    });
    ["pointerdown", "keydown", "touchstart"].forEach(function (name) {
        document.addEventListener(name, function (event) {
            // a person's first interaction confirms (a moment later: a click on
            // another score changes it first)
            if (event.isTrusted && !counted) {
                later(300);
            }
        }, {passive: true});
    });
    form.addEventListener("change", function (event) {
        var target = event.target;
        if (!target || target.type !== "radio" || !target.hasAttribute("data-cx-score")) {
            return;
        }
        var banner = document.querySelector(".o_cx_nps_chosen");
        if (banner) {
            banner.textContent = target.getAttribute("data-cx-score");
        }
        if (counted && event.isTrusted) {
            later(0);
        }
    });
    // the submit button waits for a confirmation on its way, so that it carries the
    // next nonce of the visit
    form.addEventListener("submit", function (event) {
        if (busy) {
            event.preventDefault();
            event.stopImmediatePropagation();
            pendingSubmit = form.querySelector("button[type=submit][value=finish]") ||
                form.querySelector("button[type=submit]");
        }
    }, true);
    check();
}());
