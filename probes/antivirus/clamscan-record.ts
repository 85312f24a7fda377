/**
 * ClamAV keeps no record of completed scans, so `tenken fix` keeps one for the scans it runs: a scan of the
 * whole disk (/) as root is written to CLAMSCAN_RECORD, and the Linux collector reads it back as the
 * product's last full scan and the detections that scan left. A scan of some folders is not a full scan;
 * a scan that ended in an error (clamscan exit 2) is not a completed one.
 */
import { z } from 'zod';
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
export function parseClamscanRecord(text: string): { record: ClamscanRecord } | { unreadable: string } {
  try {
    const parsed = ClamscanRecord.safeParse(JSON.parse(text));
    return parsed.success ? { record: parsed.data } : { unreadable: `${CLAMSCAN_RECORD} is not a tenken scan record` };
  } catch {
    return { unreadable: `${CLAMSCAN_RECORD} is not JSON` };
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
export function clamavScanRecords(product: number, record: ClamscanRecord | null, unreadable: string | null, none: string): ScanRecords {
  const why = (reason: string) => ({ product, lastFullScanAt: { value: null, reason }, activeThreats: { value: null, reason } });
  if (unreadable) return why(unreadable);
  if (!record) return why(none);
  if (!record.folders.includes('/')) return why(`the last ClamAV scan tenken ran covered ${record.folders.join(', ')}, not the whole disk (/)`);
  if (record.exitCode === 2) return why(`the last full ClamAV scan (${record.finishedAt}) ended in an error`);
  return {
    product,
    lastFullScanAt: { value: record.finishedAt },
    activeThreats: record.infectedFiles === null ? { value: null, reason: 'the scan record does not say how many files were infected' } : { value: record.infectedFiles },
  };
}
