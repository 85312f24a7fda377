/** Windows collector of the remote-access probe: one PowerShell run (REMOTE_ACCESS_WINDOWS_SCRIPT in parse-win32.ts). */
import type { z } from 'zod';
import { askPowerShell } from '../../src/powershell.ts';
import { because, reasons, type ProbeContext, type Reason } from '../../src/probe.ts';
import { isHomeEdition, rdpEnabled, rdpNlaRequired, sshdConfigLines, sshdSettingsFromLines } from './parse.ts';
import { REMOTE_ACCESS_WINDOWS_SCRIPT, SERVICE_AUTOMATIC, WindowsRemoteAccessAnswer } from './parse-win32.ts';
import type { REMOTE_ACCESS_SERVICES, RemoteAccessEvidence } from './remote-access.ts';
import { sshFacts, sshOff } from './sshd.ts';

type Evidence = z.input<typeof RemoteAccessEvidence>;
type Service = (typeof REMOTE_ACCESS_SERVICES)[number];

const SSHD_CONFIG = '%ProgramData%\\ssh\\sshd_config';

export async function collectWin32(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  const answer = await askPowerShell(ctx, REMOTE_ACCESS_WINDOWS_SCRIPT, WindowsRemoteAccessAnswer);
  if (!answer.ok) {
    const reason = answer.reason;
    for (const path of ['services', 'rdp.available', 'rdp.enabled', 'rdp.nlaRequired', 'ssh.enabled', 'ssh.listensOnNetwork', 'ssh.passwordLogin', 'ssh.settingsFrom']) why.set(path, reason);
    return { services: null, rdp: { available: null, enabled: null, nlaRequired: null }, ssh: { enabled: null, listensOnNetwork: null, passwordLogin: null, settingsFrom: null }, unknown: why.map };
  }
  const a = answer.value;

  // Remote Desktop: a Home edition has no RDP host at all, whatever the registry says.
  const home = typeof a.edition === 'string' ? isHomeEdition(a.edition) : null;
  let rdp: NonNullable<Evidence['rdp']>;
  if (home === true) {
    const reason = because('remote-access.rdp-home-edition', { edition: a.edition as string });
    rdp = { available: false, enabled: false, nlaRequired: why.set('rdp.nlaRequired', reason) };
  } else if ('error' in a.rdp) {
    const reason = because('registry.unreadable', { key: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server' }, a.rdp.error);
    rdp = { available: home === null ? null : true, enabled: why.set('rdp.enabled', reason), nlaRequired: why.set('rdp.nlaRequired', reason) };
  } else {
    const enabled = rdpEnabled(a.rdp);
    rdp = { available: home === null ? null : true, enabled, nlaRequired: enabled ? rdpNlaRequired(a.rdp) : why.set('rdp.nlaRequired', because('remote-access.rdp-off')) };
  }
  if (home === null) why.set('rdp.available', because('registry.unreadable', { key: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion' }, (a.edition as { error: string }).error));

  // OpenSSH server: on when it runs or starts at boot; its settings from sshd_config (no Include followed here).
  let ssh: Evidence['ssh'];
  if (a.sshd !== null && 'error' in a.sshd) {
    const reason = because('query.failed', { source: 'Get-Service sshd' }, a.sshd.error);
    for (const path of ['ssh.enabled', 'ssh.listensOnNetwork', 'ssh.passwordLogin', 'ssh.settingsFrom']) why.set(path, reason);
    ssh = { enabled: null, listensOnNetwork: null, passwordLogin: null, settingsFrom: null };
  } else if (a.sshd === null || (!a.sshd.running && a.sshd.startType !== SERVICE_AUTOMATIC)) {
    ssh = sshOff(why.set);
  } else {
    const config = a.sshd.config;
    let settings: ReturnType<typeof sshdSettingsFromLines> | Reason;
    if (config === null) settings = because('remote-access.sshd-config-missing', { path: SSHD_CONFIG });
    else if (typeof config === 'object') settings = because('file.unreadable', { path: SSHD_CONFIG }, config.error);
    else {
      const lines = sshdConfigLines(config);
      const include = lines.find((l) => l.keyword === 'include');
      settings = include ? because('remote-access.sshd-include-unread', { pattern: include.value }) : sshdSettingsFromLines(lines);
    }
    ssh = sshFacts(settings, 'sshd_config', 'win32', why.set);
  }

  const services: Service[] = [...(rdp.enabled ? (['rdp'] as const) : []), ...(ssh.enabled ? (['ssh'] as const) : [])];
  const undecided = rdp.enabled === null || ssh.enabled === null;
  return { services: undecided ? why.set('services', why.map['rdp.enabled'] ?? why.map['ssh.enabled']!) : services, rdp, ssh, unknown: why.map };
}
