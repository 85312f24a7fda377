/**
 * GET /devices/:deviceId — one device: what it is, then every scan newest first with what changed since the
 * previous scan of the same profile, the telework-return decisions, and where the sequence numbers say
 * reports were lost on the way.
 */
import { formatDuration } from '../../duration.ts';
import { STATUS_LABEL } from '../../i18n/messages.ts';
import { DASHBOARD_GATE_LABEL, DASHBOARD_MESSAGES as M, DASHBOARD_RESULT_LABEL, KEY_HOW_LABEL, PLATFORM_LABEL } from '../../i18n/dashboard-messages.ts';
import { CHECK_STATUSES, type CheckStatus } from '../../report/vocabulary.ts';
import type { DeviceHistory, ReportListing } from '../read-model.ts';
import { deviceNotes, statusBadges } from './devices-page.ts';
import { html, type Html } from './html.ts';
import { ago, page, t, time, type View } from './layout.ts';

/** Reports missing between a report and the next older one, by their sequence numbers (both newest first). */
export function gapBelow(newer: ReportListing, older: ReportListing | undefined): { from: number; to: number } | null {
  if (!older || newer.sequence === null || older.sequence === null) return null;
  return newer.sequence - older.sequence > 1 ? { from: older.sequence + 1, to: newer.sequence - 1 } : null;
}

const status = (s: CheckStatus | null, view: View): Html =>
  s === null ? html`<span class="muted">${t(M.absent, view)}</span>` : html`<span class="status status-${s}">${t(STATUS_LABEL[s], view)}</span>`;

function changes(r: ReportListing, isFirstOfProfile: boolean, view: View): Html {
  if (isFirstOfProfile) return html`<span class="muted">${t(M.firstOfProfile, view)}</span>`;
  if (r.changes.length === 0) return html`<span class="muted">${t(M.noChanges, view)}</span>`;
  return html`<ul class="changes">${r.changes.map((c) => html`<li><code>${c.check}</code>: ${status(c.from, view)} → ${status(c.to, view)}</li>`)}</ul>`;
}

const counts = (r: ReportListing, view: View): Html =>
  html`<ul class="counts">${CHECK_STATUSES.filter((s) => (r.counts[s] ?? 0) > 0).map((s) => html`<li class="status-${s}">${t(STATUS_LABEL[s], view)} ${r.counts[s] ?? 0}</li>`)}</ul>`;

const gateBadge = (r: ReportListing, view: View): Html => (r.gate ? html`<span class="badge gate-${r.gate}">${t(DASHBOARD_GATE_LABEL[r.gate], view)}</span>` : html``);

const ids = (list: readonly string[]): Html => (list.length ? html`<ul class="checks">${list.map((id) => html`<li><code>${id}</code></li>`)}</ul>` : html`—`);

function facts(history: DeviceHistory, view: View): Html {
  const d = history.device;
  const row = (label: string, value: Html | string, wide = false) => html`<div${wide ? html` class="wide"` : ''}><dt>${label}</dt><dd>${value}</dd></div>`;
  return html`<dl class="facts">
${row(t(M.status, view), html`${statusBadges(d, view)} ${deviceNotes(d, view)}`)}
${row(t(M.os, view), d.osName ?? '—')}
${row(t(M.platform, view), t(PLATFORM_LABEL[d.platform], view))}
${row(t(M.agentVersion, view), d.agentVersion)}
${row(t(M.enrolledAt, view), time(d.enrolledAt, view))}
${row(t(M.lastReport, view), html`${time(d.lastReportAt, view)} ${ago(d.lastReportAt, view)}`)}
${row(t(M.lastScan, view), time(d.lastScanAt, view))}
${row(t(M.schedule, view), d.intervalSeconds === null ? t(M.notScheduled, view) : formatDuration(d.intervalSeconds))}
${row(t(M.failingChecks, view), ids(d.failing), d.failing.length > 0)}
${row(t(M.undecidedChecks, view), ids(d.undecided), d.undecided.length > 0)}
${row(t(M.deviceId, view), html`<code>${d.deviceId}</code>`)}
</dl>`;
}

