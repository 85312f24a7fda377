/**
 * ClamAV keeps no record of completed scans, so `tenken fix` keeps one for the scans it runs: a scan of the
 * whole disk (/) as root is written to CLAMSCAN_RECORD, and the Linux collector reads it back as the
 * product's last full scan and the detections that scan left. A scan of some folders is not a full scan;
 * a scan that ended in an error (clamscan exit 2) is not a completed one.
 */
import { z } from 'zod';
import { because, type Reason } from '../../src/probe.ts';
import type { ScanRecords } from './summary.ts';

/** Machine-wide (a full scan needs root to read every file), beside tenken's other state. */
export const CLAMSCAN_RECORD = '/var/lib/tenken/clamav-scan.json';

export const ClamscanRecord = z.strictObject({
  tenkenClamscanRecord: z.literal(1),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  folders: z.array(z.string()).min(1).describe('what was scanned; "/" is the whole disk'),
  exitCode: z.int().describe('clamscan: 0 nothing found, 1 something found, 2 an error'),
  scannedFiles: z.int().nonnegative().nullable(),
  infectedFiles: z.int().nonnegative().nullable(),
});
export type ClamscanRecord = z.infer<typeof ClamscanRecord>;

/** The record's text, or null with why it cannot be used. */
export function parseClamscanRecord(text: string): { record: ClamscanRecord } | { unreadable: Reason } {
  try {
    const parsed = ClamscanRecord.safeParse(JSON.parse(text));
    return parsed.success ? { record: parsed.data } : { unreadable: because('clamav.scan-record-invalid', { path: CLAMSCAN_RECORD }) };
  } catch {
    return { unreadable: because('clamav.scan-record-invalid', { path: CLAMSCAN_RECORD }) };
  }
}

/** "Scanned files: 123" and "Infected files: 1" from clamscan's summary. */
export function clamscanCounts(stdout: string): { scannedFiles: number | null; infectedFiles: number | null } {
  const count = (label: string) => {
    const m = new RegExp(`^${label}: (\\d+)$`, 'm').exec(stdout);
    return m ? Number(m[1]) : null;
  };
  return { scannedFiles: count('Scanned files'), infectedFiles: count('Infected files') };
}

/** What the record says of ClamAV (the product at `product`): its last full scan and what that scan found. */
export function clamavScanRecords(product: number, record: ClamscanRecord | null, unreadable: Reason | null, none: Reason): ScanRecords {
  const why = (reason: Reason) => ({ product, lastFullScanAt: { value: null, reason }, activeThreats: { value: null, reason } });
  if (unreadable) return why(unreadable);
  if (!record) return why(none);
  if (!record.folders.includes('/')) return why(because('clamav.scan-not-full', { folders: record.folders }));
  if (record.exitCode === 2) return why(because('clamav.scan-failed', { at: record.finishedAt }));
  return {
    product,
    lastFullScanAt: { value: record.finishedAt },
    activeThreats: record.infectedFiles === null ? { value: null, reason: because('clamav.scan-no-count') } : { value: record.infectedFiles },
  };
}
