/**
 * GET / — the fleet against IPA's items: device totals, then for each catalog (自社診断, 5か条) a stacked bar
 * per item (implemented / partly / not implemented / don't know / N/A / no data) with the same numbers in a table, then the
 * results per check. Everything is counted by the store (FleetSummary); this only lays it out. Every count
 * is a link to the list of the devices it counts (the item page, or the device list filtered).
 */
import { GUIDELINE_STATUS_LABEL, STATUS_LABEL } from '../../i18n/messages.ts';
import { DASHBOARD_MESSAGES as M, DASHBOARD_RESULT_LABEL } from '../../i18n/dashboard-messages.ts';
import type { Catalog } from '../../policy/schema.ts';
import { CHECK_STATUSES, type Localized } from '../../report/vocabulary.ts';
import type { FleetSummary } from '../read-model.ts';
import { REPORT_RESULTS } from '../read-model.ts';
import { chartLegend, stackedBarChart, type BarSegment } from './bar-chart.ts';
import { itemHref, profileLabel } from './check-view.ts';
import { href, html, type Html } from './html.ts';
import { page, t, time, type View } from './layout.ts';

type Item = FleetSummary['items'][number];
type CountKey = keyof Item['devices'];

/**
 * The order of the segments, worst news not hidden at the end, named with the item statuses' own words, the
 * ones the self-check page and the CLI use: implemented, partly, not implemented, don't know, N/A, no data.
 */
export const COUNT_KINDS: readonly { readonly key: CountKey; readonly kind: string; readonly label: Localized }[] = [
  { key: 'meets', kind: 'meets', label: GUIDELINE_STATUS_LABEL.pass },
  { key: 'partly', kind: 'partly', label: GUIDELINE_STATUS_LABEL.partial },
  { key: 'fails', kind: 'fails', label: GUIDELINE_STATUS_LABEL.fail },
  { key: 'cannotTell', kind: 'unknown', label: GUIDELINE_STATUS_LABEL.unknown },
  { key: 'notApplicable', kind: 'na', label: GUIDELINE_STATUS_LABEL.not_applicable },
  { key: 'noData', kind: 'nodata', label: M.noData },
];

function groupByCatalog(items: readonly Item[]): [string, Item[]][] {
  const groups = new Map<string, Item[]>();
  for (const item of items) groups.set(item.catalog, [...(groups.get(item.catalog) ?? []), item]);
  return [...groups];
}

/** A bundled profile by its title, as the CLI names it; another policy's profile by its id. */
function profileSelector(view: View, current: string, profiles: readonly string[]): Html {
  const options = profiles.includes(current) ? profiles : [...profiles, current];
  return html`<form method="get" action="/" class="inline">
<label for="profile">${t(M.profileSelect, view)}</label>
<select id="profile" name="profile">${options.map((p) => html`<option value="${p}"${p === current ? html` selected` : ''}>${profileLabel(p, view)}</option>`)}</select>
<button type="submit">${t(M.show, view)}</button>
</form>`;
}

/** Devices with no report of the profile: with the results they make the enrolled total. */
export const withoutReport = (summary: FleetSummary): number => summary.devices.total - REPORT_RESULTS.reduce((sum, r) => sum + (summary.devices.byResult[r] ?? 0), 0);

function totals(summary: FleetSummary, view: View): Html {
  const d = summary.devices;
  const profile = summary.profile === 'baseline' ? undefined : summary.profile;
  const stat = (label: string, value: number, link: string, cls = '') => html`<div class="stat ${cls}"><dt>${label}</dt><dd><a href="${link}">${value}</a></dd></div>`;
  return html`<section aria-labelledby="devices-heading">
<h2 id="devices-heading">${t(M.devicesHeading, view)}</h2>
<dl class="stats">
${stat(t(M.total, view), d.total, '/devices')}
${stat(t(M.reporting, view), d.reporting, href('/devices', { filter: 'reporting' }))}
${stat(t(M.silent, view), d.silent, href('/devices', { filter: 'gone-silent' }), d.silent > 0 ? 'alert' : '')}
${stat(t(M.neverReported, view), d.neverReported, href('/devices', { filter: 'never' }))}
</dl>
<h3>${t(M.byResult, view)}</h3>
<dl class="stats">
${REPORT_RESULTS.map((r) => stat(t(DASHBOARD_RESULT_LABEL[r], view), d.byResult[r] ?? 0, href('/devices', { result: r, profile }), `result-${r}`))}
${stat(t(M.noReportOfProfile, view), withoutReport(summary), href('/devices', { result: 'none', profile }), 'result-none')}
</dl>
<p class="muted">${t(M.tilesAddUp, view, { total: d.total })}</p>
</section>`;
}

/** The first words of an item's question, for a chart row (the table beside it has the whole text). */
function shortTitle(title: string, lang: View['lang']): string {
  const max = lang === 'ja' ? 14 : 26;
  const chars = [...title];
  return chars.length <= max ? title : `${chars.slice(0, max).join('')}…`;
}