function gates(reports: readonly ReportListing[], view: View): Html {
  const decided = reports.filter((r) => r.gate !== null);
  return html`<section aria-labelledby="gates-heading">
<h2 id="gates-heading">${t(M.gatesHeading, view)}</h2>
${
  decided.length === 0
    ? html`<p class="muted">${t(M.noGates, view)}</p>`
    : html`<ul class="gates">${decided.map((r) => html`<li>${time(r.finishedAt, view)} ${gateBadge(r, view)} <span class="muted">${r.profile}</span></li>`)}</ul>`
}
</section>`;
}

function reportsTable(reports: readonly ReportListing[], complete: boolean, view: View): Html {
  if (reports.length === 0) return html`<p class="notice">${t(M.noReports, view)}</p>`;
  const rows = reports.map((r, i) => {
    const older = reports.slice(i + 1);
    const gap = gapBelow(r, older[0]);
    // The first of its profile: no older report of it, and the list is not cut short by the page's limit.
    const first = complete && !older.some((o) => o.profile === r.profile);
    return html`<tr>
<td>${time(r.finishedAt, view)}</td>
<td>${time(r.receivedAt, view)}</td>
<td>${r.profile}</td>
<td><span class="badge result-${r.result}">${t(DASHBOARD_RESULT_LABEL[r.result], view)}</span> ${gateBadge(r, view)}</td>
<td>${counts(r, view)}</td>
<td>${changes(r, first, view)}</td>
<td class="num">${r.sequence ?? '—'}</td>
</tr>
${gap ? html`<tr class="gap-row"><td colspan="7">${t(M.gapBefore, view, { count: gap.to - gap.from + 1, range: gap.from === gap.to ? gap.from : `${gap.from}${view.lang === 'ja' ? '〜' : '–'}${gap.to}` })}</td></tr>\n` : ''}`;
  });
  return html`<table class="history">
<thead><tr><th scope="col">${t(M.scanned, view)}</th><th scope="col">${t(M.received, view)}</th><th scope="col">${t(M.profileSelect, view)}</th><th scope="col">${t(M.result, view)}</th><th scope="col">${t(M.counts, view)}</th><th scope="col">${t(M.changes, view)}</th><th scope="col" class="num">${t(M.sequence, view)}</th></tr></thead>
<tbody>
${rows}</tbody>
</table>`;
}

/** Every key the device has had: a replaced key nobody expected is the sign of a takeover. */
function keys(history: DeviceHistory, view: View): Html {
  if (history.keys.length === 0) return html``;
  return html`<section aria-labelledby="keys-heading">
<h2 id="keys-heading">${t(M.keysHeading, view)}</h2>
<table class="keys">
<thead><tr><th scope="col">${t(M.keyRegistered, view)}</th><th scope="col">${t(M.keyHow, view)}</th><th scope="col">${t(M.keyIdLabel, view)}</th></tr></thead>
<tbody>
${history.keys.map((k) => html`<tr><td>${time(k.registeredAt, view)}</td><td>${t(KEY_HOW_LABEL[k.how], view)}</td><td><code>${k.keyId}</code></td></tr>
`)}</tbody>
</table>
</section>`;
}

/** `complete`: the store returned every report of the device (fewer than the limit asked for). */
export function renderDevicePage(history: DeviceHistory, view: View, options: { readonly complete: boolean }): Html {
  const body = html`${facts(history, view)}
${gates(history.reports, view)}
<section aria-labelledby="reports-heading">
<h2 id="reports-heading">${t(M.reportsHeading, view)}</h2>
${reportsTable(history.reports, options.complete, view)}
</section>
${keys(history, view)}`;
  // The hostname is the page's title: untrusted, escaped by `page` like every other string.
  return page(view, `${history.device.hostname} — ${t(M.deviceTitle, view)}`, body);
}
