/**
 * Every probe × every fixture, replayed strictly: an unrecorded call fails the probe, an unused recorded
 * answer fails the test, and the outcome must equal the reviewed golden `<fixture>.outcome.json`
 * (written by `npx vitest run test/probes.test.ts -u`, reviewed in the diff; under CI a missing golden fails).
 */
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { probes } from '../probes/index.ts';
import { loadRecording } from '../src/host/recording.ts';
import { createReplayHost } from '../src/host/replay-host.ts';
import { silentLogger } from '../src/log.ts';
import { platformsOf } from '../src/probe.ts';
import { runProbe } from '../src/scan/run-probes.ts';

const PROBES_DIR = join(import.meta.dirname, '..', 'probes');

async function fixturesOf(id: string): Promise<string[]> {
  const files = await readdir(join(PROBES_DIR, id, 'fixtures')).catch(() => []);
  return files.filter((f) => f.endsWith('.yaml')).sort();
}

const cases = await Promise.all(probes.map(async (p) => [p.id, p, await fixturesOf(p.id)] as const));

describe.for(cases)('%s', ([id, probe, fixtures]) => {
  it('has a fixture for every platform it supports', async () => {
    const recorded = new Set<string>();
    for (const f of fixtures) recorded.add((await loadRecording(join(PROBES_DIR, id, 'fixtures', f))).platform);
    expect([...recorded].sort()).toEqual(platformsOf(probe).sort());
  });

  it.for(fixtures)('replays %s', async (file, { expect }) => {
    const recording = await loadRecording(join(PROBES_DIR, id, 'fixtures', file));
    expect(Object.keys(recording.sections).filter((s) => s !== id && s !== 'console-user'), 'sections other than the probe and console-user').toEqual([]);
    const host = createReplayHost(recording, id);
    const { durationMs: _duration, ...outcome } = await runProbe(probe, host, silentLogger);
    expect(host.unused(), 'recorded answers the probe did not ask for').toEqual([]);
    await expect(`${JSON.stringify(outcome, null, 2)}\n`).toMatchFileSnapshot(join(PROBES_DIR, id, 'fixtures', `${basename(file, '.yaml')}.outcome.json`));
  });
});
