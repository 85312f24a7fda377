/**
 * Whole scans of recorded machines → the report and the human summaries, compared with reviewed goldens in
 * test/golden/ (report id fixed, durations zeroed). Every report must validate against the generated
 * schema/report.schema.json with an independent JSON Schema validator, not only against its zod source.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { probes } from '../probes/index.ts';
import { loadRecording, type Recording } from '../src/host/recording.ts';
import { createReplayHost } from '../src/host/replay-host.ts';
import { silentLogger } from '../src/log.ts';
import { BUNDLED_POLICY, loadPolicy, type LoadedPolicy } from '../src/policy/load.ts';
import { renderText } from '../src/report/render-text.ts';
import type { Report } from '../src/report/schema.ts';
import { exitCodeForResult } from '../src/exit-codes.ts';
import { scan } from '../src/scan/scan.ts';
import { compliantLaptop, macbookAir, neglectedLaptop, windowsProJa } from './support/machines.ts';

const GOLDEN = join(import.meta.dirname, 'golden');
const REPORT_ID = '00000000-0000-4000-8000-000000000000';

const machines: [string, () => Promise<Recording>, Report['summary']['result']][] = [
  ['linux-compliant-laptop', compliantLaptop, 'compliant'],
  ['linux-neglected-laptop', neglectedLaptop, 'failed'],
  ['linux-debian12-ci', () => loadRecording(join(import.meta.dirname, 'recordings', 'linux-debian12-ci.yaml')), 'failed'],
  ['win32-11-pro-ja', windowsProJa, 'failed'],
  ['darwin-15-apple-silicon', macbookAir, 'compliant'],
];

let policy: LoadedPolicy;
let validate: ReturnType<Ajv2020['compile']>;
beforeAll(async () => {
  policy = await loadPolicy(BUNDLED_POLICY, probes, { source: 'bundled:baseline.yaml' });
  const schema = JSON.parse(await readFile(join(import.meta.dirname, '..', 'schema', 'report.schema.json'), 'utf8')) as object;
  validate = new Ajv2020({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
});

async function scanOf(recording: Recording, profile = 'baseline'): Promise<Report> {
  const host = createReplayHost(recording);
  const report = await scan({ host, probes, policy, profile, log: silentLogger, reportId: REPORT_ID, replay: { source: recording.source, recordedAt: recording.recordedAt } });
  // A whole machine answers the baseline exactly; a narrower profile leaves some probes' answers unasked.
  if (profile === 'baseline') expect(host.unused(), 'answers in the recording the scan did not use').toEqual([]);
  return { ...report, probes: report.probes.map((p) => ({ ...p, durationMs: 0 })) };
}

describe.for(machines)('%s', ([name, machine, result]) => {
  it('produces the reviewed report, valid against schema/report.schema.json', async () => {
    const report = await scanOf(await machine());
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.summary.result).toBe(result);
    await expect(`${JSON.stringify(report, null, 2)}\n`).toMatchFileSnapshot(join(GOLDEN, `report-${name}.json`));
  });

  it.for(['ja', 'en'] as const)('renders the reviewed %s summary', async (lang) => {
    const report = await scanOf(await machine());
    const text = renderText(report, { lang, color: false, policy, exitCode: exitCodeForResult(report.summary.result), timeZone: 'Asia/Tokyo' });
    await expect(text).toMatchFileSnapshot(join(GOLDEN, `summary-${name}.${lang}.txt`));
  });
});

// The telework-return gate as a person reads it: the decision first, then the steps, then the details.
describe.for(machines)('%s at the telework-return gate', ([name, machine]) => {
  it.for(['ja', 'en'] as const)('renders the reviewed %s decision', async (lang) => {
    const report = await scanOf(await machine(), 'telework-return');
    const text = renderText(report, { lang, color: false, policy, exitCode: exitCodeForResult(report.summary.result), timeZone: 'Asia/Tokyo' });
    await expect(text).toMatchFileSnapshot(join(GOLDEN, `gate-${name}.${lang}.txt`));
  });
});

describe('report contents', () => {
  it('never claims a self-check total out of 100, only the observed items', async () => {
    const report = await scanOf(await compliantLaptop());
    const jisha = report.summary.jishaShindan!;
    expect(jisha.maxPoints).toBe(jisha.itemsObserved * 4);
    expect(jisha.maxPoints).toBeLessThan(100);
    expect(report.guidelines.filter((g) => g.catalog === 'ipa-jisha-shindan' && g.status === 'manual').length).toBeGreaterThan(0);
  });

  it('rolls a 自社診断 item up to 一部実施 (2 points) when one check passes and another fails', async () => {
    const report = await scanOf(await loadRecording(join(import.meta.dirname, 'recordings', 'linux-debian12-ci.yaml')));
    const item1 = report.guidelines.find((g) => g.ref === 'ipa-jisha-shindan:1')!;
    const statuses = new Set(report.checks.filter((c) => item1.checks.includes(c.id)).map((c) => c.status));
    expect(statuses.has('pass') && statuses.has('fail')).toBe(true);
    expect(item1).toMatchObject({ status: 'partial', suggestedAnswer: 'partly_implemented', points: 2 });
  });

  it('shows hostile strings from a device as inert text in the summary', async () => {
    const report = await scanOf(await neglectedLaptop());
    const text = renderText(report, { lang: 'en', color: false, policy, exitCode: 1 });
    expect(text).not.toContain('\u001b');
    expect(text).toContain('old-laptop<script>alert(1)</script>\\x1b[31m');
  });

  it('applies the telework-return profile thresholds', async () => {
    const report = await scanOf(await compliantLaptop(), 'telework-return');
    const recent = report.checks.find((c) => c.id === 'os-updates.recently-updated')!;
    expect(recent.expectations[0]).toMatchObject({ op: 'max-age', expected: 'P7D', met: true });
    expect(report.scan.profile).toBe('telework-return');
  });
});

describe('Windows identity', () => {
  it('names Windows 11 by its build, since ProductName still says Windows 10', async () => {
    const { windowsName } = await import('../src/scan/identity.ts');
    expect(windowsName('Windows 10 Pro', 26100)).toBe('Windows 11 Pro');
    expect(windowsName('Windows 10 Enterprise LTSC 2021', 19044)).toBe('Windows 10 Enterprise LTSC 2021');
  });
});

describe('a Linux full scan on record', () => {
  it('lets the telework-return gate count a whole-disk ClamAV scan that tenken fix recorded', async () => {
    const { runProbe } = await import('../src/scan/run-probes.ts');
    const { evaluateCheck, resolveProfile } = await import('../src/policy/evaluate.ts');
    const antivirus = probes.find((p) => p.id === 'antivirus')!;
    const verdict = async (fixture: string) => {
      const recording = await loadRecording(join(import.meta.dirname, '..', 'probes', 'antivirus', 'fixtures', `${fixture}.yaml`));
      const outcome = await runProbe(antivirus, createReplayHost(recording, 'antivirus'), silentLogger);
      const { checks, params } = resolveProfile(policy.policy, 'telework-return')!;
      return evaluateCheck(checks.find((c) => c.id === 'antivirus.full-scan-recent')!, outcome, params, 'linux', new Date(recording.recordedAt));
    };
    expect((await verdict('linux-clamav-full-scan-recorded')).status).toBe('pass');
    expect(await verdict('linux-clamav-home-scan-only')).toMatchObject({ status: 'unknown', reason: expect.stringContaining('not the whole disk') });
    expect(await verdict('linux-clamav-active-fresh')).toMatchObject({ status: 'unknown', reasonCode: 'unknown-fact' });
  });
});
