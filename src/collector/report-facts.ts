/**
 * What the store keeps of a verified report besides its envelope: the few facts the device row, the history
 * and the fleet counts need. Extracted where the report is parsed (in a verify worker), so the thread that
 * talks to the database handles a few kilobytes, not the whole report.
 */
import type { CheckStatus, Report } from '../report/schema.ts';
import type { ReasonJson } from '../i18n/reason.ts';

/** The catalogs the fleet summary counts, in this order (issue 6: each 自社診断 item and each 5か条). */
export const FLEET_CATALOGS = ['ipa-jisha-shindan', 'ipa-5kajo'] as const;

/** [check id, status, reason] of each check. */
/** [id, status, English reason, reason code] per check; the code is left out when the check has none. */
export type CheckFacts = ([string, CheckStatus, string | null] | [string, CheckStatus, string | null, ReasonJson])[];
/** guideline ref → [status, suggested answer] for the fleet catalogs' items. */
export type ItemFacts = Record<string, [string, string | null]>;

export interface ReportFacts {
  reportId: string;
  /** report.delivery.deviceId; null when the report has no delivery section. */
  deliveryDeviceId: string | null;
  sequence: number | null;
  intervalSeconds: number | null;
  /** scan.finishedAt, epoch milliseconds. */
  finishedAt: number;
  profile: string;
  /** scan.policy.sha256: the policy whose check titles the report's checks have. */
  policySha256: string;
  result: Report['summary']['result'];
  gate: NonNullable<Report['gate']>['decision'] | null;
  counts: Report['summary']['counts'];
  hostname: string;
  osName: string;
  agentVersion: string;
  checks: CheckFacts;
  items: ItemFacts;
  /** [id, ja, en] per check, in report order. */
  titles: [string, string, string][];
}

export function osName(os: Report['device']['os']): string {
  return `${os.name} ${os.version}`.trim() + (os.build ? ` (${os.build})` : '');
}

export function reportFacts(r: Report): ReportFacts {
  const items: ItemFacts = {};
  for (const g of r.guidelines) if ((FLEET_CATALOGS as readonly string[]).includes(g.catalog)) items[g.ref] = [g.status, g.suggestedAnswer ?? null];
  return {
    reportId: r.reportId,
    deliveryDeviceId: r.delivery?.deviceId ?? null,
    sequence: r.delivery?.sequence ?? null,
    intervalSeconds: r.delivery?.intervalSeconds ?? null,
    finishedAt: Date.parse(r.scan.finishedAt),
    profile: r.scan.profile,
    policySha256: r.scan.policy.sha256,
    result: r.summary.result,
    gate: r.gate?.decision ?? null,
    counts: r.summary.counts,
    hostname: r.device.hostname,
    osName: osName(r.device.os),
    agentVersion: r.agent.version,
    checks: r.checks.map((c) => (c.why ? [c.id, c.status, c.reason ?? null, c.why] : [c.id, c.status, c.reason ?? null])),
    items,
    titles: r.checks.map((c) => [c.id, c.title.ja, c.title.en]),
  };
}
