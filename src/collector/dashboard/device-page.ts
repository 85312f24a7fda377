/**
 * GET /devices/:deviceId — one device: what it is, each check of its newest report (failing first: title,
 * observed against expected, the reason when undecided, the fix for its OS, its IPA items, and what changed
 * since the previous report of the same profile), the telework-return decisions, then every scan newest
 * first, each of which opens the same view (GET /devices/:deviceId/reports/:reportId), and where the
 * sequence numbers say reports were lost on the way.
 */
import { formatDuration } from '../../duration.ts';
import { STATUS_LABEL } from '../../i18n/messages.ts';
import { DASHBOARD_GATE_LABEL, DASHBOARD_MESSAGES as M, DASHBOARD_RESULT_LABEL, KEY_HOW_LABEL, PLATFORM_LABEL } from '../../i18n/dashboard-messages.ts';
import { CHECK_STATUSES, type CheckStatus } from '../../report/vocabulary.ts';
import type { Catalog } from '../../policy/schema.ts';
import type { AuditEntry, DeviceHistory, ReportListing } from '../read-model.ts';
import { auditTable } from './audit-page.ts';
import { byStatus, checkTitle, type ShownReport } from '../report-view.ts';
import { FLEET_CATALOGS } from '../report-facts.ts';
import { checkView, itemLink, itemStatusBadge, profileLabel } from './check-view.ts';
import { deviceHref, deviceNotes, statusBadges } from './devices-page.ts';
import { html, type Html } from './html.ts';
import { ago, page, t, time, timeText, type View } from './layout.ts';

export const reportHref = (deviceId: string, reportId: string) => `${deviceHref(deviceId)}/reports/${encodeURIComponent(reportId)}`;

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
    : html`<ul class="gates">${decided.map((r) => html`<li>${time(r.finishedAt, view)} ${gateBadge(r, view)} <span class="muted">${profileLabel(r.profile, view)}</span></li>`)}</ul>`
}
</section>`;
}

function reportsTable(deviceId: string, reports: readonly ReportListing[], complete: boolean, shown: string | null, view: View): Html {
  if (reports.length === 0) return html`<p class="notice">${t(M.noReports, view)}</p>`;
  const rows = reports.map((r, i) => {
    const older = reports.slice(i + 1);
    const gap = gapBelow(r, older[0]);
    // The first of its profile: no older report of it, and the list is not cut short by the page's limit.
    const first = complete && !older.some((o) => o.profile === r.profile);
    const current = r.reportId === shown;
    return html`<tr${current ? html` class="current" aria-current="true"` : ''}>
<td>${current ? time(r.finishedAt, view) : html`<a href="${reportHref(deviceId, r.reportId)}" title="${t(M.openReport, view)}">${time(r.finishedAt, view)}</a>`}</td>
<td>${time(r.receivedAt, view)}</td>
<td>${profileLabel(r.profile, view)}</td>
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

