/* eventline: keyboard shortcuts for the review queue (documented in its help text).
 *   j / k  select the next / previous event of the review queue (opens its detail)
 *   a      accept the event shown in the detail     r  reject it     u  undo its last change
 * Keys are ignored while typing in a text field, a dropdown or with a modifier held,
 * and only act through the page's own buttons (nothing is sent that a click could not send). */
(function () {
    "use strict";

    function typing(el) {
        if (!el) { return false; }
        var tag = (el.tagName || "").toLowerCase();
        if (tag === "textarea" || tag === "select" || el.isContentEditable) { return true; }
        if (tag === "input") {
            var type = (el.getAttribute("type") || "text").toLowerCase();
            return ["radio", "checkbox", "button", "submit"].indexOf(type) < 0;
        }
        return Boolean(el.closest && el.closest(".dash-dropdown, .Select"));
    }

    function press(id) {
        var b = document.getElementById(id);
        if (b && !b.disabled) { b.click(); return true; }
        return false;
    }

    function move(step) {
        var radios = Array.prototype.slice.call(
            document.querySelectorAll("#review-queue input[type=radio]"));
        if (!radios.length) { return false; }
        var panel = document.getElementById("review-panel");
        if (panel && !panel.open) { panel.open = true; }
        var cur = radios.findIndex(function (r) { return r.checked; });
        var next = cur < 0 ? (step > 0 ? 0 : radios.length - 1)
            : Math.min(radios.length - 1, Math.max(0, cur + step));
        radios[next].click();
        radios[next].focus({preventScroll: false});
        return true;
    }

    document.addEventListener("keydown", function (e) {
        if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) { return; }
        var done = false;
        switch (e.key) {
            case "j": done = move(1); break;
            case "k": done = move(-1); break;
            case "a": done = press("cur-accept"); break;
            case "r": done = press("cur-reject"); break;
            case "u": done = press("cur-undo"); break;
            default: return;
        }
        if (done) { e.preventDefault(); }
    });
}());
