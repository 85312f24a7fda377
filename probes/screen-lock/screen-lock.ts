/**
 * Screen lock of the console user's desktop: how long the session may sit idle before the screen locks, and
 * whether it locks at all (research/probes.md §3). Per-user settings, read for the console user (§0.2).
 * Linux: GNOME-family and Cinnamon through gsettings, KDE Plasma through kreadconfig (or kscreenlockerrc).
 * Windows: the console user's hive (HKEY_USERS\<sid>), the machine inactivity limit and the power plan.
 * macOS: sysadminctl -screenLock, the ByHost screen saver idleTime, pmset and managed preferences.
 * The collectors are in linux.ts, win32.ts and darwin.ts; this file declares the evidence.
 */
import { z } from 'zod';
import { defineProbe, evidenceSchema } from '../../src/probe.ts';
import { collectDarwin, DarwinScreenLock } from './darwin.ts';
import { collectLinux } from './linux.ts';
import { collectWin32, WindowsScreenLock } from './win32.ts';

export const DESKTOP_FAMILIES = ['gnome', 'cinnamon', 'kde', 'windows', 'macos'] as const;
export type DesktopFamily = (typeof DESKTOP_FAMILIES)[number];
export const SOURCES = ['gsettings', 'kreadconfig6', 'kreadconfig5', 'config-files', 'registry', 'sysadminctl'] as const;

export const ScreenLockEvidence = evidenceSchema({
  graphicalSession: z
    .boolean()
    .nullable()
    .describe('whether the console user sits in a graphical (x11/wayland/mir) session; false for a text console; null when the console user could not be found (Windows and macOS: a console user is always graphical)'),
  sessionType: z.string().nullable().describe('logind session type of the console session: x11, wayland, tty, ...; console on Windows, aqua on macOS'),
  desktop: z.string().nullable().describe('desktop the session names (logind Desktop=, i.e. XDG_SESSION_DESKTOP), lower case, e.g. gnome, ubuntu, kde, cinnamon'),
  user: z.string().nullable().describe('login name of the console user whose settings were read'),
  desktopFamily: z.enum(DESKTOP_FAMILIES).nullable().describe('which settings family the desktop uses; null for an unsupported desktop or no graphical session'),
  source: z
    .enum(SOURCES)
    .nullable()
    .describe('where the settings were read: gsettings, kreadconfig6/5, the KDE config files themselves, the Windows registry (and power plan), or sysadminctl (macOS)'),
  idleDelaySeconds: z
    .number()
    .nonnegative()
    .nullable()
    .describe('seconds of inactivity before the session counts as idle and the screen saver/locker starts; 0 means never (Windows: the screen saver timeout, 0 when no screen saver program runs; macOS: the screen saver idleTime)'),
  lockEnabled: z
    .boolean()
    .nullable()
    .describe('whether the screen locks (asks for the password) when the idle screen saver starts; KDE: Autolock and RequirePassword; Windows: ScreenSaverIsSecure; macOS: password after sleep or screen saver'),
  lockDelaySeconds: z
    .number()
    .nonnegative()
    .nullable()
    .describe('grace seconds between the screen saver starting and the lock taking effect (GNOME/Cinnamon lock-delay, KDE LockGrace, macOS screenLock delay); not read on Windows'),
  lockOnResume: z
    .boolean()
    .nullable()
    .describe('lock when waking from sleep: KDE LockOnResume; Windows CONSOLELOCK on every power source the PC has; macOS the same password setting; null on desktops without that setting'),
  lockDisabledByPolicy: z
    .boolean()
    .nullable()
    .optional()
    .describe('whether a lockdown forbids locking the screen (GNOME/Cinnamon disable-lock-screen, KDE kiosk action/lock_screen=false)'),
  locksWhenIdle: z
    .boolean()
    .nullable()
    .describe('whether the session ends up locked after being left idle, all the settings above taken together (Windows/macOS: on every power source the machine has)'),
  lockAfterSeconds: z
    .number()
    .nonnegative()
    .nullable()
    .describe(
      'seconds from the last input to a locked screen (idle delay + grace; Windows/macOS: the soonest locking path, on the power source where that takes longest; where a path could not be read it can only lock sooner, so this is then the latest it locks); null when it never locks or that is not known',
    ),
  windows: WindowsScreenLock.optional().describe('Windows only: the settings the lock was worked out from'),
  macos: DarwinScreenLock.optional().describe('macOS only: the settings the lock was worked out from'),
});
export type ScreenLockEvidence = z.infer<typeof ScreenLockEvidence>;

export * from './parse.ts';

export default defineProbe({
  id: 'screen-lock',
  version: '1.2.0',
  title: { ja: '画面ロック', en: 'Screen lock' },
  evidence: ScreenLockEvidence,
  collect: { linux: collectLinux, win32: collectWin32, darwin: collectDarwin },
});
