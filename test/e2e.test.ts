/**
 * End to end on the machine the tests run on: the built `tenken` executable scans it for real. What the
 * machine looks like is not fixed, so the assertions are about consistency: a valid report, every probe
 * delivered, and an exit code that matches the report.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { exitCodeForResult } from '../src/exit-codes.ts';
import { Report } from '../src/report/schema.ts';

const BIN = join(import.meta.dirname, '..', 'dist', 'src', 'main.js');

async function tenken(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { env: { ...process.env, LANG: 'ja_JP.UTF-8', NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe.runIf(existsSync(BIN))('tenken on this machine (built executable)', () => {
  it('scans for real and writes a valid report whose result matches the exit code', async () => {
    const r = await tenken('scan', '--format', 'json');
    const report = Report.parse(JSON.parse(r.stdout));
    expect(r.code).toBe(exitCodeForResult(report.summary.result));
    expect(report.scan.replay).toBeNull();
    expect(report.probes.map((p) => [p.probe, p.status])).toEqual(report.probes.map((p) => [p.probe, 'ok']));
    expect(report.checks.length).toBeGreaterThan(10);
  });

  it('prints the Japanese summary from the locale', async () => {
    const r = await tenken('scan');
    expect(r.stdout).toContain('tenken — 端末のセキュリティ点検');
    expect(r.stdout).toMatch(/結果: .+（終了コード [0-3]）/);
  });
});

it('the executable is built (npm test builds it before running the tests)', () => {
  expect(existsSync(BIN), 'run `npm run build` first').toBe(true);
});
