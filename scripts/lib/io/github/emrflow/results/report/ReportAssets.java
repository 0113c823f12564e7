package io.github.emrflow.results.report;

/**
 * The page's inline CSS and script. Kept apart from the markup so that each stays readable; both
 * are constants, never built from run data, so nothing here needs escaping.
 */
final class ReportAssets {
    private ReportAssets() {
    }

    /**
     * System fonts only (nothing to fetch); a centred column that fits a laptop screen; the pictures
     * scroll sideways on a narrow one. Print: no sticky header, no hover, black on white, the table
     * on its own pages, a page break before every 50th row (the script moves the marks on sorting).
     * No picture may be taller than a page (the chart comes in pieces of 50 rows): chromium 156
     * slices one that is across pages and then ignores the forced break before the table
     * (ReportInBrowserTest counts the printed pages).
     */
    static final String CSS = """
            :root { --ink: #1d2330; --muted: #5b6475; --line: #d8dce4; --bar: #3a78c3; --fail: #c9372c; --ok: #1f7a3f; --zebra: #f4f6f9; }
            * { box-sizing: border-box; }
            body { margin: 0 auto; max-width: 1000px; padding: 24px 20px 40px; color: var(--ink); background: #fff;
                   font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
            h1 { font-size: 24px; margin: 0 0 12px; }
            h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
            code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; }
            .status { font-size: 14px; padding: 2px 10px; border-radius: 12px; vertical-align: middle; color: #fff; }
            .status.ok { background: var(--ok); }
            .status.bad { background: var(--fail); }
            dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
            dl.facts dt { color: var(--muted); }
            dl.facts dd { margin: 0; overflow-wrap: anywhere; }
            .note, .caption { color: var(--muted); font-size: 14px; margin: 4px 0 8px; }
            .failure pre { background: #fdf1f0; border-left: 4px solid var(--fail); padding: 10px 12px; white-space: pre-wrap;
                           overflow-wrap: anywhere; font-size: 13px; margin: 0; }
            ul.usage { margin: 0; padding-left: 20px; }
            .scroll { overflow-x: auto; }
            svg { display: block; max-width: 100%; height: auto; font-size: 12px; }
            svg text { fill: var(--ink); }
            svg .axis line { stroke: var(--line); stroke-width: 1; }
            svg .axis text { fill: var(--muted); }
            svg rect { fill: var(--bar); }
            svg .failed rect { fill: var(--fail); }
            svg .failed text.value { fill: var(--fail); font-weight: 600; }
            svg .row:hover rect, svg .span:hover rect { opacity: 0.75; }
            svg .row:hover text.label { font-weight: 600; }
            svg.workflow .state rect { fill: #fff; stroke: #9aa3b2; stroke-width: 1; }
            svg.workflow .state text.name { font-weight: 600; }
            svg.workflow .state text.kind { fill: var(--muted); font-size: 10px; }
            svg.workflow .state.entered rect { fill: #e3eefb; stroke: var(--bar); stroke-width: 2.5; }
            svg.workflow .state.failed rect { fill: #fdecea; stroke: var(--fail); stroke-width: 2.5; }
            svg.workflow .state.failed text.name { fill: var(--fail); }
            svg.workflow .edge line { stroke: #9aa3b2; stroke-width: 1.2; }
            svg.workflow .edge path { fill: #9aa3b2; }
            svg.workflow .edge.catch line { stroke-dasharray: 5 4; }
            svg.workflow .edge.taken line { stroke: var(--bar); stroke-width: 2.5; }
            svg.workflow .edge.taken path { fill: var(--bar); }
            svg.workflow .terminal circle { fill: #fff; stroke: #9aa3b2; stroke-width: 1.5; }
            svg.workflow .terminal.entered circle { fill: var(--bar); stroke: var(--bar); }
            table { border-collapse: collapse; width: 100%; font-size: 14px; }
            th, td { padding: 3px 10px; text-align: left; border-bottom: 1px solid var(--line); }
            td.num, th[data-type="num"] { text-align: right; font-variant-numeric: tabular-nums; }
            th { position: sticky; top: 0; background: #e9edf3; cursor: pointer; user-select: none; white-space: nowrap; }
            th:hover { background: #dde3ec; }
            th[aria-sort="ascending"]::after { content: " ▲"; }
            th[aria-sort="descending"]::after { content: " ▼"; }
            tbody tr:nth-child(even) { background: var(--zebra); }
            tbody tr:hover { background: #e6eefa; }
            footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
            @page { size: A4; margin: 12mm; }
            @media print {
              body { max-width: none; padding: 0; font-size: 11px; }
              h2 { margin-top: 14px; }
              .scroll { overflow: visible; }
              th { position: static; cursor: auto; background: #eee; }
              th:hover, tbody tr:hover { background: none; }
              svg .row:hover rect, svg .span:hover rect { opacity: 1; }
              table { font-size: 10px; }
              th, td { padding: 1px 6px; }
              .table-section { break-before: page; }
              svg { break-inside: avoid; }
              /* A workflow taller than a page (a schedule's naming states add three) is scaled to fit one. */
              svg.workflow { width: auto; height: auto; max-height: 250mm; }
              tr { break-inside: avoid; }
              tr.page { break-before: page; }
              footer { display: none; }
            }
            """;

    /**
     * Click (or Enter on) a header to sort by its column: numbers by value, largest first; text A to
     * Z; again to reverse. Empty numbers stay last. Afterwards the print page breaks are re-marked so
     * that a sorted table still prints 50 rows a page.
     */
    static final String SCRIPT = """
            (function () {
              var table = document.getElementById('results');
              if (!table) { return; }
              var heads = table.tHead.rows[0].cells;
              function key(cell, numeric) {
                if (!numeric) { return cell.textContent; }
                var v = cell.getAttribute('data-v');
                return v === '' ? null : parseFloat(v);
              }
              function sortBy(index) {
                var th = heads[index];
                var numeric = th.getAttribute('data-type') === 'num';
                var current = th.getAttribute('aria-sort');
                var descending = current ? current === 'ascending' : numeric;
                for (var i = 0; i < heads.length; i++) { heads[i].removeAttribute('aria-sort'); }
                th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
                var body = table.tBodies[0];
                var rows = Array.prototype.slice.call(body.rows);
                rows.sort(function (a, b) {
                  var x = key(a.cells[index], numeric), y = key(b.cells[index], numeric);
                  if (x === null || y === null) { return x === y ? 0 : (x === null ? 1 : -1); }
                  var c = numeric ? x - y : (x < y ? -1 : x > y ? 1 : 0);
                  return descending ? -c : c;
                });
                rows.forEach(function (row, i) {
                  row.classList.toggle('page', i > 0 && i % 50 === 0);
                  body.appendChild(row);
                });
              }
              Array.prototype.forEach.call(heads, function (th, index) {
                th.addEventListener('click', function () { sortBy(index); });
                th.addEventListener('keydown', function (e) {
                  if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortBy(index); }
                });
              });
            })();
            """;
}
