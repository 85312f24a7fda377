/**
 * Ordering without timing: a replay of one probe's fixture that holds back the answer of one slow command
 * (apt list, systemctl list-unit-files, ufw status) and tells what the probe asked of the host meanwhile. A replay
 * answers without I/O, so one macrotask lets every request that does not wait for the held answer happen.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Host } from '../../src/host/host.ts';
import { loadRecording } from '../../src/host/recording.ts';
import { createReplayHost } from '../../src/host/replay-host.ts';
import { silentLogger } from '../../src/log.ts';
import type { Probe } from '../../src/probe.ts';
import { runProbe } from '../../src/scan/run-probes.ts';

const PROBES_DIR = join(import.meta.dirname, '..', '..', 'probes');

/** `asked`: every run ("apt list --upgradable"), read ("read /etc/os-release") and stat in order; `meanwhile`: those before the held answer. */
export async function askedWhileHeld(probe: Probe, fixture: string, held: string): Promise<{ meanwhile: string[]; asked: string[] }> {
  const replay = createReplayHost(await loadRecording(join(PROBES_DIR, probe.id, 'fixtures', fixture)), probe.id);
  const asked: string[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const host: Host = {
    ...replay,
    section: () => host,
    async run(file, args, options) {
      const command = [file, ...args].join(' ');
      asked.push(command);
      const answer = await replay.run(file, args, options);
      if (command === held) await released;
      return answer;
    },
    readFile: (path, options) => (asked.push(`read ${path}`), replay.readFile(path, options)),
    stat: (path) => (asked.push(`stat ${path}`), replay.stat(path)),
  };
  const outcome = runProbe(probe, host, silentLogger);
  await new Promise((resolve) => setTimeout(resolve, 0));
  const meanwhile = [...asked];
  release();
  expect((await outcome).status).toBe('ok');
  expect(replay.unused()).toEqual([]);
  return { meanwhile, asked };
}
