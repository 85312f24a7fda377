/**
 * Screen lock of the console user's desktop: how long the session may sit idle before the screen locks, and
 * whether it locks at all (research/probes.md §3.3). Per-user settings, read as the console user (§0.2).
 * Linux: GNOME-family and Cinnamon through gsettings, KDE Plasma through kreadconfig (or kscreenlockerrc).
 * The collector is in linux.ts; this file declares the evidence and the pure parsers.
 */
import { z } from 'zod';
import { defineProbe, evidenceSchema } from '../../src/probe.ts';
import { collectLinux } from './linux.ts';

export const DESKTOP_FAMILIES = ['gnome', 'cinnamon', 'kde'] as const;
export type DesktopFamily = (typeof DESKTOP_FAMILIES)[number];
export const SOURCES = ['gsettings', 'kreadconfig6', 'kreadconfig5', 'config-files'] as const;

export const ScreenLockEvidence = evidenceSchema({
  graphicalSession: z
    .boolean()
    .nullable()
    .describe('whether the console user sits in a graphical (x11/wayland/mir) session; false for a text console; null when the console user could not be found'),
  sessionType: z.string().nullable().describe('logind session type of the console session: x11, wayland, tty, ...'),
  desktop: z.string().nullable().describe('desktop the session names (logind Desktop=, i.e. XDG_SESSION_DESKTOP), lower case, e.g. gnome, ubuntu, kde, cinnamon'),
  user: z.string().nullable().describe('login name of the console user whose settings were read'),
  desktopFamily: z.enum(DESKTOP_FAMILIES).nullable().describe('which settings family the desktop uses; null for an unsupported desktop or no graphical session'),
  source: z.enum(SOURCES).nullable().describe('where the settings were read: gsettings, kreadconfig6/5, or the KDE config files themselves'),
  idleDelaySeconds: z
    .number()
    .nonnegative()
    .nullable()
    .describe('seconds of inactivity before the session counts as idle and the screen saver/locker starts; 0 means never'),
  lockEnabled: z
    .boolean()
    .nullable()
    .describe('whether the screen locks (asks for the password) when the idle screen saver starts; KDE: Autolock and RequirePassword'),
  lockDelaySeconds: z
    .number()
    .nonnegative()
    .nullable()
    .describe('grace seconds between the screen saver starting and the lock taking effect (GNOME/Cinnamon lock-delay, KDE LockGrace)'),
  lockOnResume: z.boolean().nullable().describe('KDE LockOnResume: lock when waking from sleep; null on desktops without that setting'),
  lockDisabledByPolicy: z
    .boolean()
    .nullable()
    .describe('whether a lockdown forbids locking the screen (GNOME/Cinnamon disable-lock-screen, KDE kiosk action/lock_screen=false)'),
  locksWhenIdle: z.boolean().nullable().describe('whether the session ends up locked after being left idle, all the settings above taken together'),
  lockAfterSeconds: z
    .number()
    .nonnegative()
    .nullable()
    .describe('seconds from the last input to a locked screen (idle delay + grace); null when it never locks or that is not known'),
});
export type ScreenLockEvidence = z.infer<typeof ScreenLockEvidence>;

export * from './parse.ts';

export default defineProbe({
  id: 'screen-lock',
  version: '1.0.0',
  title: { ja: '画面ロック', en: 'Screen lock' },
  evidence: ScreenLockEvidence,
  collect: { linux: collectLinux },
});
