/**
 * File-sharing (P2P) software installed or running (委託先対策 3.1-5 「Winny 等、組織で許可されていないソフトウェアの
 * インストールを禁止…禁止ソフトがインストールされていないか定期的に確認すること」): Winny, Share and the BitTorrent and
 * eD2k clients on the list in known-p2p.json. Whether a client is allowed (a server that seeds Linux images) is
 * the administrator's decision; the check names what it found.
 * Windows: uninstall entries (HKLM, its 32-bit view, every loaded user hive — µTorrent installs per user) and
 * running process names (Winny and Share run without being installed), one PowerShell run.
 * macOS: the app bundles in /Applications and each user's ~/Applications, by CFBundleIdentifier.
 * Linux: dpkg or rpm package names, system and console-user flatpaks, snaps, and running process names.
 */
import { z } from 'zod';
import { defineProbe, evidenceSchema } from '../../src/probe.ts';
import { collectDarwin } from './darwin.ts';
import { collectLinux } from './linux.ts';
import { collectWin32 } from './win32.ts';

export const SEEN_IN = ['uninstall-entry', 'process', 'app-bundle', 'dpkg', 'rpm', 'flatpak', 'snap'] as const;

export const P2pFinding = z.object({
  software: z.string().describe('the name on tenken\'s list (known-p2p.json)'),
  seenIn: z.enum(SEEN_IN).describe('where it was seen: an uninstall entry, a running process, an app bundle, a package, a flatpak or a snap'),
  as: z.string().describe('the name as the machine shows it: DisplayName, process name, bundle id with its path, package or application id'),
});
export type P2pFinding = z.infer<typeof P2pFinding>;

export const P2pSoftwareEvidence = evidenceSchema({
  findings: z.array(P2pFinding).nullable().describe('every sighting of listed software; null when nothing was found and some place could not be read'),
  software: z.array(z.string()).nullable().describe('names of the listed software found, once each; empty when none; null when nothing was found and some place could not be read'),
});
export type P2pSoftwareEvidence = z.infer<typeof P2pSoftwareEvidence>;

export default defineProbe({
  id: 'p2p-software',
  version: '1.0.0',
  title: { ja: 'ファイル共有（P2P）ソフト', en: 'File-sharing (P2P) software' },
  evidence: P2pSoftwareEvidence,
  collect: { linux: collectLinux, win32: collectWin32, darwin: collectDarwin },
});
