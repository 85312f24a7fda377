/**
 * macOS collector of the remote-access probe. Remote Login is launchd's com.openssh.sshd and Screen Sharing
 * com.apple.screensharing, both off unless an override in `launchctl print-disabled system` enables them (their
 * plists ship disabled); Remote Management leaves /Library/Application Support/Apple/Remote Desktop/
 * RemoteManagement.launchd while it is on (osquery's sharing_preferences). sshd's settings as on Linux (sshd.ts).
 */
import type { z } from 'zod';
import { reasons, type ProbeContext, type Reason } from '../../src/probe.ts';
import { launchdJobsOn } from '../sharing/darwin.ts';
import type { REMOTE_ACCESS_SERVICES, RemoteAccessEvidence } from './remote-access.ts';
import { readSshd, sshOff } from './sshd.ts';

type Evidence = z.input<typeof RemoteAccessEvidence>;
type Service = (typeof REMOTE_ACCESS_SERVICES)[number];

export const REMOTE_MANAGEMENT_FLAG = '/Library/Application Support/Apple/Remote Desktop/RemoteManagement.launchd';

export async function collectDarwin(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  const [jobs, management] = await Promise.all([launchdJobsOn(ctx, ['com.openssh.sshd', 'com.apple.screensharing']), ctx.stat(REMOTE_MANAGEMENT_FLAG)]);
  if (!(jobs instanceof Set)) {
    for (const path of ['services', 'ssh.enabled', 'ssh.listensOnNetwork', 'ssh.passwordLogin', 'ssh.settingsFrom']) why.set(path, jobs as Reason);
    return { services: null, ssh: { enabled: null, listensOnNetwork: null, passwordLogin: null, settingsFrom: null }, unknown: why.map };
  }
  const services: Service[] = [
    ...(jobs.has('com.openssh.sshd') ? (['ssh'] as const) : []),
    ...(jobs.has('com.apple.screensharing') ? (['screen-sharing'] as const) : []),
    ...(management ? (['remote-management'] as const) : []),
  ];
  const ssh = services.includes('ssh') ? await readSshd(ctx, 'darwin', why.set) : sshOff(why.set);
  return { services, ssh, unknown: why.map };
}
