/**
 * The clock is kept right from network time (委託先対策 3.1-7 「情報システムの時刻は定期的に同期をとること」): logs
 * from several PCs can only be put side by side when their clocks agree. Machine-wide settings, no console user.
 * Linux: `timedatectl show` (systemd-timedated; key=value, locale-free). Windows: W32Time's Type and service start
 * type (registry and Get-Service as numbers; `w32tm /query` prints localized text). macOS: `systemsetup
 * -getusingnetworktime` (root only).
 */
import { z } from 'zod';
import { defineProbe, evidenceSchema } from '../../src/probe.ts';
import { collectDarwin, collectLinux, collectWin32 } from './collect.ts';

export const ClockSyncEvidence = evidenceSchema({
  automatic: z
    .boolean()
    .nullable()
    .describe(
      'whether the OS sets its clock from network time servers by itself (Linux: timedated\'s NTP service on, or the kernel clock synchronised by another daemon; Windows: W32Time Type NTP, NT5DS or AllSync and the service not disabled; macOS: "Set time and date automatically")',
    ),
  synchronised: z.boolean().nullable().describe('whether the kernel reports the clock synchronised right now (Linux NTPSynchronized); not read on Windows and macOS'),
  setting: z.string().nullable().describe('the setting as the OS states it: NTP=yes/no (Linux), the W32Time Type value (Windows), On/Off (macOS)'),
});
export type ClockSyncEvidence = z.infer<typeof ClockSyncEvidence>;

export * from './parse.ts';

export default defineProbe({
  id: 'clock-sync',
  version: '1.0.0',
  title: { ja: '時刻の同期', en: 'Clock synchronisation' },
  evidence: ClockSyncEvidence,
  collect: { linux: collectLinux, win32: collectWin32, darwin: collectDarwin },
});
