/**
 * GET /telework — テレワーク復帰チェック across the fleet: how many devices' newest telework-return decision
 * is 接続可 / 接続不可 / 判断できない (and how many have none), each count a link to its devices, then the
 * devices with the time of the decision and the checks that block it (titles from each device's own report).
 */
import { DASHBOARD_GATE_LABEL, DASHBOARD_MESSAGES as M } from '../../i18n/dashboard-messages.ts';
import type { GateDecisions } from '../read-model.ts';
import { checkTitle, type ShownReport } from '../report-view.ts';
import { reportHref } from './device-page.ts';
import { href, html, type Html } from './html.ts';
import { page, pager, t, time, type View } from './layout.ts';

export const GATE_PROFILE = 'telework-return';
const DECISIONS = ['no-go', 'cannot-tell', 'go'] as const;
export type Decision = (typeof DECISIONS)[number];

export interface TeleworkPageInput {
  readonly gates: GateDecisions;
  readonly enrolled: number;
  readonly decision: Decision | undefined;
  readonly page: number;
  readonly pageSize: number;
  /** Reports of the listed devices with something blocking or undecided (their check titles). */
  readonly reports: ReadonlyMap<string, ShownReport | null>;
}

function titled(ids: readonly string[], report: ShownReport | null | undefined, view: View): Html {
  if (ids.length === 0) return html`<span class="muted">—</span>`;
  return html`<ul class="checks">${ids.map((id) => html`<li>${report ? t(checkTitle(report, id), view) : html`<code>${id}</code>`}</li>`)}</ul>`;
}

export function renderTeleworkPage(input: TeleworkPageInput, view: View): Html {
  const { gates } = input;
  const tile = (label: string, value: number, link: string | null, cls: string) =>
    html`<div class="stat ${cls}"><dt>${label}</dt><dd>${link ? html`<a href="${link}">${value}</a>` : value}</dd></div>`;
  const undecided = input.enrolled - gates.total;
  const rows = gates.devices.map((d) => {
    const report = d.reportId ? input.reports.get(d.reportId) : undefined;
    return html`<tr>
<th scope="row">${d.reportId ? html`<a href="${reportHref(d.deviceId, d.reportId)}">${d.hostname}</a>` : d.hostname}</th>
<td><span class="badge gate-${d.decision}">${t(DASHBOARD_GATE_LABEL[d.decision], view)}</span></td>
<td>${time(d.finishedAt, view)}</td>
<td>${titled(d.blocking, report, view)}</td>
<td>${titled(d.undecided, report, view)}</td>
</tr>\n`;
  });
  const body = html`<p>${t(M.teleworkIntro, view)}</p>
<dl class="stats">
${DECISIONS.map((d) => tile(t(DASHBOARD_GATE_LABEL[d], view), gates.counts[d] ?? 0, href('/telework', { decision: d }), `gate-${d}`))}
${tile(t(M.noDecision, view), undecided, href('/devices', { result: 'none', profile: GATE_PROFILE }), 'gate-none')}
</dl>
${input.decision ? html`<p class="filter-note">${t(DASHBOARD_GATE_LABEL[input.decision], view)} · <a href="/telework">${t(M.clearFilter, view)}</a></p>` : ''}
${
  gates.devices.length === 0
    ? html`<p class="notice">${t(M.noTeleworkYet, view)}</p>`
    : html`<table class="gates">
<thead><tr><th scope="col">${t(M.hostname, view)}</th><th scope="col">${t(M.gate, view)}</th><th scope="col">${t(M.decidedAt, view)}</th><th scope="col">${t(M.blockingChecks, view)}</th><th scope="col">${t(M.undecidedChecks, view)}</th></tr></thead>
<tbody>
${rows}</tbody>
</table>`
}
${pager(view, { total: gates.total, shown: gates.devices.length, page: input.page, pageSize: input.pageSize }, (p) => href('/telework', { decision: input.decision, page: p === 1 ? undefined : p }))}`;
  return page(view, t(M.teleworkTitle, view), body);
}
