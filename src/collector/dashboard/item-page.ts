/**
 * GET /items/:ref (e.g. /items/ipa-jisha-shindan:13) — one IPA item across the fleet: its text, the checks
 * that evidence it (main or supplementary measure), how many devices are in each state (the fleet page's
 * numbers, each a link), and the devices in the chosen state. For a device that does not implement the item
 * (or partly, or cannot tell) the checks of the item that are the reason: their title from that device's
 * report's policy, observed against expected, and the fix for that device's OS from its own check result.
 * The state is the one each device's report gave (README "How checks roll up into IPA items").
 */
import { DASHBOARD_MESSAGES as M, PLATFORM_LABEL } from '../../i18n/dashboard-messages.ts';
import type { CatalogItem } from '../../policy/schema.ts';
import type { Catalog } from '../../policy/schema.ts';
import type { CountedDeviceList, FleetSummary, ItemState } from '../read-model.ts';
import { byStatus, checkTitle, type ShownReport } from '../report-view.ts';
import { checkView, itemHref, itemLabel, itemStatusBadge, profileLabel } from './check-view.ts';
import { reportHref } from './device-page.ts';
import { COUNT_KINDS } from './fleet-page.ts';
import { href, html, type Html } from './html.ts';
import { page, pager, t, time, type View } from './layout.ts';

/** The check statuses that explain each state that needs explaining. */
const EXPLAINED: Partial<Record<ItemState, readonly string[]>> = {
  fails: ['fail'],
  partly: ['fail'],
  cannotTell: ['unknown', 'error'],
};

export interface ItemPageInput {
  readonly ref: string;
  readonly catalog: Catalog;
  readonly item: CatalogItem;
  readonly counts: FleetSummary['items'][number]['devices'];
  readonly profile: string;
  readonly state: ItemState;
  readonly list: CountedDeviceList;
  readonly page: number;
  readonly pageSize: number;
  /** The reports of the listed devices that needed opening (report id → report; null: not readable). */
  readonly reports: ReadonlyMap<string, ShownReport | null>;
  /** A report that has the item, for the checks that evidence it; null: no device reported it. */
  readonly evidence: ShownReport | null;
  readonly catalogs: ReadonlyMap<string, Catalog>;
}

function roleWord(role: string, view: View): string {
  return t(role === 'main' ? M.roleMain : M.roleSupplementary, view);
}

function evidenceSection(input: ItemPageInput, view: View): Html {
  const guideline = input.evidence?.guidelines.find((g) => g.ref === input.ref);
  const checks = guideline?.checks ?? [];
  return html`<section aria-labelledby="evidence-heading">
<h2 id="evidence-heading">${t(M.itemChecks, view)}</h2>
${
  checks.length === 0
    ? html`<p class="muted">${t(M.itemChecksNone, view)}</p>`
    : html`<ul class="evidence">${checks.map((c) => html`<li><span class="role role-${c.role}">${roleWord(c.role, view)}</span> ${t(checkTitle(input.evidence!, c.id), view)} <code>${c.id}</code></li>`)}</ul>`
}
</section>`;
}

function stateNav(input: ItemPageInput, view: View): Html {
  return html`<nav class="filters states" aria-label="${t(M.itemStates, view)}"><ul>${COUNT_KINDS.map(
    (k) =>
      html`<li><a class="state-${k.kind}" href="${itemHref(input.ref, { profile: input.profile, state: k.key })}"${k.key === input.state ? html` aria-current="page"` : ''}>${t(k.label, view)} <strong>${input.counts[k.key]}</strong></a></li>`,
  )}</ul></nav>`;
}

function deviceEntry(input: ItemPageInput, d: CountedDeviceList['devices'][number], view: View): Html {
  const report = d.reportId ? input.reports.get(d.reportId) : undefined;
  const guideline = report?.guidelines.find((g) => g.ref === input.ref);
  const explained = EXPLAINED[input.state];
  const roles = new Map((guideline?.checks ?? []).map((c) => [c.id, c.role]));
  const reasons = report && explained ? report.checks.filter((c) => roles.has(c.id) && explained.includes(c.status)).sort(byStatus) : [];
  const name = d.reportId ? html`<a href="${reportHref(d.deviceId, d.reportId)}">${d.hostname}</a>` : html`<a href="/devices/${d.deviceId}">${d.hostname}</a>`;
  return html`<li class="device-entry">
<h3>${name} ${guideline ? itemStatusBadge(guideline.status, view) : ''}</h3>
<p class="meta">${d.osName ?? t(PLATFORM_LABEL[d.platform], view)} · ${time(d.finishedAt, view)}</p>
${
  report === null
    ? html`<p class="notice">${t(M.reportUnreadable, view)}</p>`
    : reasons.length
      ? html`<ul class="check-list">${reasons.map((c) => checkView(c, checkTitle(report!, c.id), view, { catalogs: input.catalogs, profile: input.profile, role: roleWord(roles.get(c.id)!, view) }))}</ul>`
      : ''
}
</li>`;
}

export function renderItemPage(input: ItemPageInput, view: View): Html {
  const stateLabel = COUNT_KINDS.find((k) => k.key === input.state)!.label;
  const edition = view.lang === 'ja' ? `（${input.catalog.edition}）` : ` (${input.catalog.edition})`;
  const body = html`<p class="meta">${t(input.catalog.title, view)}${edition} · ${t(M.profileSelect, view)}: ${profileLabel(input.profile, view)}</p>
<p class="question">${t(input.item.title, view)}</p>
${input.item.advice ? html`<p><strong>${t(M.itemAdvice, view)}:</strong> ${t(input.item.advice, view)}</p>` : ''}
<p class="muted">${t(M.rollupWords, view)}</p>
${evidenceSection(input, view)}
<section aria-labelledby="state-heading">
<h2 id="state-heading">${t(M.devicesInState, view, { state: t(stateLabel, view) })}</h2>
${stateNav(input, view)}
${
  input.list.devices.length === 0
    ? html`<p class="muted">${t(M.itemDevicesNone, view)}</p>`
    : html`<ul class="devices-in-state">${input.list.devices.map((d) => deviceEntry(input, d, view))}</ul>`
}
${pager(view, { total: input.list.total, shown: input.list.devices.length, page: input.page, pageSize: input.pageSize }, (p) =>
  href(`/items/${input.ref}`, { profile: input.profile === 'baseline' ? undefined : input.profile, state: input.state, page: p === 1 ? undefined : p }),
)}
</section>`;
  return page(view, itemLabel(input.ref, input.catalogs, view), body);
}
