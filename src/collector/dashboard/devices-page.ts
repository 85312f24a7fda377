/**
 * GET /devices — every device with its status, last report, OS and failing checks. Silent devices carry a
 * badge and have their own filter; devices whose hardware hints another device shares are flagged (a clone,
 * or a PC enrolled twice). Search by hostname and paging are the store's (DeviceListQuery).
 */
import { formatDuration } from '../../duration.ts';
import { DASHBOARD_MESSAGES as M, DASHBOARD_RESULT_LABEL, HINT_LABEL, PLATFORM_LABEL } from '../../i18n/dashboard-messages.ts';
import { STATUS_LABEL } from '../../i18n/messages.ts';
import type { CheckStatus } from '../../report/vocabulary.ts';
import type { DeviceList, DeviceSummary } from '../read-model.ts';
import { profileLabel } from './check-view.ts';
import { href, html, type Html } from './html.ts';
import { ago, page, pager, t, time, type View } from './layout.ts';

export const DEVICE_FILTERS = ['all', 'silent', 'failing', 'reporting', 'gone-silent', 'never', 'retired'] as const;
export type DeviceFilter = (typeof DEVICE_FILTERS)[number];
/** The filters offered as tabs; the others are where the fleet page's tiles lead. */
const TAB_FILTERS = ['all', 'silent', 'failing', 'retired'] as const satisfies readonly DeviceFilter[];
export const RESULT_FILTERS = ['compliant', 'failed', 'incomplete', 'none'] as const;

export interface DeviceListView {
  readonly filter: DeviceFilter;
  readonly search: string;
  readonly page: number;
  readonly pageSize: number;
  /** The fleet page's result tiles: the newest report of `profile` has this result (none: no such report). */
  readonly result?: (typeof RESULT_FILTERS)[number] | undefined;
  /** The fleet page's check counts: the newest report of `profile` gave this check this status. */
  readonly check?: { readonly id: string; readonly status: CheckStatus } | undefined;
  readonly profile?: string | undefined;
}

/** The query that shows this list again (paging, filters), without the page number. */
const listQuery = (list: DeviceListView) => ({
  filter: list.filter === 'all' ? undefined : list.filter,
  q: list.search,
  result: list.result,
  check: list.check?.id,
  status: list.check?.status,
  profile: (list.result || list.check) && list.profile !== 'baseline' ? list.profile : undefined,
});

export const deviceHref = (deviceId: string) => `/devices/${encodeURIComponent(deviceId)}`;

/** The badges of a device: silent or never reported first, then the newest result, then the oddities. */
export function statusBadges(d: DeviceSummary, view: View): Html {
  const badges: Html[] = [];
  if (d.lastReportAt === null) badges.push(html`<span class="badge silent" title="${t(M.silentExplain, view)}">${t(M.neverBadge, view)}</span>`);
  else if (d.silent) badges.push(html`<span class="badge silent" title="${t(M.silentExplain, view)}">${t(M.silentBadge, view)}</span>`);
  if (d.lastResult) badges.push(html`<span class="badge result-${d.lastResult}">${t(DASHBOARD_RESULT_LABEL[d.lastResult], view)}</span>`);
  if (d.retiredAt) badges.push(html`<span class="badge retired">${t(M.retiredBadge, view)}</span>`);
  return html`${badges}`;
}

export function deviceNotes(d: DeviceSummary, view: View): Html {
  const notes: Html[] = [];
  if (d.sharedHints.length > 0) {
    const hints = d.sharedHints.map((h) => t(HINT_LABEL[h], view)).join(view.lang === 'ja' ? '、' : ', ');
    notes.push(html`<span class="badge shared" title="${t(M.sharedHintsExplain, view)}">${t(M.sharedHints, view, { hints })}</span>`);
  }
  if (d.sequenceGaps > 0) notes.push(html`<span class="badge gap">${t(M.sequenceGaps, view, { count: d.sequenceGaps })}</span>`);
  if (d.revokedAt !== null) notes.push(html`<span class="badge revoked" title="${t(M.revokedExplain, view)}">${t(M.revokedBadge, view)}</span>`);
  if (d.keyReplacedAt !== null) notes.push(html`<span class="badge key" title="${t(M.keyReplacedExplain, view)}">${t(M.keyReplaced, view)} ${time(d.keyReplacedAt, view)}</span>`);
  if (d.clockAheadSeconds !== null) notes.push(html`<span class="badge clock" title="${t(M.clockAheadExplain, view)}">${t(M.clockAhead, view, { duration: formatDuration(d.clockAheadSeconds) })}</span>`);
  return html`${notes}`;
}

