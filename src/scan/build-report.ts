/**
 * The second half of a scan (scan.ts): the policy judges the evidence, the checks roll up into guideline items,
 * and the report is assembled and validated. A scan loads this module while its probes' commands run: it brings
 * the reasons' texts, the judging and the report schema, none of which a probe needs to start.
 */
import { randomUUID } from 'node:crypto';
import type { ConsoleUserLookup, Host } from '../host/host.ts';
import { AGENT_VERSION } from '../paths.ts';
import { evaluateCheck, rollUpGuidelines } from '../policy/evaluate.ts';
import type { LoadedPolicy } from '../policy/load.ts';
import { osVariant } from '../policy/os-variant.ts';
import type { ResolvedProfile } from '../policy/profile.ts';
import { CHECK_STATUSES, Report, REPORT_SCHEMA_VERSION, type CheckResult, type GuidelineItemResult, type ProbeOutcome } from '../report/schema.ts';
import { PARSE_ONCE } from '../parse-once.ts';
import type { ScanOptions } from './scan.ts';

export interface Observed {
  readonly startedAt: Date;
  readonly outcomes: ProbeOutcome[];
  readonly device: Report['device'];
  readonly consoleUser: ConsoleUserLookup;
}

function jishaSummary(loaded: LoadedPolicy, items: readonly GuidelineItemResult[]): Report['summary']['jishaShindan'] {
  const catalog = [...loaded.catalogs.values()].find((c) => c.scoring === 'jisha-shindan' && loaded.policy.catalogs.includes(c.id));
  if (!catalog) return null;
  const scored = items.filter((i) => i.catalog === catalog.id && i.points !== undefined);
  return {
    catalog: catalog.id,
    edition: catalog.edition,
    itemsObserved: scored.length,
    points: scored.reduce((sum, i) => sum + (i.points ?? 0), 0),
    maxPoints: scored.length * 4,
    note: {
      ja: `この端末から確認できた${scored.length}項目の参考点です（全${catalog.items.length}項目・100点満点の合計ではありません）。残りの項目は管理者が自社診断シートで回答してください。`,
      en: `Indicative points for the ${scored.length} items this device evidences — not a total out of 100 for all ${catalog.items.length} items. The administrator answers the rest on the self-check sheet.`,
    },
  };
}

/** A gate's decision (DESIGN.md: unknown never passes): any failure blocks; otherwise anything undecided leaves it open. */
export function decideGate(loaded: LoadedPolicy, confirm: readonly string[], checks: readonly CheckResult[]): NonNullable<Report['gate']> {
  const blocking = checks.filter((c) => c.status === 'fail').map((c) => c.id);
  const undecided = checks.filter((c) => c.status === 'unknown' || c.status === 'error').map((c) => c.id);
  return {
    decision: blocking.length > 0 ? 'no-go' : undecided.length > 0 ? 'cannot-tell' : 'go',
    blocking,
    undecided,
    confirm: confirm.map((ref) => {
      const [catalogId, item] = ref.split(':') as [string, string];
      return { ref, title: loaded.catalogs.get(catalogId)!.items.find((i) => i.id === item)!.title };
    }),
  };
}

export function summarize(checks: readonly CheckResult[]): Pick<Report['summary'], 'result' | 'counts'> {
  const counts = Object.fromEntries(CHECK_STATUSES.map((s) => [s, checks.filter((c) => c.status === s).length])) as Report['summary']['counts'];
  const result = counts.fail > 0 ? 'failed' : counts.unknown + counts.error > 0 ? 'incomplete' : 'compliant';
  return { result, counts };
}

/** The report of a scan: its checks judged from what the probes observed, rolled up, validated. */
export function buildReport(options: ScanOptions, resolved: ResolvedProfile, observed: Observed, host: Host): Report {
  const { policy: loaded } = options;
  const { startedAt, outcomes, device, consoleUser } = observed;
  const now = host.now();
  const byProbe = new Map(outcomes.map((o) => [o.probe, o]));
  const variant = osVariant(device.os, outcomes);
  const checks = resolved.checks.map((c) => evaluateCheck(c, byProbe.get(c.probe), resolved.params, host.platform, now, variant));
  const guidelines = rollUpGuidelines(loaded, checks);
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    reportId: options.reportId ?? randomUUID(),
    agent: { name: 'tenken', version: AGENT_VERSION },
    device,
    scan: {
      profile: options.profile,
      policy: { id: loaded.policy.id, version: loaded.policy.version, sha256: loaded.sha256, source: loaded.source },
      startedAt: startedAt.toISOString(),
      finishedAt: now.toISOString(),
      admin: host.isAdmin,
      consoleUser: consoleUser.found
        ? { name: consoleUser.user.name, sessionType: consoleUser.user.sessionType, desktop: consoleUser.user.desktop, graphical: consoleUser.user.graphical }
        : null,
      ...(consoleUser.found ? {} : { consoleUserReason: consoleUser.reason }),
      replay: options.replay ?? null,
    },
    probes: outcomes,
    checks,
    guidelines,
    gate: resolved.profile.gate ? decideGate(loaded, resolved.profile.gate.confirm, checks) : null,
    summary: { ...summarize(checks), jishaShindan: jishaSummary(loaded, guidelines) },
  };
  // The report is a boundary: validate it before anyone prints, writes or sends it.
  return Report.parse(report, PARSE_ONCE);
}
