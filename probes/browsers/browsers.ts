/**
 * Browsers keep updating themselves and warn about dangerous sites (自社診断 No.10, 委託先対策 3.2-3): which of
 * Chrome, Edge, Firefox, Chromium and Safari are installed, whether a policy stops the ones that update themselves
 * from doing so or turns off Safe Browsing / SmartScreen, and how old each one's program files are.
 * Policies are machine-wide (and, on Windows, per user: every loaded user hive is read); nothing here is a user's
 * own setting, which the browser keeps in its profile.
 * Windows: App Paths, the program file's version and date, policy registry keys (one PowerShell run).
 * macOS: the app bundles, their Info.plist, managed preferences and Firefox's policies.json.
 * Linux: the packaged, snap and flatpak browsers, their managed-policy JSON and Firefox's policies.json. They are
 * updated by the OS's package manager, snapd or flatpak, which the os-updates probe watches; no browser policy
 * switches that off, so the update and age facts are about Windows and macOS only.
 */
import { z } from 'zod';
import { defineProbe, evidenceSchema } from '../../src/probe.ts';
import { collectDarwin } from './darwin.ts';
import { collectLinux } from './linux.ts';
import { collectWin32 } from './win32.ts';

export const BROWSER_NAMES = ['chrome', 'edge', 'firefox', 'chromium', 'safari'] as const;
export type BrowserName = (typeof BROWSER_NAMES)[number];
export const WARNING_SOURCES = [...BROWSER_NAMES, 'windows-smartscreen'] as const;
export const UPDATERS = ['itself', 'os-packages', 'snap', 'flatpak', 'macos'] as const;

export const Browser = z.object({
  name: z.enum(BROWSER_NAMES),
  path: z.string().describe('where it is installed (program file, app bundle, snap or flatpak folder)'),
  version: z.string().nullable().describe('the version its files state; null where tenken does not read it (Chrome, Edge and Chromium on Linux)'),
  filesWrittenAt: z.iso.datetime().nullable().describe('when its program file (Windows) or Info.plist (macOS) was written: the install or update that put this version there; null on Linux'),
  updatedBy: z.enum(UPDATERS).describe('what keeps it up to date: its own updater (Google Update, EdgeUpdate, Firefox), the OS packages, snapd, flatpak or macOS itself (Safari)'),
  updatesBlockedByPolicy: z.boolean().nullable().describe('whether a policy stops its own updater (only for browsers that update themselves); null when not read'),
  warningsOffByPolicy: z.boolean().nullable().describe('whether a policy turns off its warnings about dangerous sites (Safe Browsing, SmartScreen); null when not read'),
});
export type Browser = z.infer<typeof Browser>;

export const BrowsersEvidence = evidenceSchema({
  browsers: z.array(Browser).nullable().describe('the browsers found; empty when none is installed'),
  installed: z.array(z.enum(BROWSER_NAMES)).nullable().describe('names of the browsers found'),
  selfUpdating: z.array(z.enum(BROWSER_NAMES)).nullable().describe('names of the browsers found that update themselves (not through the OS): the ones the update and age facts are about'),
  updatesBlockedByPolicy: z
    .array(z.enum(BROWSER_NAMES))
    .nullable()
    .describe('browsers that update themselves but whose updates a policy stops; null when some such browser\'s policy could not be read'),
  warningsOffByPolicy: z
    .array(z.enum(WARNING_SOURCES))
    .nullable()
    .describe('browsers (and Windows SmartScreen) whose dangerous-site warnings a policy turns off; null when some policy could not be read'),
  oldestFilesWrittenAt: z.iso
    .datetime()
    .nullable()
    .describe('the oldest filesWrittenAt among the browsers that update themselves: Chrome, Edge and Firefox ship a release at least every four weeks, so files much older than that mean updates stopped; null when there is no such browser or a date is missing'),
});
export type BrowsersEvidence = z.infer<typeof BrowsersEvidence>;

export * from './policies.ts';

export default defineProbe({
  id: 'browsers',
  version: '1.0.0',
  title: { ja: 'ブラウザーの更新と危険なサイトの警告', en: 'Browser updates and dangerous-site warnings' },
  evidence: BrowsersEvidence,
  collect: { linux: collectLinux, win32: collectWin32, darwin: collectDarwin },
});
