/* eventline: keyboard shortcuts for the review queue (documented in its help text).
 *   j / k  select the next / previous event of the review queue (opens its detail)
 *   a      accept the event shown in the detail     r  reject it     u  undo its last change
 * Keys act only when focus is on no editable or selectable element: not in (or inside) an
 * input of any type, a textarea, a select, a listbox or option, a combobox, a contenteditable
 * element, nor anywhere in a dropdown or popover (Dash 4 renders a dropdown's menu in a
 * portal outside .dash-dropdown, so its option inputs are caught by the popover rule), and
 * not with a modifier held. They only act through the page's own buttons (nothing is sent
 * that a click could not send). j / k scroll the chosen queue item into view and leave the
 * focus where it was, so that j, j, a works in sequence; a mouse click on a queue item
 * does not leave the focus on its radio either. */
(function () {
    "use strict";

    var FIELDS = "input, textarea, select, [contenteditable]:not([contenteditable='false']), " +
        "[role=listbox], [role=option], [role=combobox], [role=textbox], [role=searchbox], " +
        "[role=spinbutton], [role=slider]";
    var POPUPS = ".dash-dropdown, .dash-dropdown-content, .dash-dropdown-wrapper, .Select, " +
        "[data-radix-popper-content-wrapper], [data-radix-portal], [role=dialog], [role=menu], " +
        ".react-datepicker, .SingleDatePicker, .DateRangePicker";

    function editable(el) {
        if (!el || el.nodeType !== 1) { return false; }
        if (el === document.body || el === document.documentElement) { return false; }
        if (el.isContentEditable) { return true; }
        return Boolean(el.closest && (el.closest(FIELDS) || el.closest(POPUPS)));
    }

    function typing(e) {
        return editable(e.target) || editable(document.activeElement);
    }

    // The DOM id Dash gives a component with a dict id: its JSON with the keys sorted,
    // e.g. {"action":"accept","type":"curate"} (explorer/detail.py, action_id).
    function dashId(id) {
        return "{" + Object.keys(id).sort().map(function (k) {
            return JSON.stringify(k) + ":" + JSON.stringify(id[k]);
        }).join(",") + "}";
    }

    function press(action) {
        var b = document.getElementById(dashId({type: "curate", action: action}));
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
        radios[next].click();  // a script's click() selects without moving the focus
        var item = radios[next].closest("label") || radios[next];
        if (item.scrollIntoView) { item.scrollIntoView({block: "nearest"}); }
        return true;
    }

    // A mouse click on a queue item selects it and would leave the focus on its radio,
    // where the keys do not act: give the focus back to the page. Arrow keys in the
    // queue (keyboard users) also fire click, with e.detail 0, and keep their focus.
    document.addEventListener("click", function (e) {
        if (!e.detail || !e.target.closest || !e.target.closest("#review-queue")) { return; }
        setTimeout(function () {
            var a = document.activeElement;
            if (a && a.closest && a.closest("#review-queue")) { a.blur(); }
        }, 0);
    });

    document.addEventListener("keydown", function (e) {
        if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing || typing(e)) {
            return;
        }
        var done = false;
        switch (e.key) {
            case "j": done = move(1); break;
            case "k": done = move(-1); break;
            case "a": done = press("accept"); break;
            case "r": done = press("reject"); break;
            case "u": done = press("undo"); break;
            default: return;
        }
        if (done) { e.preventDefault(); }
    });
}());
