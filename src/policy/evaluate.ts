/**
 * Judging: evidence + policy → check results → guideline items. The only place where facts meet
 * thresholds. Unknown never passes: a fact that is null makes its expectation undecided, and an
 * undecided expectation can only lead to `unknown`.
 */
import type { Platform } from '../host/host.ts';
import type { CheckResult, CheckStatus, ExpectationResult, GuidelineItemResult, ProbeOutcome } from '../report/schema.ts';
import { JISHA_POINTS, SUPPORT_ROLES, type JishaAnswer, type SupportRole } from '../report/vocabulary.ts';
import { renderReason } from '../i18n/reasons.ts';
import { because, type ReasonJson } from '../i18n/reason.ts';
import type { LoadedPolicy } from './load.ts';
import { remediationFor, type OsVariant } from './os-variant.ts';
import type { ParamValues } from './profile.ts';
import type { Check, Expectation } from './schema.ts';

const UNIT_MS = { W: 7 * 86_400_000, D: 86_400_000, H: 3_600_000, M: 60_000, S: 1000 } as const;
/** Milliseconds of an ISO 8601 duration of the form the policy schema admits (P1W2DT3H4M5S). */
export function durationMs(iso: string): number {
  const [date = '', time = ''] = iso.slice(1).split('T');
  let ms = 0;
  for (const [part, units] of [[date, 'WD'], [time, 'HMS']] as const) {
    for (const m of part.matchAll(/(\d+)([A-Z])/g)) {
      if (units.includes(m[2]!)) ms += Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
    }
  }
  return ms;
}

function valueAt(evidence: Record<string, unknown>, path: string): unknown {
  let v: unknown = evidence;
  for (const key of path.split('.')) {
    if (v === null || v === undefined || typeof v !== 'object') return null;
    v = (v as Record<string, unknown>)[key];
  }
  return v ?? null;
}

/** The probe's reason for a null fact: its own path, else the nearest ancestor's. */
function unknownReason(evidence: Record<string, unknown>, path: string): ReasonJson {
  const reasons = (evidence.unknown ?? {}) as Record<string, ReasonJson>;
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const r = reasons[parts.slice(0, n).join('.')];
    if (r) return r;
  }
  return because('fact.unknown');
}

/** A reason as results carry it: the code for readers, and its English text for logs and machines. */
const withReason = (why: ReasonJson) => ({ reason: renderReason(why, 'en'), why });

function expected(e: Expectation, params: ParamValues): unknown {
  if (!('value' in e)) return null;
  const v = e.value;
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (params.get(v.param) ?? null) : v;
}

function decide(op: Expectation['op'], observed: unknown, want: unknown, now: Date): boolean {
  switch (op) {
    case 'eq':
      return observed === want;
    case 'ne':
      return observed !== want;
    case 'in':
      return (want as unknown[]).includes(observed);
    case 'not-in':
      return !(want as unknown[]).includes(observed);
    case 'lt':
      return (observed as number) < (want as number);
    case 'lte':
      return (observed as number) <= (want as number);
    case 'gt':
      return (observed as number) > (want as number);
    case 'gte':
      return (observed as number) >= (want as number);
    case 'max-age':
      return now.getTime() - Date.parse(observed as string) <= durationMs(want as string);
    case 'not-expired': {
      // A bare date (support ends 2028-06-30) lasts until the end of that day.
      const s = observed as string;
      const end = /^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(`${s}T23:59:59.999Z`) : Date.parse(s);
      return end >= now.getTime();
    }
    case 'empty':
      return Array.isArray(observed) && observed.length === 0;
    case 'not-empty':
      return Array.isArray(observed) && observed.length > 0;
  }
}

export function evaluateExpectation(e: Expectation, evidence: Record<string, unknown>, params: ParamValues, now: Date): ExpectationResult {
  const observed = valueAt(evidence, e.path);
  const want = expected(e, params);
  const base = { path: e.path, label: e.label ?? null, op: e.op, expected: want, observed };
  if (observed === null) return { ...base, met: null, ...withReason(unknownReason(evidence, e.path)) };
  return { ...base, met: decide(e.op, observed, want, now) };
}

/** all: any false → fail, else any undecided → unknown, else pass. any: any true → pass, else undecided → unknown, else fail. */
export function combine(mode: 'all' | 'any', results: readonly ExpectationResult[]): 'pass' | 'fail' | 'unknown' {
  const mets = results.map((r) => r.met);
  if (mode === 'all') return mets.includes(false) ? 'fail' : mets.includes(null) ? 'unknown' : 'pass';
  return mets.includes(true) ? 'pass' : mets.includes(null) ? 'unknown' : 'fail';
}

