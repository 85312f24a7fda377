/** Judging facts: the operator table, undecided facts, applicability, and the IPA roll-up. */
import { describe, expect, it } from 'vitest';
import { combine, durationMs, evaluateCheck, evaluateExpectation, itemStatus, rollUpGuidelines } from '../src/policy/evaluate.ts';
import type { OsVariant } from '../src/policy/os-variant.ts';
import type { LoadedPolicy } from '../src/policy/load.ts';
import type { Catalog, Check, Expectation } from '../src/policy/schema.ts';
import type { CheckResult, ExpectationResult, ProbeOutcome } from '../src/report/schema.ts';
import { because } from '../src/probe.ts';

const NOW = new Date('2026-11-20T09:00:00.000Z');
const met = (e: Expectation, evidence: Record<string, unknown>, params = new Map<string, string | number | boolean>()) =>
  evaluateExpectation(e, { unknown: {}, ...evidence }, params, NOW).met;

describe('operators', () => {
  it.for([
    [{ path: 'a', op: 'eq', value: true }, { a: true }, true],
    [{ path: 'a', op: 'eq', value: true }, { a: false }, false],
    [{ path: 'a', op: 'ne', value: 'off' }, { a: 'on' }, true],
    [{ path: 'a', op: 'in', value: ['wpa2', 'wpa3'] }, { a: 'wpa' }, false],
    [{ path: 'a', op: 'not-in', value: ['wep'] }, { a: 'wpa3' }, true],
    [{ path: 'a', op: 'lte', value: 900 }, { a: 900 }, true],
    [{ path: 'a', op: 'lt', value: 900 }, { a: 900 }, false],
    [{ path: 'a', op: 'gte', value: 1 }, { a: 0 }, false],
    [{ path: 'a', op: 'gt', value: 0 }, { a: 2 }, true],
    [{ path: 'a.b', op: 'max-age', value: 'P7D' }, { a: { b: '2026-11-13T09:00:00.000Z' } }, true],
    [{ path: 'a.b', op: 'max-age', value: 'P7D' }, { a: { b: '2026-11-13T08:59:59.000Z' } }, false],
    [{ path: 'a', op: 'max-age', value: 'PT24H' }, { a: '2026-11-19T10:00:00.000Z' }, true],
    [{ path: 'a', op: 'not-expired' }, { a: '2026-11-20' }, true],
    [{ path: 'a', op: 'not-expired' }, { a: '2026-11-19' }, false],
    [{ path: 'a', op: 'empty' }, { a: [] }, true],
    [{ path: 'a', op: 'not-empty' }, { a: [] }, false],
  ] as [Expectation, Record<string, unknown>, boolean][])('%o on %o → %s', ([e, evidence, want]) => {
    expect(met(e, evidence)).toBe(want);
  });

  it('reads a threshold from a parameter', () => {
    expect(met({ path: 'a', op: 'lte', value: { param: 'max' } }, { a: 600 }, new Map([['max', 300]]))).toBe(false);
  });

  it('leaves an expectation undecided when its fact is null, with the probe reason of the nearest path', () => {
    const why = because('clamav.not-installed');
    const r = evaluateExpectation({ path: 'clamav.databaseBuiltAt', op: 'max-age', value: 'P7D' }, { clamav: null, unknown: { clamav: why } }, new Map(), NOW);
    expect(r).toMatchObject({ met: null, observed: null, why, reason: 'ClamAV is not installed (neither clamscan nor clamd was found)' });
  });

  it('converts ISO durations', () => {
    expect(durationMs('P1W')).toBe(7 * 86_400_000);
    expect(durationMs('P1DT2H30M5S')).toBe(86_400_000 + 2 * 3_600_000 + 30 * 60_000 + 5000);
  });
});

describe('combining expectations', () => {
  const r = (...mets: (boolean | null)[]) => mets.map((m) => ({ met: m }) as ExpectationResult);
  it.for([
    ['all', [true, true], 'pass'],
    ['all', [true, false], 'fail'],
    ['all', [null, false], 'fail'],
    ['all', [true, null], 'unknown'],
    ['any', [false, true], 'pass'],
    ['any', [false, null], 'unknown'],
    ['any', [false, false], 'fail'],
  ] as const)('%s of %o → %s', ([mode, mets, want]) => {
    expect(combine(mode, r(...mets))).toBe(want);
  });
});

