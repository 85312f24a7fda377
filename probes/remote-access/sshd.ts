/**
 * The OpenSSH server's settings on Linux and macOS: `sshd -T` as root (the effective configuration, defaults and
 * distribution patches included), else /etc/ssh/sshd_config with the drop-in files it includes, which every user
 * may read. Where `sshd -T` refuses (no host keys yet, no privilege-separation user) the files still say what is set.
 */
import type { z } from 'zod';
import { readConfigs } from '../../src/config-files.ts';
import { because, readFileOrReason, runIfInstalled, type ProbeContext, type Reason } from '../../src/probe.ts';
import { includeTarget, parseSshdT, sshdConfigLines, sshdSettingsFromLines, sshListensOnNetwork, sshPasswordLogin, type SshdLine, type SshdSettings } from './parse.ts';
import type { RemoteAccessEvidence } from './remote-access.ts';

type Ssh = z.input<typeof RemoteAccessEvidence>['ssh'];
type From = NonNullable<Ssh['settingsFrom']>;

export const SSHD_CONFIG = '/etc/ssh/sshd_config';

/**
 * The lines of sshd_config with each `Include` of a file or `dir/*.ext` spliced in where it stands (one level: an
 * Include inside an included file is not followed), a reason for any other pattern.
 */
export async function spliceIncludes(ctx: ProbeContext, lines: readonly SshdLine[], base: string): Promise<SshdLine[] | Reason> {
  const out: SshdLine[] = [];
  for (const line of lines) {
    if (line.keyword !== 'include') {
      out.push(line);
      continue;
    }
    for (const pattern of line.value.split(/\s+/)) {
      const target = includeTarget(pattern.startsWith('/') ? pattern : `${base}/${pattern}`);
      if (!target) return because('remote-access.sshd-include-unread', { pattern });
      const texts = await readConfigs(ctx, [target]);
      if (!Array.isArray(texts)) return texts;
      out.push(...texts.flatMap(sshdConfigLines));
    }
  }
  return out;
}

async function fromFiles(ctx: ProbeContext): Promise<SshdSettings | Reason> {
  const text = await readFileOrReason(ctx, SSHD_CONFIG);
  if (text === undefined) return because('remote-access.sshd-config-missing', { path: SSHD_CONFIG });
  if (typeof text === 'object') return text;
  const lines = await spliceIncludes(ctx, sshdConfigLines(text), '/etc/ssh');
  return Array.isArray(lines) ? sshdSettingsFromLines(lines) : lines;
}

/** The facts of a switched-on SSH server from its settings, or null facts with the reason they could not be read. */
export function sshFacts(settings: SshdSettings | Reason, from: From, platform: 'linux' | 'darwin' | 'win32', set: (path: string, r: Reason) => null): Ssh {
  if (!(settings instanceof Map)) {
    for (const path of ['ssh.listensOnNetwork', 'ssh.passwordLogin', 'ssh.settingsFrom']) set(path, settings as Reason);
    return { enabled: true, listensOnNetwork: null, passwordLogin: null, settingsFrom: null };
  }
  return { enabled: true, listensOnNetwork: sshListensOnNetwork(settings), passwordLogin: sshPasswordLogin(settings, platform), settingsFrom: from };
}

/** An SSH server that is switched off: nothing to read about it. */
export function sshOff(set: (path: string, r: Reason) => null): Ssh {
  for (const path of ['ssh.listensOnNetwork', 'ssh.passwordLogin', 'ssh.settingsFrom']) set(path, because('remote-access.ssh-off'));
  return { enabled: false, listensOnNetwork: null, passwordLogin: null, settingsFrom: null };
}

/** The facts of the SSH server on Linux and macOS, which is on. */
export async function readSshd(ctx: ProbeContext, platform: 'linux' | 'darwin', set: (path: string, r: Reason) => null): Promise<Ssh> {
  if (ctx.isAdmin) {
    const r = await runIfInstalled(ctx, 'sshd', ['-T']);
    const settings = r?.exitCode === 0 ? parseSshdT(r.stdout) : null;
    if (settings) return sshFacts(settings, 'sshd -T', platform, set);
  }
  return sshFacts(await fromFiles(ctx), 'sshd_config', platform, set);
}
