/**
 * GET /audit — what administrators did to devices (retired, deleted), newest first: who, when, what, and the
 * device's name as it was then (a deleted device's page no longer exists); then what was done to the
 * administrators themselves (added, new password, removed).
 */
import { ADMIN_ACTION_LABEL, AUDIT_ACTION_LABEL, DASHBOARD_MESSAGES as M } from '../../i18n/dashboard-messages.ts';
import type { AdminAuditEntry, AuditEntry } from '../read-model.ts';
import { html, type Html } from './html.ts';
import { page, t, time, type View } from './layout.ts';

/** The audit entries as a table (the audit page, and a device's own entries on its page). */
export function auditTable(entries: readonly AuditEntry[], view: View): Html {
  if (entries.length === 0) return html`<p class="muted">${t(M.auditNone, view)}</p>`;
  return html`<table class="audit">
<thead><tr><th scope="col">${t(M.auditWhen, view)}</th><th scope="col">${t(M.auditWho, view)}</th><th scope="col">${t(M.auditWhat, view)}</th><th scope="col">${t(M.hostname, view)}</th><th scope="col">${t(M.deviceId, view)}</th></tr></thead>
<tbody>
${entries.map(
  (e) =>
    html`<tr><td>${time(e.at, view)}</td><td>${e.admin}</td><td>${t(AUDIT_ACTION_LABEL[e.action], view)}</td><td>${e.action === 'delete' ? e.hostname : html`<a href="/devices/${e.deviceId}">${e.hostname}</a>`}</td><td><code>${e.deviceId}</code></td></tr>\n`,
)}</tbody>
</table>`;
}

/** Who added, re-passworded or removed which administrator. */
function adminAuditTable(entries: readonly AdminAuditEntry[], view: View): Html {
  if (entries.length === 0) return html`<p class="muted">${t(M.auditNone, view)}</p>`;
  return html`<table class="audit admin-audit">
<thead><tr><th scope="col">${t(M.auditWhen, view)}</th><th scope="col">${t(M.auditWho, view)}</th><th scope="col">${t(M.auditWhat, view)}</th><th scope="col">${t(M.adminAuditName, view)}</th></tr></thead>
<tbody>
${entries.map((e) => html`<tr><td>${time(e.at, view)}</td><td>${e.by}</td><td>${t(ADMIN_ACTION_LABEL[e.action], view)}</td><td>${e.name}</td></tr>\n`)}</tbody>
</table>`;
}

export function renderAuditPage(devices: readonly AuditEntry[], admins: readonly AdminAuditEntry[], view: View): Html {
  return page(
    view,
    t(M.auditTitle, view),
    html`<h2 id="device-audit">${t(M.deviceAuditHeading, view)}</h2>
${auditTable(devices, view)}
<h2 id="admin-audit">${t(M.adminAuditHeading, view)}</h2>
${adminAuditTable(admins, view)}`,
  );
}
