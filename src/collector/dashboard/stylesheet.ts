/**
 * The dashboard's one stylesheet, served by the plugin at /dashboard.css (the CSP allows styles from the
 * collector itself only, no inline styles). Kept in code so the built package needs no asset copying.
 * Colours: the chart's green/red/amber/grey pass WCAG AA against the white text or the page background.
 */
export const STYLESHEET = `
:root { --fg: #1d232b; --muted: #5b6570; --bg: #f6f7f9; --card: #fff; --line: #d9dee4; --accent: #0b57a4;
  --meets: #2e7d32; --partly: #558b2f; --fails: #c62828; --unknown: #b26a00; --na: #78838f; --nodata: #c9d0d8; }
* { box-sizing: border-box; }
html { font-family: system-ui, "Hiragino Sans", "Noto Sans JP", "Yu Gothic UI", Meiryo, sans-serif; color: var(--fg); background: var(--bg); line-height: 1.55; }
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
svg.chart .seg-nodata text, svg.chart .seg-na text { fill: var(--fg); }
svg.chart rect.empty { fill: none; stroke: var(--line); stroke-dasharray: 4 3; }
.seg-meets { fill: var(--meets); background: var(--meets); }
.seg-partly { fill: var(--partly); background: var(--partly); }
.seg-fails { fill: var(--fails); background: var(--fails); }
.seg-unknown { fill: var(--unknown); background: var(--unknown); }
.seg-na { fill: var(--na); background: var(--na); }
.seg-nodata { fill: var(--nodata); background: var(--nodata); }
`;
