/**
 * Ways into this PC from the network (委託先対策 3.2-2 「不要なサービスの停止など、セキュリティを考慮した設定」): which
 * remote-access servers are switched on, whether Remote Desktop demands Network Level Authentication, and whether
 * an SSH server that listens beyond this PC accepts a password alone. Machine-wide settings, no console user.
 * Linux: systemd units of OpenSSH (ssh/sshd, ssh.socket), xrdp and GNOME Remote Desktop's system service, and the
 * SSH server's settings (`sshd -T` as root, else sshd_config and its Include files). Windows: the Remote Desktop
 * registry values with their policy overrides, the edition, the OpenSSH server service and its sshd_config (one
 * PowerShell run). macOS: Remote Login, Screen Sharing (launchd) and Remote Management, and sshd's settings.
 * Screen Sharing and Remote Management are here, not in the sharing probe: they hand over the desktop, as RDP does.
 */
import { z } from 'zod';
import { defineProbe, evidenceSchema } from '../../src/probe.ts';
import { collectDarwin } from './darwin.ts';
import { collectLinux } from './linux.ts';
import { collectWin32 } from './win32.ts';

export const REMOTE_ACCESS_SERVICES = ['rdp', 'ssh', 'xrdp', 'gnome-remote-desktop', 'screen-sharing', 'remote-management'] as const;

export const RemoteAccessEvidence = evidenceSchema({
  services: z
    .array(z.enum(REMOTE_ACCESS_SERVICES))
    .nullable()
    .describe(
      'remote-access servers switched on: Windows Remote Desktop (rdp) and the OpenSSH server; Linux OpenSSH, xrdp and GNOME Remote Desktop (its system service enabled or running, or the console user\'s desktop sharing on); macOS Remote Login (ssh), Screen Sharing and Remote Management',
    ),
  rdp: z
    .strictObject({
      available: z.boolean().nullable().describe('this edition can accept Remote Desktop connections (not Windows Home)'),
      enabled: z.boolean().nullable().describe('Remote Desktop connections are allowed (fDenyTSConnections 0, the Group Policy value first)'),
      nlaRequired: z
        .boolean()
        .nullable()
        .describe('Network Level Authentication is required before a session starts (UserAuthentication 1 and SecurityLayer not 0, policy values first); null while Remote Desktop is off'),
    })
    .optional()
    .describe('Windows Remote Desktop'),
  ssh: z.strictObject({
    enabled: z.boolean().nullable().describe('an SSH server is switched on (Linux: ssh/sshd service or ssh.socket enabled or running; Windows: service sshd running or automatic; macOS: Remote Login)'),
    listensOnNetwork: z.boolean().nullable().describe('it listens on an address other than loopback (no ListenAddress, the default, means every address); null while it is off'),
    passwordLogin: z
      .boolean()
      .nullable()
      .describe('a password alone signs in: PasswordAuthentication, or keyboard-interactive through PAM, and no AuthenticationMethods that demands a key; Match blocks are not read; null while it is off'),
    settingsFrom: z.enum(['sshd -T', 'sshd_config']).nullable().describe('where the settings were read: the effective configuration from `sshd -T` (root), or the configuration files'),
  }),
});
export type RemoteAccessEvidence = z.infer<typeof RemoteAccessEvidence>;

export * from './parse.ts';
export * from './parse-win32.ts';

export default defineProbe({
  id: 'remote-access',
  version: '1.0.0',
  title: { ja: 'リモートアクセス', en: 'Remote access' },
  evidence: RemoteAccessEvidence,
  collect: { linux: collectLinux, win32: collectWin32, darwin: collectDarwin },
});
