/**
 * `tenken fix`'s ClamAV actions for real, through the live host: clamscan on a folder with a harmless file
 * and a signature database made here, and freshclam, which cannot reach the internet on the CI machine.
 * ClamAV comes from .ci/run (apt-get install clamav).
 *
 * The database is one MD5 hash signature (`.hdb`, one `MD5:FileSize:MalwareName` line per file), the format
 * of ClamAV's signature documentation: https://docs.clamav.net/manual/Signatures/HashSignatures.html
 */
import { createHash } from 'node:crypto';
import { mkdtemp, writeFile, mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { clamavScanRecords, parseClamscanRecord } from '../probes/antivirus/clamscan-record.ts';
import { ACTIONS } from '../src/fix/actions.ts';
import { runAction } from '../src/fix/run-action.ts';
import type { Host } from '../src/host/host.ts';
import { createLiveHost } from '../src/host/live-host.ts';
import { because } from '../src/probe.ts';
import type { Localized, Report } from '../src/report/schema.ts';

const action = (id: string) => ACTIONS.find((a) => a.id === id)!;
let host: Host;

beforeAll(async () => {
  host = await createLiveHost();
  const version = await host.run('clamscan', ['--version']).catch(() => undefined);
  if (!version) throw new Error('clamscan is not installed: .ci/run installs ClamAV (apt-get install -y clamav); on this machine run: sudo apt-get install -y clamav');
});

describe('tenken fix with the real ClamAV', () => {
  it('scans a folder with clamscan, counting files as it goes, and names the detection', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tenken-clamscan-'));
    const files = join(dir, 'files');
    const db = join(dir, 'db');
    await mkdir(files);
    await mkdir(db);
    const marked = 'tenken test file: harmless, matched by a signature made by this test\n';
    await writeFile(join(files, 'marked.txt'), marked);
    await writeFile(join(files, 'clean.txt'), 'nothing to see\n');
    await writeFile(join(db, 'tenken.hdb'), `${createHash('md5').update(marked).digest('hex')}:${Buffer.byteLength(marked)}:Tenken.Test.Marked\n`);

    const record = join(dir, 'state', 'clamav-scan.json');
    const ctx = { report: {} as Report, folders: [files], clamavDatabase: db, scanRecordFile: record };
    const steps = action('clamav-scan').plan(ctx);
    expect(steps.map((s) => s.display)).toEqual([`clamscan --recursive --stdout --database=${db} -- ${files}`]);
    const progress: Localized[] = [];
    const outcome = await runAction(action('clamav-scan'), host, steps, ctx, { onProgress: (t) => progress.push(t) });
    expect(outcome.status).toBe('done');
    expect(outcome.message.en).toBe('Scanned 2 files and found a virus in 1:');
    expect(outcome.details).toEqual([`${join(files, 'marked.txt')}: Tenken.Test.Marked.UNOFFICIAL FOUND`, { ja: `スキャンの記録を保存しました: ${record}`, en: `recorded in ${record}` }]);
    // Lines arrive while clamscan runs: the first file counted, the detection named.
    expect(progress.map((p) => p.en)).toContain('scanned 2 files…');
    expect(progress.map((p) => p.en)).toContain(`found: ${join(files, 'marked.txt')}: Tenken.Test.Marked.UNOFFICIAL FOUND`);
    // The scan is recorded for the antivirus probe, which counts it as a full scan only when it covered /.
    const parsed = parseClamscanRecord(await readFile(record, 'utf8'));
    expect(parsed).toMatchObject({ record: { folders: [files], exitCode: 1, scannedFiles: 2, infectedFiles: 1 } });
    expect(clamavScanRecords(0, 'record' in parsed ? parsed.record : null, null, because('clamav.no-scan-record')).lastFullScanAt).toEqual({
      value: null,
      reason: because('clamav.scan-not-full', { folders: [files] }),
    });
  });

  it('scans the whole disk without the kernel pseudo filesystems', () => {
    const steps = action('clamav-scan').plan({ report: {} as Report, folders: ['/'], clamavDatabase: undefined });
    expect(steps.map((s) => s.display)).toEqual(["clamscan --recursive --stdout '--exclude-dir=^/(proc|sys|dev|run)(/|$)' -- /"]);
  });

  it('reports plainly that freshclam could not download, without crashing', async () => {
    const ctx = { report: {} as Report, folders: [], clamavDatabase: undefined };
    const steps = action('clamav-update').plan(ctx);
    const outcome = await runAction(action('clamav-update'), host, steps, ctx, { onProgress: () => {} });
    // This machine has no internet (CI); with one, the same code says the signatures were updated.
    expect(outcome.status, outcome.message.en).toBe('failed');
    expect(outcome.message.en).toMatch(/^(Could not download: no connection to [\w.-]+\.|.*needs administrator rights|The updater service)/);
  }, 180_000);
});