describe('checks', () => {
  const check: Check = {
    id: 'screen-lock.idle',
    title: { ja: '画面ロック', en: 'Screen lock' },
    severity: 'high',
    probe: 'screen-lock',
    applicableWhen: [{ path: 'graphicalSession', op: 'eq', value: true }],
    expect: { all: [{ path: 'lockAfterSeconds', op: 'lte', value: 900 }] },
    remediation: { linux: { ja: '設定', en: 'Settings' } },
    supports: { main: [], supplementary: [] },
  };
  const ok = (evidence: Record<string, unknown>): ProbeOutcome => ({ probe: 'screen-lock', version: '1.0.0', status: 'ok', durationMs: 1, evidence: { unknown: {}, ...evidence } });
  const run = (outcome: ProbeOutcome | undefined, platform: 'linux' | 'win32' = 'linux') => evaluateCheck(check, outcome, new Map(), platform, NOW);

  it('passes, fails, and gives the remediation of this platform', () => {
    expect(run(ok({ graphicalSession: true, lockAfterSeconds: 300 })).status).toBe('pass');
    expect(run(ok({ graphicalSession: true, lockAfterSeconds: 1200 }))).toMatchObject({ status: 'fail', remediation: { en: 'Settings' } });
    expect(run(ok({ graphicalSession: true, lockAfterSeconds: 1200 }), 'win32').remediation).toBeNull();
  });

  it('is not applicable when its condition is false, unknown when the condition cannot be read', () => {
    expect(run(ok({ graphicalSession: false, lockAfterSeconds: null }))).toMatchObject({ status: 'not_applicable', reasonCode: 'not-applicable' });
    const why = because('console-user.none');
    expect(run(ok({ graphicalSession: null, lockAfterSeconds: null, unknown: { graphicalSession: why } }))).toMatchObject({ status: 'unknown', why, reason: 'no user is logged in at the console' });
  });

  it('never passes when the probe did not deliver', () => {
    expect(run({ probe: 'screen-lock', version: '1', status: 'unsupported', reason: 'no win32 collector', durationMs: 0 }, 'win32')).toMatchObject({ status: 'unknown', reasonCode: 'unsupported-platform' });
    expect(run({ probe: 'screen-lock', version: '1', status: 'skipped', reason: 'needs-admin', durationMs: 0 })).toMatchObject({ status: 'unknown', reasonCode: 'needs-admin' });
    expect(run({ probe: 'screen-lock', version: '1', status: 'error', message: 'timed out after 15000 ms', timedOut: true, durationMs: 15000 })).toMatchObject({
      status: 'error',
      reason: 'probe screen-lock timed out: "timed out after 15000 ms"',
    });
    expect(run(undefined).status).toBe('error');
  });

  it("gives the remediation of the device's Linux family or Windows version where the policy has one, else the OS's", () => {
    const variants: Check = {
      ...check,
      remediation: { linux: { ja: '一般', en: 'generic' }, 'linux-debian': { ja: 'apt', en: 'apt' }, win32: { ja: 'Windows', en: 'Windows' }, 'win32-11': { ja: '11', en: '11' } },
    };
    const failing = ok({ graphicalSession: true, lockAfterSeconds: 1200 });
    const fix = (platform: 'linux' | 'win32', variant: OsVariant | null) => evaluateCheck(variants, failing, new Map(), platform, NOW, variant).remediation?.en;
    expect([fix('linux', 'linux-debian'), fix('linux', 'linux-rhel'), fix('linux', null), fix('win32', 'win32-11'), fix('win32', 'win32-10')]).toEqual(['apt', 'generic', 'generic', '11', 'Windows']);
  });

  it('does not apply on platforms the check excludes', () => {
    expect(evaluateCheck({ ...check, platforms: ['darwin'] }, ok({}), new Map(), 'linux', NOW)).toMatchObject({ status: 'not_applicable', reasonCode: 'platform' });
  });
});

