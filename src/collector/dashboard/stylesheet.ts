/**
 * The dashboard's one stylesheet, served by the plugin at /dashboard.css (the CSP allows styles from the
 * collector itself only, no inline styles). Kept in code so the built package needs no asset copying.
 * Colours: the Okabe–Ito palette (told apart with the common colour-vision deficiencies), darkened where white
 * text sits on them; never colour alone — every status is also a word, and the chart's worst segments carry
 * a pattern (stripes for 実施していない and 一部実施, dots for わからない), in the legend too.
 * Fonts: the Japanese faces of Windows (Yu Gothic, Meiryo), macOS (Hiragino) and Linux (Noto Sans CJK JP,
 * Debian's fonts-noto-cjk), then the browser's own.
 */
export const STYLESHEET = `
:root { --fg: #1d232b; --muted: #5b6570; --bg: #f6f7f9; --card: #fff; --line: #d9dee4; --accent: #0b57a4;
  --meets: #00795c; --partly: #56b4e9; --fails: #b8430b; --unknown: #e69f00; --na: #78838f; --nodata: #c9d0d8; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic UI", "Yu Gothic", YuGothic, Meiryo, "Noto Sans JP", "Noto Sans CJK JP", sans-serif; color: var(--fg); background: var(--bg); line-height: 1.55; }
body { margin: 0; }
a { color: var(--accent); }
code, pre { font-family: ui-monospace, "Cascadia Mono", Menlo, Consolas, monospace; font-size: .9em; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: .5rem; background: var(--card); padding: .25rem .5rem; }
.top { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem 2rem; padding: .6rem 1.5rem; background: #14325a; color: #fff; }
.top a { color: #fff; }
.brand { font-weight: 700; }
.top nav ul { display: flex; gap: 1.25rem; list-style: none; margin: 0; padding: 0; }
.top nav a { text-decoration: none; padding-bottom: .15rem; }
.top nav a[aria-current="page"] { border-bottom: 2px solid #fff; font-weight: 600; }
.tools { margin-left: auto; display: flex; gap: 1rem; align-items: center; }
.logout { margin: 0; }
.logout button { background: transparent; color: #fff; border: 1px solid #fff8; border-radius: 4px; padding: .2rem .6rem; cursor: pointer; font: inherit; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.5rem; margin: .5rem 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1.2rem; margin: 2rem 0 .75rem; }
section > h2:first-child { margin-top: 1rem; }
h3 { font-size: 1rem; margin: 1.25rem 0 .5rem; }
section.catalog, section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .25rem 1.25rem 1.25rem; margin: 1rem 0; }
.meta { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; color: var(--muted); }
.muted { color: var(--muted); }
.ago { display: block; color: var(--muted); font-size: .85rem; }
.notice { background: #fff8e1; border-left: 4px solid var(--unknown); padding: .6rem .9rem; }
.notice.strong { font-weight: 600; }
.error { background: #fdecea; border-left: 4px solid var(--fails); padding: .6rem .9rem; }
form.inline { display: inline-flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .25rem 0; }
input, select, button { font: inherit; padding: .3rem .5rem; border: 1px solid var(--line); border-radius: 4px; }
button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
form.login { max-width: 24rem; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; }
form.login label { display: block; font-weight: 600; margin-bottom: .25rem; }
form.login input { width: 100%; }
.hint pre { background: var(--bg); padding: .5rem .75rem; border-radius: 4px; }
dl.stats { display: flex; flex-wrap: wrap; gap: .75rem; margin: 0; }
.stat { min-width: 9rem; border: 1px solid var(--line); border-radius: 6px; padding: .5rem .9rem; background: var(--bg); }
.stat dt { color: var(--muted); font-size: .9rem; }
.stat dd { margin: 0; font-size: 1.6rem; font-weight: 700; }
.stat.alert { border-color: var(--fails); background: #fdecea; }
.stat.result-failed dd { color: var(--fails); }
.stat.result-compliant dd { color: var(--meets); }
.stat.result-incomplete dd { color: var(--unknown); }
table { border-collapse: collapse; width: 100%; margin: .75rem 0; font-size: .95rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; position: absolute; left: -9999px; }
th, td { border-bottom: 1px solid var(--line); padding: .4rem .5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
thead th { background: var(--bg); font-size: .85rem; color: var(--muted); }
/* overflow-wrap: anywhere lets a table shrink a column to a character or two ("DESKT/OP-7QK/2M4P" at 1200 px): the
   device list keeps room for a usual host name, OS and check title, and a longer (or hostile) one still wraps. */
table.devices th[scope="row"] { min-width: 14ch; }
table.devices td.os { min-width: 10ch; }
table.devices td.checks { min-width: 12em; }
table.devices td.notes { min-width: 9em; }
/* On a narrow window the device list scrolls sideways rather than squeezing those columns. */
.table-scroll { overflow-x: auto; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.bad { color: var(--fails); font-weight: 700; }
tr.is-silent { background: #fdecea; }
tr.gap-row td { background: #fff8e1; font-size: .9rem; }
.badge { display: inline-block; border-radius: 999px; padding: .05rem .55rem; margin: 0 .25rem .2rem 0; font-size: .8rem; font-weight: 600; border: 1px solid transparent; white-space: nowrap; }
.badge.silent, .badge.revoked { background: var(--fails); color: #fff; }
.badge.result-compliant, .badge.gate-go { background: #e8f5e9; color: var(--meets); border-color: var(--meets); }
.badge.result-failed, .badge.gate-no-go { background: #fdecea; color: var(--fails); border-color: var(--fails); }
.badge.result-incomplete, .badge.gate-cannot-tell { background: #fff8e1; color: #7a4a00; border-color: var(--unknown); }
.badge.shared, .badge.gap, .badge.key, .badge.clock { background: #ede7f6; color: #4527a0; white-space: normal; }
.status-pass { color: var(--meets); } .status-fail { color: var(--fails); font-weight: 600; }
.status-unknown, .status-error { color: #7a4a00; } .status-not_applicable { color: var(--na); }
ul.changes, ul.gates { margin: 0; padding-left: 1rem; }
ul.checks { display: flex; flex-wrap: wrap; gap: .1rem .6rem; list-style: none; margin: 0; padding: 0; }
code { overflow-wrap: break-word; word-break: normal; }
code.sha256 { font-size: .8em; overflow-wrap: anywhere; }
th.no { white-space: nowrap; }
.more { color: var(--muted); font-size: .9rem; }
ul.counts { display: flex; flex-wrap: wrap; gap: 0 .75rem; list-style: none; padding: 0; }
.filters ul { display: flex; gap: .5rem; list-style: none; padding: 0; margin: .5rem 0; }
.filters a { display: inline-block; padding: .25rem .75rem; border: 1px solid var(--line); border-radius: 999px; text-decoration: none; background: var(--card); }
.filters a[aria-current="page"] { background: var(--accent); color: #fff; border-color: var(--accent); }
.pager { display: flex; gap: 1rem; align-items: center; margin-top: .5rem; }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: .5rem 1.5rem; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; }
dl.facts dt { color: var(--muted); font-size: .85rem; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
dl.facts .wide { grid-column: 1 / -1; }
dl.values { display: grid; grid-template-columns: minmax(10rem, max-content) 1fr; gap: .75rem 1.5rem; margin: 0; }
dl.values dt { font-weight: 600; }
dl.values dd { margin: 0; overflow-wrap: anywhere; }
section.install { border: 0; padding: 0; margin: .5rem 0 1.25rem; }
section.install pre { background: var(--bg); padding: .5rem .75rem; border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; padding: 0; margin: .25rem 0 .5rem; font-size: .9rem; }
.swatch { display: inline-block; width: .9rem; height: .9rem; border-radius: 2px; margin-right: .35rem; vertical-align: -.1rem; }
svg.chart { display: block; max-width: 100%; height: auto; font-size: 12px; }
svg.chart .row-label, svg.chart .row-total { fill: var(--fg); }
svg.chart .seg text { fill: #fff; font-weight: 600; }
svg.chart .seg-nodata text, svg.chart .seg-na text, svg.chart .seg-partly text, svg.chart .seg-unknown text { fill: var(--fg); }
svg.chart a.seg:hover rect, svg.chart a.seg:focus rect { stroke: var(--fg); stroke-width: 2; }
svg.chart .pattern path { stroke: rgba(255, 255, 255, .55); stroke-width: 1.5; }
svg.chart pattern[id$="-p-partly"] path { stroke: rgba(0, 0, 0, .35); }
svg.chart .pattern circle { fill: rgba(0, 0, 0, .45); }
.swatch.seg-fails.patterned { background-image: repeating-linear-gradient(-45deg, transparent 0 3px, rgba(255, 255, 255, .55) 3px 4.5px); }
.swatch.seg-partly.patterned { background-image: repeating-linear-gradient(45deg, transparent 0 3px, rgba(0, 0, 0, .35) 3px 4.5px); }
.swatch.seg-unknown.patterned { background-image: radial-gradient(rgba(0, 0, 0, .45) 1px, transparent 1.5px); background-size: 4px 4px; }
svg.chart rect.empty { fill: none; stroke: var(--line); stroke-dasharray: 4 3; }
.seg-meets { fill: var(--meets); background: var(--meets); }
.seg-partly { fill: var(--partly); background: var(--partly); }
.seg-fails { fill: var(--fails); background: var(--fails); }
.seg-unknown { fill: var(--unknown); background: var(--unknown); }
.seg-na { fill: var(--na); background: var(--na); }
.seg-nodata { fill: var(--nodata); background: var(--nodata); }
.stat dd a { color: inherit; }
.stat.result-none dd, .stat.gate-none dd { color: var(--muted); }
.stat.gate-go dd { color: var(--meets); } .stat.gate-no-go dd { color: var(--fails); } .stat.gate-cannot-tell dd { color: #7a4a00; }
td.num a { color: inherit; }
.filter-note { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .4rem .8rem; }
.question { font-size: 1.1rem; font-weight: 600; }
.badge.check-pass, .badge.item-pass { background: #e6f4ef; color: var(--meets); border-color: var(--meets); }
.badge.check-fail, .badge.item-fail { background: #fbeae2; color: var(--fails); border-color: var(--fails); }
.badge.item-partial { background: #e9f5fc; color: #0b4f78; border-color: var(--partly); }
.badge.check-unknown, .badge.check-error, .badge.item-unknown { background: #fff5e0; color: #7a4a00; border-color: var(--unknown); }
.badge.check-not_applicable, .badge.item-not_applicable, .badge.item-manual { background: var(--bg); color: var(--muted); border-color: var(--line); }
.badge.change-new { background: var(--fails); color: #fff; }
.badge.change-fixed { background: var(--meets); color: #fff; }
.badge.change { background: var(--bg); color: var(--fg); border-color: var(--line); }
ul.check-list, ul.devices-in-state, ul.evidence { list-style: none; padding: 0; margin: 0; }
li.check { border: 1px solid var(--line); border-left: 6px solid var(--na); border-radius: 6px; padding: .5rem .9rem; margin: .6rem 0; background: var(--card); }
li.check.is-fail { border-left-color: var(--fails); }
li.check.is-unknown, li.check.is-error { border-left-color: var(--unknown); border-left-style: dashed; }
li.check.is-pass { border-left-color: var(--meets); }
li.check h3 { margin: .2rem 0 .4rem; font-size: 1rem; }
li.check code.id { color: var(--muted); font-size: .8rem; font-weight: 400; }
li.check .role, ul.evidence .role { font-size: .8rem; color: var(--muted); border: 1px solid var(--line); border-radius: 4px; padding: 0 .35rem; margin-right: .35rem; }
table.observed { width: auto; margin: .25rem 0; font-size: .9rem; }
table.observed tr.unmet td:first-of-type { color: var(--fails); font-weight: 600; }
.fix p { margin: .2rem 0 .4rem; white-space: pre-line; }
li.device-entry { border-top: 1px solid var(--line); padding: .5rem 0; }
li.device-entry h3 { margin: .3rem 0; }
tr.current { background: #eef4fb; }
details.passed summary { cursor: pointer; color: var(--muted); margin: .5rem 0; }
details.items-of-report { margin: .5rem 0; } details.items-of-report summary { cursor: pointer; font-weight: 600; }
table.item-statuses { font-size: .9rem; }
table.item-statuses th { white-space: nowrap; }
time { white-space: nowrap; }
table.gates th[scope="row"] { white-space: nowrap; }
table.gates ul.checks { display: block; }
table.gates ul.checks li { margin: 0 0 .2rem; }
footer { max-width: 72rem; margin: 0 auto; padding: 0 1.5rem 2rem; font-size: .85rem; }
`;