function catalogSection(catalogId: string, items: readonly Item[], index: number, view: View, catalogs: ReadonlyMap<string, Catalog>, summaryProfile: string): Html {
  const catalog = catalogs.get(catalogId);
  const name = catalog ? (view.lang === 'ja' ? `${t(catalog.title, view)}（${catalog.edition}）` : `${t(catalog.title, view)} (${catalog.edition})`) : catalogId;
  const label = (item: Item) => `No.${item.item}`;
  const link = (item: Item, key: CountKey) => itemHref(item.ref, { profile: summaryProfile, state: key });
  const segments = (item: Item): BarSegment[] => COUNT_KINDS.map((k) => ({ kind: k.kind, label: t(k.label, view), value: item.devices[k.key], href: link(item, k.key) }));
  const id = `chart-${index}`;
  // Items no device had data for (the sheet's rules and training, or no report yet) would be bars of
  // "no data" only: they stay in the table and are named under the chart instead.
  const charted = items.filter((item) => item.devices.noData < COUNT_KINDS.reduce((sum, k) => sum + item.devices[k.key], 0));
  const uncharted = items.filter((item) => !charted.includes(item));
  return html`<section aria-labelledby="${id}-heading" class="catalog">
<h2 id="${id}-heading">${name}</h2>
${chartLegend(COUNT_KINDS.map((k) => ({ kind: k.kind, label: t(k.label, view) })))}
${
  charted.length
    ? stackedBarChart({
        id,
        label: t(M.chartLabel, view, { catalog: name }),
        labelWidth: 270,
        rows: charted.map((item) => ({ label: `${label(item)} ${shortTitle(t(item.title, view), view.lang)}`, title: t(item.title, view), segments: segments(item) })),
      })
    : html`<p class="muted">${t(M.noItems, view)}</p>`
}
${uncharted.length ? html`<p class="muted">${t(M.notCharted, view, { items: uncharted.map(label).join(view.lang === 'ja' ? '、' : ', ') })}</p>` : ''}
<table class="numbers">
<caption>${name}</caption>
<thead><tr><th scope="col">${t(M.itemNo, view)}</th><th scope="col">${t(M.item, view)}</th>${COUNT_KINDS.map((k) => html`<th scope="col" class="num">${t(k.label, view)}</th>`)}</tr></thead>
<tbody>
${items.map(
  (item) =>
    html`<tr><th scope="row" class="no"><a href="${itemHref(item.ref, { profile: summaryProfile })}">${label(item)}</a></th><td>${t(item.title, view)}</td>${COUNT_KINDS.map(
      (k) =>
        html`<td class="num${k.key === 'fails' && item.devices.fails > 0 ? ' bad' : ''}">${
          item.devices[k.key] > 0
            ? html`<a href="${link(item, k.key)}" title="${t(M.countLink, view, { item: label(item), state: t(k.label, view), count: item.devices[k.key] })}">${item.devices[k.key]}</a>`
            : '0'
        }</td>`,
    )}</tr>\n`,
)}
</tbody>
</table>
</section>`;
}

function checksSection(summary: FleetSummary, view: View): Html {
  if (summary.checks.length === 0) return html``;
  return html`<section aria-labelledby="checks-heading">
<h2 id="checks-heading">${t(M.checksHeading, view)}</h2>
<table class="numbers">
<thead><tr><th scope="col">${t(M.check, view)}</th>${CHECK_STATUSES.map((s) => html`<th scope="col" class="num">${t(STATUS_LABEL[s], view)}</th>`)}</tr></thead>
<tbody>
${summary.checks.map(
  (c) =>
    html`<tr><th scope="row">${t(c.title, view)} <code>${c.id}</code></th>${CHECK_STATUSES.map((s) => {
      const n = c.counts[s] ?? 0;
      const link = href('/devices', { check: c.id, status: s, profile: summary.profile === 'baseline' ? undefined : summary.profile });
      return html`<td class="num${s === 'fail' && n > 0 ? ' bad' : ''}">${
        n > 0 ? html`<a href="${link}" title="${t(M.checkCountLink, view, { check: t(c.title, view), status: t(STATUS_LABEL[s], view), count: n })}">${n}</a>` : '0'
      }</td>`;
    })}</tr>\n`,
)}
</tbody>
</table>
</section>`;
}

export function renderFleetPage(summary: FleetSummary, view: View, options: { readonly profiles: readonly string[]; readonly catalogs: ReadonlyMap<string, Catalog> }): Html {
  const body = html`<p class="meta">${profileSelector(view, summary.profile, options.profiles)} <span>${t(M.generatedAt, view)}: ${time(summary.generatedAt, view)}</span></p>
<p>${t(M.fleetIntro, view, { profile: profileLabel(summary.profile, view) })}</p>
${summary.devices.total === 0 ? html`<p class="notice">${t(M.noDevicesYet, view)}</p>` : ''}
${totals(summary, view)}
${groupByCatalog(summary.items).map(([catalog, items], i) => catalogSection(catalog, items, i, view, options.catalogs, summary.profile))}
<p><a class="export" href="${href('/export/items.csv', { profile: summary.profile === 'baseline' ? undefined : summary.profile })}" download>${t(M.exportMatrix, view)}</a></p>
${checksSection(summary, view)}`;
  return page(view, t(M.fleetTitle, view), body);
}