/** Failing checks in the list: the first few, then how many more (the device's page has them all). */
const SHOWN_CHECKS = 4;
function checkList(d: DeviceSummary, titles: DeviceList['titles'], view: View): Html {
  if (d.failing.length === 0) return html`<span class="muted">—</span>`;
  const more = d.failing.length - SHOWN_CHECKS;
  const named = (id: string) => (titles[id] ? html`<li title="${id}">${t(titles[id], view)}</li>` : html`<li><code>${id}</code></li>`);
  return html`<ul class="checks">${d.failing.slice(0, SHOWN_CHECKS).map(named)}${
    more > 0 ? html`<li class="more"><a href="${deviceHref(d.deviceId)}">${t(M.moreChecks, view, { count: more })}</a></li>` : ''
  }</ul>`;
}

/** The filter a fleet tile or check count set (its words, and a way back to the whole list); nothing otherwise. */
function resultFilter(view: View, list: DeviceListView, titles: DeviceList['titles']): Html {
  const tile = { reporting: M.reporting, 'gone-silent': M.silent, never: M.neverReported } as const;
  const profile = profileLabel(list.profile ?? 'baseline', view);
  const words = list.result
    ? t(M.resultFilter, view, { profile, result: t(list.result === 'none' ? M.noReportOfProfile : DASHBOARD_RESULT_LABEL[list.result], view) })
    : list.check
      ? t(M.checkFilter, view, { profile, check: titles[list.check.id] ? t(titles[list.check.id]!, view) : list.check.id, status: t(STATUS_LABEL[list.check.status], view) })
      : list.filter in tile
        ? t(tile[list.filter as keyof typeof tile], view)
        : null;
  return words ? html`<p class="filter-note">${words} · <a href="/devices">${t(M.clearFilter, view)}</a></p>` : html``;
}

function filters(view: View, list: DeviceListView, titles: DeviceList['titles']): Html {
  const label = { all: M.filterAll, silent: M.filterSilent, failing: M.filterFailing, retired: M.filterRetired } as const;
  return html`${resultFilter(view, list, titles)}<nav class="filters" aria-label="${t(M.status, view)}"><ul>${TAB_FILTERS.map(
    (f) => html`<li><a href="${href('/devices', { filter: f === 'all' ? undefined : f, q: list.search })}"${f === list.filter ? html` aria-current="page"` : ''}>${t(label[f], view)}</a></li>`,
  )}</ul></nav>
<form method="get" action="/devices" class="inline" role="search">
${list.filter === 'all' ? '' : html`<input type="hidden" name="filter" value="${list.filter}">`}
<label for="q">${t(M.search, view)}</label>
<input id="q" name="q" type="search" value="${list.search}" maxlength="255">
<button type="submit">${t(M.searchSubmit, view)}</button>
</form>`;
}

export function renderDevicesPage(result: DeviceList, view: View, list: DeviceListView): Html {
  const rows = result.devices.map(
    (d) => html`<tr class="${d.silent ? 'is-silent' : ''}">
<th scope="row"><a href="${deviceHref(d.deviceId)}">${d.hostname}</a></th>
<td>${statusBadges(d, view)}</td>
<td>${time(d.lastReportAt, view)} ${ago(d.lastReportAt, view)}</td>
<td class="os">${d.osName ?? t(PLATFORM_LABEL[d.platform], view)}</td>
<td class="checks">${checkList(d, result.titles, view)}</td>
<td class="notes">${deviceNotes(d, view)}</td>
</tr>\n`,
  );
  const body = html`${filters(view, list, result.titles)}
${
  result.devices.length === 0
    ? html`<p class="notice">${t(M.noDevicesMatch, view)}</p>`
    : html`<div class="table-scroll"><table class="devices">
<thead><tr><th scope="col">${t(M.hostname, view)}</th><th scope="col">${t(M.status, view)}</th><th scope="col">${t(M.lastReport, view)}</th><th scope="col">${t(M.os, view)}</th><th scope="col">${t(M.failingChecks, view)}</th><th scope="col">${t(M.notes, view)}</th></tr></thead>
<tbody>
${rows}</tbody>
</table></div>`
}
<p><a href="/audit">${t(M.auditLink, view)}</a></p>
${pager(view, { total: result.total, shown: result.devices.length, page: list.page, pageSize: list.pageSize }, (p) => href('/devices', { ...listQuery(list), page: p === 1 ? undefined : p }))}`;
  return page(view, t(M.devicesTitle, view), body);
}