/** The checks of the report shown: failing first, each with what changed since the previous report of its profile. */
function reportChecks(history: DeviceHistory, shown: DevicePageReport, view: View, catalogs: ReadonlyMap<string, Catalog>): Html {
  const listing = history.reports.find((r) => r.reportId === shown.reportId);
  // Older: a newer report of the same profile exists (the newest of another profile is not "older").
  const profile = shown.report?.scan.profile ?? listing?.profile;
  const newestOfProfile = history.reports.find((r) => r.profile === profile);
  const newest = newestOfProfile === undefined || newestOfProfile.reportId === shown.reportId;
  const heading = html`<h2 id="checks-heading">${t(M.reportChecks, view)}</h2>
<p class="meta">${
    shown.report ? html`${t(M.reportOf, view, { profile: profileLabel(shown.report.scan.profile, view) })}: ${time(shown.report.scan.finishedAt, view)}` : ''
  }${
    shown.report ? html` · ${t(M.policyOf, view)}: <code>${shown.report.scan.policy.id} v${shown.report.scan.policy.version}</code>` : ''
  }</p>
${newest ? '' : html`<p class="notice">${t(M.olderReport, view)} <a href="${reportHref(history.device.deviceId, newestOfProfile!.reportId)}">${t(M.backToNewest, view)}</a></p>`}`;
  if (!shown.report) return html`<section aria-labelledby="checks-heading">${heading}<p class="notice">${t(M.reportUnreadable, view)}</p></section>`;
  const report = shown.report;
  const changes = new Map((listing?.changes ?? []).map((c) => [c.check, c]));
  const checks = [...report.checks].sort(byStatus);
  // What needs doing is open; what passed or does not apply is one click away.
  const open = checks.filter((c) => c.status === 'fail' || c.status === 'unknown' || c.status === 'error');
  const rest = checks.filter((c) => !open.includes(c));
  const one = (c: (typeof checks)[number]) => checkView(c, checkTitle(report, c.id), view, { catalogs, profile: report.scan.profile, change: changes.get(c.id), items: true });
  // The items this report evidences (manual ones are the organisation's to answer, not the device's).
  const items = report.guidelines.filter((g) => (FLEET_CATALOGS as readonly string[]).includes(g.catalog) && g.status !== 'manual');
  return html`<section aria-labelledby="checks-heading">
${heading}
${
  items.length
    ? html`<details class="items-of-report"${items.some((g) => g.status === 'fail' || g.status === 'partial') ? html` open` : ''}><summary>${t(M.itemsOfReport, view)}</summary>
<table class="item-statuses"><tbody>${items.map(
        (g) => html`<tr data-ref="${g.ref}"><th scope="row">${itemLink(g.ref, report.scan.profile, catalogs, view)}</th><td>${itemStatusBadge(g.status, view)}</td><td>${t(g.title, view)}</td></tr>`,
      )}</tbody></table></details>`
    : ''
}
<ul class="check-list">${open.map(one)}</ul>
${rest.length ? html`<details class="passed"><summary>${t(M.passedChecks, view, { count: rest.length })}</summary><ul class="check-list">${rest.map(one)}</ul></details>` : ''}
</section>`;
}

/** The report the device page shows: its id, and its content (null when it cannot be read). */
export interface DevicePageReport {
  readonly reportId: string;
  readonly report: ShownReport | null;
}

/** Retire and delete, each a POST form that needs its confirmation ticked (the route checks it again). */
function lifecycle(history: DeviceHistory, audit: readonly AuditEntry[], view: View): Html {
  const d = history.device;
  const id = encodeURIComponent(d.deviceId);
  const form = (action: 'retire' | 'delete' | 'revoke', explain: string, confirm: string, button: string) =>
    html`<form method="post" action="/devices/${id}/${action}" class="lifecycle lifecycle-${action}">
<p>${explain}</p>
<label><input type="checkbox" name="confirm" value="yes" required> ${confirm}</label>
<button type="submit">${button}</button>
</form>`;
  return html`<section aria-labelledby="lifecycle-heading">
<h2 id="lifecycle-heading">${t(M.lifecycleHeading, view)}</h2>
${d.retiredAt ? html`<p class="notice">${t(M.retiredNote, view, { time: timeText(d.retiredAt, view) })}</p>` : form('retire', t(M.retireExplain, view), t(M.retireConfirm, view, { host: d.hostname }), t(M.retireButton, view))}
${d.revokedAt ? '' : form('revoke', t(M.revokeExplain, view), t(M.revokeConfirm, view, { host: d.hostname }), t(M.revokeButton, view))}
${form('delete', t(M.deleteExplain, view), t(M.deleteConfirm, view, { host: d.hostname }), t(M.deleteButton, view))}
${audit.length ? auditTable(audit, view) : ''}
</section>`;
}

/**
 * `complete`: the store returned every report of the device (fewer than the limit asked for). `shown`: the
 * report whose checks are listed (the newest unless one was opened from the history); null: none yet.
 */
export function renderDevicePage(
  history: DeviceHistory,
  view: View,
  options: { readonly complete: boolean; readonly shown: DevicePageReport | null; readonly catalogs: ReadonlyMap<string, Catalog>; readonly audit?: readonly AuditEntry[] | undefined },
): Html {
  const body = html`${facts(history, view)}
${options.shown ? reportChecks(history, options.shown, view, options.catalogs) : ''}
${gates(history.reports, view)}
<section aria-labelledby="reports-heading">
<h2 id="reports-heading">${t(M.reportsHeading, view)}</h2>
${reportsTable(history.device.deviceId, history.reports, options.complete, options.shown?.reportId ?? null, view)}
</section>
${keys(history, view)}
${options.audit ? lifecycle(history, options.audit, view) : ''}`;
  // The hostname is the page's title: untrusted, escaped by `page` like every other string.
  return page(view, `${history.device.hostname} — ${t(M.deviceTitle, view)}`, body);
}