describe('IPA roll-up', () => {
  const catalog: Catalog = {
    tenkenCatalog: 1,
    id: 'ipa-jisha-shindan',
    title: { ja: '自社診断', en: 'Self-check' },
    short: { ja: '自社診断', en: 'Self-check' },
    edition: '2019',
    publisher: 'IPA',
    source: 'test',
    scoring: 'jisha-shindan',
    items: ['1', '2', '3', '4', '5', '6'].map((id) => ({ id, title: { ja: id, en: id }, observable: 'auto' as const })),
  };
  type Role = keyof Check['supports'];
  /** Check id → [item, role]: the policy's side of the roll-up. */
  const roles: Record<string, [string, Role]> = {
    a: ['1', 'main'],
    b: ['2', 'main'],
    c: ['2', 'supplementary'],
    d: ['3', 'main'],
    e: ['3', 'supplementary'],
    f: ['4', 'main'],
    g: ['4', 'supplementary'],
    h: ['5', 'main'],
    i: ['5', 'supplementary'],
  };
  const policyCheck = (id: string): Check => {
    const [item, role] = roles[id]!;
    return { id, supports: { main: [], supplementary: [], [role]: [`ipa-jisha-shindan:${item}`] } } as unknown as Check;
  };
  const loaded = { policy: { catalogs: ['ipa-jisha-shindan'], checks: Object.keys(roles).map(policyCheck) }, catalogs: new Map([[catalog.id, catalog]]) } as unknown as LoadedPolicy;
  const c = (id: string, status: CheckResult['status']): CheckResult => ({
    id,
    title: { ja: id, en: id },
    severity: 'high',
    probe: 'p',
    status,
    expectations: [],
    remediation: null,
    supports: [`ipa-jisha-shindan:${roles[id]![0]}`],
  });

  it('suggests 実施している 4 / 一部実施 2 / 実施していない 0 / わからない −1 from the roles, and leaves items no check observes manual', () => {
    const items = rollUpGuidelines(loaded, [c('a', 'pass'), c('b', 'pass'), c('c', 'fail'), c('d', 'fail'), c('e', 'pass'), c('f', 'unknown'), c('g', 'pass'), c('h', 'not_applicable'), c('i', 'fail')]);
    expect(items.map((i) => [i.item, i.status, i.suggestedAnswer, i.points])).toEqual([
      ['1', 'pass', 'implemented', 4],
      ['2', 'partial', 'partly_implemented', 2],
      ['3', 'fail', 'not_implemented', 0],
      ['4', 'unknown', 'unknown', -1],
      ['5', 'not_applicable', undefined, undefined],
      ['6', 'manual', undefined, undefined],
    ]);
    expect(items[1]!.checks).toEqual([
      { id: 'b', role: 'main' },
      { id: 'c', role: 'supplementary' },
    ]);
  });

  const m = (status: CheckResult['status']) => ({ role: 'main' as const, status });
  const s = (status: CheckResult['status']) => ({ role: 'supplementary' as const, status });
  it.each([
    ['a main measure passes, a supplementary one fails', [m('pass'), s('fail')], 'partial'],
    ['a main measure fails, a supplementary one passes: not partly', [m('fail'), s('pass')], 'fail'],
    ['a main measure fails while another is unknown', [m('fail'), m('unknown'), s('pass')], 'fail'],
    ['a main measure errored', [m('pass'), m('error')], 'unknown'],
    ['a main measure unknown, a supplementary one fails', [m('unknown'), s('fail')], 'unknown'],
    ['main measures pass, a supplementary one unknown: fully or partly, tenken cannot tell', [m('pass'), s('unknown')], 'unknown'],
    ['main measures pass, one supplementary fails and another is unknown', [m('pass'), s('fail'), s('unknown')], 'partial'],
    ['a supplementary measure that does not apply is left out', [m('pass'), s('not_applicable')], 'pass'],
    ['no main measure applies: the item is not applicable, whatever the supplementary ones say', [m('not_applicable'), s('fail')], 'not_applicable'],
    ['only supplementary measures in the profile: the person judges', [s('pass')], 'manual'],
    ['no check at all', [], 'manual'],
  ] as const)('%s → %s', (_, checks, want) => {
    expect(itemStatus(checks)).toBe(want);
  });
});
