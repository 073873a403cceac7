/* eventline: the events table and the document reader (explorer/table.py, explorer/reader.py).
 *   refresh     a new filter state or new data: the table (infinite row model) drops the
 *               blocks it holds and asks the server again, from its first row (the server
 *               reads the filter state itself)
 *   showReader  the reader scrolls into view when it opens on a document */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    eventline_table: {
        refresh: function (_state, _version) {
            var grid = window.dash_ag_grid;
            if (grid && grid.getApiAsync) {
                grid.getApiAsync("events-table").then(function (api) {
                    if (api && !api.isDestroyed()) {
                        // Dash passes on only a changed prop: the same block asked again
                        // (same rows, sort and column filters) must differ from the last one
                        window.dash_clientside.set_props("events-table", {getRowsRequest: null});
                        api.purgeInfiniteCache();
                        api.ensureIndexVisible(0, "top");
                    }
                }).catch(function () { return null; });
            }
            return Date.now();
        },
        showReader: function (doc) {
            if (doc) {
                window.setTimeout(function () {
                    var el = document.getElementById("reader-panel");
                    if (el && !el.hidden && el.scrollIntoView) {
                        el.scrollIntoView({block: "start", behavior: "auto"});
                    }
                }, 300);
            }
            return doc || null;
        }
    }
});
