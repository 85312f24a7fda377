/**
 * Every sentence a person reads exists in Japanese (issue 11): a Japanese rendering of any recorded machine,
 * of any reason a probe gives on any recorded fixture, of the delivery and network failures and of the
 * message catalogues holds no English sentence outside quoted OS output (test/support/english-in-japanese.ts
 * says what counts). On the main branch before reason codes this failed on "the console user could not be
 * found: loginctl …" and "could not establish the kernel ruleset (…)".
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVIDENCE_JA } from '../probes/evidence-ja.ts';
import { probes } from '../probes/index.ts';
import { exitCodeForResult } from '../src/exit-codes.ts';
import { loadRecording } from '../src/host/recording.ts';
import { createReplayHost } from '../src/host/replay-host.ts';
import { DELIVERY_REASONS } from '../src/i18n/delivery-reasons.ts';
import { MESSAGES } from '../src/i18n/messages.ts';
import { renderReason } from '../src/i18n/reasons.ts';
import { type ReasonJson } from '../src/i18n/reason.ts';
import { silentLogger } from '../src/log.ts';
import { BUNDLED_POLICY, loadPolicy } from '../src/policy/load.ts';
import { renderText } from '../src/report/render-text.ts';
import { runProbe } from '../src/scan/run-probes.ts';
import { describeNetworkError } from '../src/transport/send.ts';
import { englishRuns } from './support/english-in-japanese.ts';
import { machineReport, MACHINES, type MachineName } from './support/reports.ts';

/** Every Japanese text of a catalogue, however deep ({ ja, en } leaves). */
function japaneseOf(value: unknown, key = ''): [string, string][] {
  if (typeof value !== 'object' || value === null) return [];
  const { ja } = value as { ja?: unknown };
  if (typeof ja === 'string') return [[key, ja]];
  return Object.entries(value).flatMap(([k, v]) => japaneseOf(v, key ? `${key}.${k}` : k));
}

const policy = await loadPolicy(BUNDLED_POLICY, probes, { source: 'bundled:baseline.yaml' });

describe('the detector', () => {
  it('finds an English sentence and lets quoted OS output, commands and identifiers be', () => {
    expect(englishRuns('理由: the console user could not be found')).toEqual(['the console user could not be found']);
    expect(englishRuns('理由: loginctl が失敗しました: 「System has not been booted with systemd」')).toEqual([]);
    expect(englishRuns('対処方法: sudo apt install clamav を実行してください')).toEqual([]);
    expect(englishRuns('Microsoft Defender for Endpoint の状態を読み取れません（org.gnome.desktop.session idle-delay）')).toEqual([]);
  });
});

describe.for(Object.keys(MACHINES) as MachineName[])('the Japanese summary of %s', (machine) => {
  it.for(['baseline', 'telework-return'])('%s holds no English sentence', async (profile) => {
    const report = await machineReport(machine, profile);
    const text = renderText(report, { lang: 'ja', color: false, policy, exitCode: exitCodeForResult(report.summary.result), timeZone: 'Asia/Tokyo' });
    // The replay line names the recording as its author wrote it: data, not tenken's words.
    const read = text.split('\n').filter((l) => !l.startsWith(`${MESSAGES.replayOf.ja}:`)).join('\n');
    expect(englishRuns(read)).toEqual([]);
  });
});

const PROBES_DIR = join(import.meta.dirname, '..', 'probes');
const fixtures = (
  await Promise.all(
    probes.map(async (p) => ((await readdir(join(PROBES_DIR, p.id, 'fixtures')).catch(() => [])) as string[]).filter((f) => f.endsWith('.yaml')).map((f) => [p.id, f] as const)),
  )
).flat();

describe('reasons of every probe fixture, in Japanese', () => {
  it.for(fixtures)('%s %s', async ([id, file]) => {
    const probe = probes.find((p) => p.id === id)!;
    const outcome = await runProbe(probe, createReplayHost(await loadRecording(join(PROBES_DIR, id, 'fixtures', file)), id), silentLogger);
    const reasons = outcome.status === 'ok' ? Object.entries((outcome.evidence.unknown ?? {}) as Record<string, ReasonJson>) : [];
    const english = reasons.flatMap(([path, r]) => englishRuns(renderReason(r, 'ja')).map((run) => `${path}: ${run}`));
    expect(english).toEqual([]);
  });
});

describe('delivery and network failures, in Japanese', () => {
  const url = new URL('https://collector.example:8443/v1/reports');
  const codes = ['ENOTFOUND', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_SSL_WRONG_VERSION_NUMBER', 'EPROTO'];
  it.for(codes)('%s', (code) => {
    const reason = describeNetworkError(Object.assign(new Error('fetch failed'), { cause: Object.assign(new Error(`${code} happened`), { code }) }), url, 30_000);
    expect(englishRuns(renderReason(reason, 'ja'))).toEqual([]);
  });
  it('every delivery reason', () => {
    const sample = { host: 'collector.example', code: 'ECONNRESET', seconds: 30, status: 503, origin: 'https://collector.example' };
    for (const code of Object.keys(DELIVERY_REASONS)) expect(englishRuns(renderReason({ code, params: sample }, 'ja')), code).toEqual([]);
  });
});

// Every module under src/i18n, every message it exports: a catalogue added later is checked without being listed here.
const catalogues = await Promise.all(
  (await readdir(join(import.meta.dirname, '..', 'src', 'i18n'))).filter((f) => f.endsWith('.ts')).map(async (f) => [f, (await import(`../src/i18n/${f}`)) as Record<string, unknown>] as const),
);

describe('the message catalogues, in Japanese', () => {
  it('finds the catalogues the CLI, the report, the dashboard and the collector speak from', () => {
    const names = catalogues.flatMap(([, m]) => Object.keys(m).filter((k) => japaneseOf(m[k]).length > 0));
    for (const known of ['MESSAGES', 'FIX_MESSAGES', 'DASHBOARD_MESSAGES', 'COLLECTOR_SAID', 'SCAN_HELP', 'ARGUMENT_ERRORS', 'SAFETY_MESSAGES']) expect(names).toContain(known);
  });
  it.for(catalogues.map(([file]) => file))('%s', (file) => {
    const module = catalogues.find(([f]) => f === file)![1];
    const english = Object.entries(module).flatMap(([name, value]) => japaneseOf(value, name).flatMap(([key, ja]) => englishRuns(ja).map((run) => `${key}: ${run}`)));
    expect(english).toEqual([]);
  });
});

describe('the evidence fields `tenken probes` describes, in Japanese', () => {
  it.for(Object.keys(EVIDENCE_JA))('%s', (id) => {
    const english = Object.entries(EVIDENCE_JA[id]!).flatMap(([path, ja]) => englishRuns(ja).map((run) => `${path}: ${run}`));
    expect(english).toEqual([]);
  });
});
