/** The runner: every way a probe can end becomes a named outcome, and a scan always finishes. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Host } from '../src/host/host.ts';
import { createLiveHost } from '../src/host/live-host.ts';
import { Recording } from '../src/host/recording.ts';
import { createReplayHost } from '../src/host/replay-host.ts';
import { silentLogger } from '../src/log.ts';
import { defineProbe, evidenceSchema } from '../src/probe.ts';
import { UNIT_FILES } from '../probes/antivirus/linux.ts';
import { POWERSHELL_TIMEOUT_MS } from '../src/powershell.ts';
import { probeBudgetMs, runProbe, runProbes } from '../src/scan/run-probes.ts';

const Evidence = evidenceSchema({ n: z.number() });
const probe = (collect: () => Promise<unknown>, extra: { timeoutMs?: number; needsAdmin?: ('linux' | 'win32' | 'darwin')[] } = {}) =>
  defineProbe({ id: 'p', version: '1.0.0', title: { ja: 'p', en: 'p' }, evidence: Evidence, collect: { linux: collect as () => Promise<z.input<typeof Evidence>> }, ...extra });
const host = (platform: 'linux' | 'win32' = 'linux', isAdmin = false) =>
  createReplayHost(Recording.parse({ tenkenRecording: 1, source: 'test', platform, isAdmin, recordedAt: '2026-11-20T09:00:00.000Z', sections: {} }));

describe('runProbe', () => {
  it('returns validated evidence', async () => {
    expect(await runProbe(probe(async () => ({ n: 1, unknown: {} })), host(), silentLogger)).toMatchObject({ status: 'ok', evidence: { n: 1, unknown: {} } });
  });

  it('reports a platform without a collector as unsupported', async () => {
    expect(await runProbe(probe(async () => ({})), host('win32'), silentLogger)).toMatchObject({ status: 'unsupported', reason: 'no win32 collector' });
  });

  it('skips a probe that needs admin rights it does not have', async () => {
    const p = probe(async () => ({ n: 1, unknown: {} }), { needsAdmin: ['linux'] });
    expect(await runProbe(p, host('linux', false), silentLogger)).toMatchObject({ status: 'skipped', reason: 'needs-admin' });
    expect(await runProbe(p, host('linux', true), silentLogger)).toMatchObject({ status: 'ok' });
  });

  it('turns a crash into an error outcome', async () => {
    expect(await runProbe(probe(async () => { throw new Error('boom'); }), host(), silentLogger)).toMatchObject({ status: 'error', message: 'boom', timedOut: false });
  });

  it('turns evidence that breaks its schema into an error naming the field', async () => {
    const r = await runProbe(probe(async () => ({ n: 'one', unknown: {} })), host(), silentLogger);
    expect(r).toMatchObject({ status: 'error', timedOut: false });
    expect(r.status === 'error' && r.message).toContain('evidence does not match the p schema: n:');
  });

  it('ends a collector that never returns at its budget', async () => {
    const r = await runProbe(probe(() => new Promise(() => {}), { timeoutMs: 50 }), host(), silentLogger);
    expect(r).toMatchObject({ status: 'error', timedOut: true, message: 'timed out after 50 ms' });
  });

  it('cancels a hanging command when the budget runs out', async () => {
    const live = await createLiveHost();
    const hanging = defineProbe({
      id: 'hang',
      version: '1.0.0',
      title: { ja: 'h', en: 'h' },
      evidence: Evidence,
      timeoutMs: 100,
      collect: { [live.platform]: async (ctx: { run: (f: string, a: string[]) => Promise<unknown> }) => (await ctx.run('sleep', ['30']), { n: 1, unknown: {} }) },
    } as never);
    expect(await runProbe(hanging, live, silentLogger)).toMatchObject({ status: 'error', timedOut: true });
  });
});

describe('probeBudgetMs', () => {
  it('gives a Windows probe room for two powershell.exe runs in series, and leaves other platforms as declared', () => {
    expect(probeBudgetMs({ timeoutMs: 15_000 }, 'win32')).toBeGreaterThan(2 * POWERSHELL_TIMEOUT_MS);
    expect(probeBudgetMs({}, 'win32')).toBeGreaterThan(2 * POWERSHELL_TIMEOUT_MS);
    expect(probeBudgetMs({ timeoutMs: 75_000 }, 'win32')).toBe(75_000);
    expect(probeBudgetMs({ timeoutMs: 15_000 }, 'linux')).toBe(15_000);
    expect(probeBudgetMs({}, 'darwin')).toBe(15_000);
  });
});

describe('runProbes', () => {
  it('runs probes concurrently: one waits for what another provides', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const waits = { ...probe(async () => (await released, { n: 1, unknown: {} }), { timeoutMs: 2000 }), id: 'waits' };
    const frees = { ...probe(async () => (release(), { n: 2, unknown: {} })), id: 'frees' };
    const outcomes = await runProbes([waits, frees], host(), silentLogger);
    expect(outcomes.map((o) => [o.probe, o.status])).toEqual([
      ['waits', 'ok'],
      ['frees', 'ok'],
    ]);
  });
});

describe('the order commands start in', () => {
  it('asks for the longest chains first: os-updates, then antivirus, before identity and the rest', async () => {
    const { scan } = await import('../src/scan/scan.ts');
    const { probes } = await import('../probes/index.ts');
    const { BUNDLED_POLICY, loadPolicy } = await import('../src/policy/load.ts');
    const { compliantLaptop } = await import('./support/machines.ts');
    const runs: string[] = [];
    const logged = (h: Host): Host => ({ ...h, run: (file, args, options) => (runs.push([file, ...args].join(' ')), h.run(file, args, options)), section: (name) => logged(h.section(name)) });
    const replay = createReplayHost(await compliantLaptop());
    const report = await scan({ host: logged(replay), probes, policy: await loadPolicy(BUNDLED_POLICY, probes), profile: 'baseline', log: silentLogger });
    expect(runs.slice(0, 2)).toEqual(['apt list --upgradable', `systemctl list-unit-files --type=service --no-legend --no-pager ${UNIT_FILES.join(' ')}`]);
    expect(runs.indexOf('uname -m')).toBeGreaterThan(1);
    // The outcomes keep the registry's order whatever order the probes started in.
    expect(report.probes.map((p) => p.probe)).toEqual(probes.map((p) => p.id));
    expect(replay.unused()).toEqual([]);
  });
});
