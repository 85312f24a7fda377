/**
 * A backup ran recently (自社診断 No.11 「…重要情報の消失に備えてバックアップを取得していますか？」). The backup tools the
 * OS ships or that are common on it, read where they record their own last completed backup:
 * - macOS: Time Machine — `tmutil destinationinfo -X` (destinations; no Full Disk Access needed) and the
 *   Destinations[].SnapshotDates of /Library/Preferences/com.apple.TimeMachine.plist (Full Disk Access needed).
 * - Windows: File History for the console user — its Config1.xml (DPStatus) and the FILETIME ProtectedUpToTime
 *   in the user's hive; OneDrive folder backup (Known Folder Move) — KfmFoldersProtectedNow of each account.
 * - Linux: Déjà Dup for the console user (gsettings org.gnome.DejaDup) and systemd timers that run restic, borg
 *   or borgmatic (the service's last result and exit time).
 * A PC may well be backed up by something tenken does not know (a NAS agent, a cloud client): finding nothing is
 * unknown, never "no backup" — the administrator answers the item by hand then.
 */
import { z } from 'zod';
import { defineProbe, evidenceSchema } from '../../src/probe.ts';
import { collectDarwin } from './darwin.ts';
import { collectLinux } from './linux.ts';
import { collectWin32 } from './win32.ts';

export const BACKUP_TOOLS = ['time-machine', 'file-history', 'onedrive-folder-backup', 'deja-dup', 'restic', 'borg', 'borgmatic'] as const;
export type BackupTool = (typeof BACKUP_TOOLS)[number];

const isoInstant = z.iso.datetime();

export const BackupToolFacts = z.strictObject({
  tool: z.enum(BACKUP_TOOLS),
  name: z.string().nullable().describe('what the tool calls this backup: a Time Machine destination, a File History drive, a systemd timer; null when it has no name'),
  automatic: z.boolean().nullable().describe('whether it backs up by itself on a schedule (Time Machine AutoBackup, File History on, Déjà Dup periodic, an active timer)'),
  backedUp: z.boolean().nullable().describe('whether it has completed a backup at least once; false when it is set up but never completed one'),
  lastBackupAt: isoInstant.nullable().describe('when it last completed a backup, ISO 8601 UTC'),
});
export type BackupToolFacts = z.infer<typeof BackupToolFacts>;

export const BackupEvidence = evidenceSchema({
  user: z.string().nullable().describe("the console user whose backup settings were read (File History, OneDrive, Déjà Dup are per user); null on macOS, where Time Machine is machine-wide"),
  tools: z.array(BackupToolFacts).nullable().describe('the backup tools found set up on this PC; empty when none of those tenken knows is; null when not every place could be read'),
  automatic: z.boolean().nullable().describe('whether at least one of them backs up by itself on a schedule'),
  neverBackedUp: z
    .boolean()
    .nullable()
    .describe('true when backup tools are set up but none has ever completed a backup; false when one has; null when none was found or it could not be read'),
  lastBackupAt: isoInstant.nullable().describe('the most recent completed backup of any of them, ISO 8601 UTC'),
});
export type BackupEvidence = z.infer<typeof BackupEvidence>;

export * from './parse.ts';

export default defineProbe({
  id: 'backup',
  version: '1.0.0',
  title: { ja: 'バックアップ', en: 'Backups' },
  evidence: BackupEvidence,
  collect: { linux: collectLinux, win32: collectWin32, darwin: collectDarwin },
});