/** `variant`: the device's Linux family or Windows version (os-variant.ts), which picks its own remediation text. */
export function evaluateCheck(check: Check, outcome: ProbeOutcome | undefined, params: ParamValues, platform: Platform, now: Date, variant: OsVariant | null = null): CheckResult {
  const base = {
    id: check.id,
    title: check.title,
    severity: check.severity,
    probe: check.probe,
    remediation: remediationFor(check.remediation, platform, variant),
    supports: SUPPORT_ROLES.flatMap((role) => check.supports[role]),
  };
  const result = (status: CheckStatus, expectations: ExpectationResult[], why?: ReasonJson, reasonCode?: CheckResult['reasonCode']): CheckResult => ({
    ...base,
    status,
    ...(why ? withReason(why) : {}),
    ...(reasonCode ? { reasonCode } : {}),
    expectations,
  });
  if (check.platforms && !check.platforms.includes(platform)) return result('not_applicable', [], because('check.other-platforms', { platforms: check.platforms }), 'platform');
  if (!outcome) return result('error', [], because('check.probe-missing', { probe: check.probe }), 'probe-error');
  switch (outcome.status) {
    case 'unsupported':
      return result('unknown', [], because('check.unsupported-platform', { probe: check.probe, platform }), 'unsupported-platform');
    case 'skipped':
      return result('unknown', [], because('check.needs-admin', { probe: check.probe }), 'needs-admin');
    case 'error':
      return result('error', [], because(outcome.timedOut ? 'check.probe-timed-out' : 'check.probe-failed', { probe: check.probe }, outcome.message), 'probe-error');
  }
  const evidence = outcome.evidence;
  const gates = (check.applicableWhen ?? []).map((e) => evaluateExpectation(e, evidence, params, now));
  const gate = combine('all', gates);
  if (gate === 'fail') {
    const failed = gates.find((g) => g.met === false)!;
    return result('not_applicable', gates, because('check.not-applicable', { path: failed.path, value: JSON.stringify(failed.observed) }), 'not-applicable');
  }
  if (gate === 'unknown') return result('unknown', gates, gates.find((g) => g.met === null)!.why, 'unknown-fact');
  const [mode, list] = 'all' in check.expect ? (['all', check.expect.all] as const) : (['any', check.expect.any] as const);
  const expectations = list.map((e) => evaluateExpectation(e, evidence, params, now));
  const status = combine(mode, expectations);
  return status === 'unknown' ? result(status, expectations, expectations.find((x) => x.met === null)!.why, 'unknown-fact') : result(status, expectations);
}


/**
 * An item's status from its checks and their roles (DESIGN.md "Rolling checks up into IPA items", README
 * "How checks roll up into IPA items"). Checks that do not apply to this device are left out first. Then: no
 * main measure in the profile → manual (the person judges); none applicable → not_applicable; a main measure
 * fails → fail; one unknown or errored → unknown; a supplementary one fails → partial; one unknown or errored
 * → unknown (fully or partly, tenken cannot tell); else pass.
 */
export function itemStatus(checks: readonly { readonly role: SupportRole; readonly status: CheckStatus }[]): GuidelineItemResult['status'] {
  const main = checks.filter((c) => c.role === 'main');
  if (main.length === 0) return 'manual';
  const statuses = (role: SupportRole) => new Set(checks.filter((c) => c.role === role && c.status !== 'not_applicable').map((c) => c.status));
  const mains = statuses('main');
  const supplementaries = statuses('supplementary');
  const undecided = (s: ReadonlySet<CheckStatus>) => s.has('unknown') || s.has('error');
  if (mains.size === 0) return 'not_applicable';
  if (mains.has('fail')) return 'fail';
  if (undecided(mains)) return 'unknown';
  if (supplementaries.has('fail')) return 'partial';
  if (undecided(supplementaries)) return 'unknown';
  return 'pass';
}

const JISHA_ANSWER_OF = { pass: 'implemented', partial: 'partly_implemented', fail: 'not_implemented', unknown: 'unknown' } as const satisfies Partial<Record<GuidelineItemResult['status'], JishaAnswer>>;

/** Every item of the policy's catalogs, rolled up once; 自社診断 items also get the suggested answer and its points. */
export function rollUpGuidelines(loaded: LoadedPolicy, checks: readonly CheckResult[]): GuidelineItemResult[] {
  const roleOf = new Map(loaded.policy.checks.map((c) => [c.id, c.supports]));
  const out: GuidelineItemResult[] = [];
  for (const catalogId of loaded.policy.catalogs) {
    const catalog = loaded.catalogs.get(catalogId)!;
    for (const item of catalog.items) {
      const ref = `${catalog.id}:${item.id}`;
      const mine = checks.flatMap((c) => {
        const supports = roleOf.get(c.id);
        const role = SUPPORT_ROLES.find((r) => supports?.[r].includes(ref));
        return role ? [{ id: c.id, role, status: c.status }] : [];
      });
      const status = itemStatus(mine);
      const answer = catalog.scoring === 'jisha-shindan' && status in JISHA_ANSWER_OF ? JISHA_ANSWER_OF[status as keyof typeof JISHA_ANSWER_OF] : undefined;
      out.push({
        ref,
        catalog: catalog.id,
        edition: catalog.edition,
        item: item.id,
        title: item.title,
        status,
        checks: mine.map(({ id, role }) => ({ id, role })),
        ...(answer ? { suggestedAnswer: answer, points: JISHA_POINTS[answer] } : {}),
      });
    }
  }
  return out;
}
