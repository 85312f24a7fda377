/**
 * `tenken scan -v` logs what the probes do: each command a probe ran with its exit code or why it did not run, and
 * how long it took, and each probe's outcome, as pino's JSON lines on standard error; the report on standard output
 * is unchanged. Runs the tsc build (dist/, built by `npm test`) as a process on the CI recording, because the lines
 * go to file descriptor 2.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shownCommand } from '../src/scan/run-probes.ts';

const ROOT = join(import.meta.dirname, '..');
const RECORDING = join(ROOT, 'test', 'recordings', 'linux-debian12-ci.yaml');

function scan(args: string[]): Promise<{ stdout: string; lines: Record<string, unknown>[] }> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [join(ROOT, 'dist', 'src', 'main.js'), 'scan', '--replay', RECORDING, '--format', 'json', ...args], { env: { PATH: process.env.PATH, LANG: 'C' }, maxBuffer: 32 << 20 }, (error, stdout, stderr) => {
      // 1: the recorded machine fails checks.
      if (error && (error as { code?: number }).code !== 1) return reject(new Error(`${error.message}\n${stderr}`));
      resolve({ stdout, lines: stderr.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) });
    }),
  );
}

describe('tenken scan -v', () => {
  it('logs each command a probe ran, with its answer and duration, and each probe’s outcome; without -v nothing', async () => {
    const [quiet, verbose] = await Promise.all([scan([]), scan(['-v'])]);
    expect(quiet.lines).toEqual([]);
    const report = JSON.parse(verbose.stdout) as { probes: { probe: string; status: string }[] };
    expect(JSON.parse(quiet.stdout).probes.map((p: { status: string }) => p.status)).toEqual(report.probes.map((p) => p.status));

    const ran = verbose.lines.filter((l) => l.msg === 'command ran' || l.msg === 'command did not run');
    expect(ran.find((l) => l.command === 'apt list --upgradable')).toMatchObject({ level: 20, probe: 'os-updates', exitCode: 0, ms: expect.any(Number) });
    // The CI machine has no ufw: the command is missing, which is a fact, not a failure of the probe.
    expect(ran.find((l) => l.command === 'ufw status verbose')).toMatchObject({ probe: 'firewall', error: 'CommandNotFoundError', msg: 'command did not run' });
    expect(ran.every((l) => typeof l.probe === 'string' && typeof l.ms === 'number')).toBe(true);

    const finished = verbose.lines.filter((l) => l.msg === 'probe finished');
    expect(finished.map((l) => [l.probe, l.status]).sort()).toEqual(report.probes.map((p) => [p.probe, p.status]).sort());
  });

  it('shows a long argument (a PowerShell script) by its start and length', () => {
    const script = 'A'.repeat(5000);
    expect(shownCommand('powershell.exe', ['-NoProfile', '-EncodedCommand', script])).toBe(`powershell.exe -NoProfile -EncodedCommand ${'A'.repeat(32)}…(5000 characters)`);
    expect(shownCommand('systemctl', ['is-active', 'ssh.service'])).toBe('systemctl is-active ssh.service');
  });
});
