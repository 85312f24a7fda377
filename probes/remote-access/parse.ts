/** Pure parsers of the remote-access probe (tested in remote-access.test.ts). */
import { z } from 'zod';

/**
 * sshd settings as `keyword → values`, keywords in lower case. `sshd -T` prints the effective configuration, one
 * `keyword value` line each, every keyword present (ListenAddress once per address); a configuration file gives
 * only what it sets.
 */
export type SshdSettings = ReadonlyMap<string, readonly string[]>;

/** `sshd -T` (root only): null when the output holds no `passwordauthentication` line, which it always prints. */
export function parseSshdT(stdout: string): SshdSettings | null {
  const out = new Map<string, string[]>();
  for (const line of stdout.split('\n')) {
    const m = /^([a-z0-9]+)\s+(.*?)\s*$/.exec(line);
    if (m) out.set(m[1]!, [...(out.get(m[1]!) ?? []), m[2]!]);
  }
  return out.has('passwordauthentication') ? out : null;
}

export type SshdLine = { readonly keyword: string; readonly value: string };

/**
 * The global lines of one sshd_config file (sshd_config(5)): `Keyword value` or `Keyword=value`, keywords case
 * insensitive, `#` comments. Lines after the first `Match` belong to Match blocks, which apply to some connections
 * only, and are left out.
 */
export function sshdConfigLines(text: string): SshdLine[] {
  const out: SshdLine[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(line);
    if (!m) continue;
    const keyword = m[1]!.toLowerCase();
    if (keyword === 'match') break;
    out.push({ keyword, value: m[2]!.replace(/^"(.*)"$/, '$1').trim() });
  }
  return out;
}

/**
 * Settings from configuration lines in the order sshd reads them (Include files spliced in where they stand): for
 * each keyword the first value obtained wins (sshd_config(5)), except ListenAddress, which may be given many times.
 */
export function sshdSettingsFromLines(lines: readonly SshdLine[]): SshdSettings {
  const out = new Map<string, string[]>();
  for (const { keyword, value } of lines) {
    if (keyword === 'listenaddress') out.set(keyword, [...(out.get(keyword) ?? []), value]);
    else if (!out.has(keyword)) out.set(keyword, [value]);
  }
  return out;
}

/** OpenSSH's own defaults (sshd_config(5)) for the keywords read here: what a file that does not set them gets. */
const DEFAULTS: Record<string, string> = {
  passwordauthentication: 'yes',
  kbdinteractiveauthentication: 'yes',
  usepam: 'no',
  authenticationmethods: 'any',
};

const setting = (s: SshdSettings, keyword: string): string => (s.get(keyword)?.[0] ?? DEFAULTS[keyword] ?? '').toLowerCase();

/**
 * Whether someone can sign in over SSH with a password alone: PasswordAuthentication, or keyboard-interactive
 * through PAM (which asks for the password; without PAM it has nothing to ask on Linux or macOS), unless
 * AuthenticationMethods demands another method in every list it gives. Windows' OpenSSH has no PAM. The older
 * ChallengeResponseAuthentication is the same keyword under another name.
 */
export function sshPasswordLogin(s: SshdSettings, platform: 'linux' | 'darwin' | 'win32'): boolean {
  const kbd = s.get('kbdinteractiveauthentication')?.[0] ?? s.get('challengeresponseauthentication')?.[0] ?? DEFAULTS.kbdinteractiveauthentication!;
  const viaPam = kbd.toLowerCase() === 'yes' && platform !== 'win32' && setting(s, 'usepam') === 'yes';
  if (setting(s, 'passwordauthentication') !== 'yes' && !viaPam) return false;
  const methods = setting(s, 'authenticationmethods');
  if (methods === 'any') return true;
  // Each space-separated list must be completed in full; a list of password methods only is a password login.
  return methods.split(/\s+/).some((list) => list.split(',').every((m) => m === 'password' || m.startsWith('keyboard-interactive')));
}

/**
 * Whether sshd listens beyond this PC: every ListenAddress a loopback address means it does not; none means all
 * addresses (the default). `sshd -T` writes them as `host:port` / `[v6]:port`, files as given.
 */
export function sshListensOnNetwork(s: SshdSettings): boolean {
  const addresses = s.get('listenaddress') ?? [];
  if (addresses.length === 0) return true;
  const host = (a: string) => a.replace(/^\[([^\]]+)\](:\d+)?$/, '$1').replace(/^([^:]+):\d+$/, '$1').replace(/\s+rdomain\s+\S+$/, '');
  return !addresses.every((a) => /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i.test(host(a.trim())));
}

/**
 * An sshd_config Include argument this probe follows: one file, or a folder and a file name pattern with one
 * leading `*` (Debian, Ubuntu and Fedora ship `Include /etc/ssh/sshd_config.d/*.conf`, macOS `…/sshd_config.d/*`).
 * Null for any other pattern.
 */
export function includeTarget(pattern: string): string | { dir: string; ext: string } | null {
  const p = pattern.trim();
  if (/^\/[^*?[\]]+$/.test(p)) return p;
  const m = /^(\/[^*?[\]]+)\/\*([^*?[\]/]*)$/.exec(p);
  return m ? { dir: m[1]!, ext: m[2]! } : null;
}

/**
 * HKLM\…\Terminal Server fDenyTSConnections (1 refuses Remote Desktop connections, 0 allows them), the policy
 * value under HKLM\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services overriding it; RDP-Tcp
 * UserAuthentication (1 = Network Level Authentication required) and SecurityLayer (0 = the RDP security layer,
 * with which NLA cannot run), each policy value overriding its own.
 */
export const WindowsRdpValues = z.object({
  fDenyTSConnections: z.number().int().nullable(),
  policyDeny: z.number().int().nullable(),
  userAuthentication: z.number().int().nullable(),
  policyUserAuthentication: z.number().int().nullable(),
  securityLayer: z.number().int().nullable(),
  policySecurityLayer: z.number().int().nullable(),
});

/** RDP on: fDenyTSConnections 0, the policy's value first; a missing value is Windows' default, connections refused. */
export function rdpEnabled(v: z.infer<typeof WindowsRdpValues>): boolean {
  return (v.policyDeny ?? v.fDenyTSConnections ?? 1) === 0;
}

/** NLA required: UserAuthentication 1 (Windows' default when missing) and a security layer other than 0. */
export function rdpNlaRequired(v: z.infer<typeof WindowsRdpValues>): boolean {
  return (v.policyUserAuthentication ?? v.userAuthentication ?? 1) === 1 && (v.policySecurityLayer ?? v.securityLayer ?? 1) !== 0;
}

/** Editions that cannot host Remote Desktop: Windows Home (EditionID Core, CoreN, CoreSingleLanguage, CoreCountrySpecific). */
export const isHomeEdition = (editionId: string): boolean => /^Core/i.test(editionId.trim());
