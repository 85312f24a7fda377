/** Pure parsers of the sign-in probe: text in, typed value out (tested in sign-in.test.ts). */
import { parsePlist } from '../../src/plist.ts';
import { parseKdeIniGroup } from '../screen-lock/parse.ts';

/** An automatic login a display manager or getty is configured for: whom it signs in, and where that is set. */
export interface AutoLogin {
  readonly user: string;
}

/**
 * GLib's key-file booleans (GDM reads custom.conf with GKeyFile): `true`/`false`, and `1`/`0`
 * (g_key_file_parse_value_as_boolean). Anything else is not a boolean, so not "enabled".
 */
const keyFileTrue = (v: string | undefined): boolean => v !== undefined && ['true', '1'].includes(v.trim().toLowerCase());

/**
 * GDM's [daemon] group (custom.conf on Fedora/RHEL/Ubuntu, daemon.conf on Debian): AutomaticLoginEnable with
 * AutomaticLogin signs that user in at boot; TimedLoginEnable with TimedLogin does so after TimedLoginDelay
 * seconds at the greeter (help.gnome.org/admin/gdm/stable/configuration.html.en, "[daemon]"). Either is a
 * login without a password. Later files win key by key, as the caller passes them in read order.
 */
export function gdmAutoLogin(texts: readonly string[]): AutoLogin | null {
  const daemon = new Map<string, string>();
  for (const text of texts) for (const [k, v] of parseKdeIniGroup(text, 'daemon')) daemon.set(k, v);
  const automatic = daemon.get('AutomaticLogin')?.trim();
  if (keyFileTrue(daemon.get('AutomaticLoginEnable')) && automatic) return { user: automatic };
  const timed = daemon.get('TimedLogin')?.trim();
  if (keyFileTrue(daemon.get('TimedLoginEnable')) && timed) return { user: timed };
  return null;
}

/**
 * LightDM: `autologin-user=` in [Seat:*] (or the deprecated [SeatDefaults]) signs that user in;
 * `autologin-guest=true` signs a guest in (lightdm's data/lightdm.conf comments). Files are read in LightDM's
 * order — /usr/share/lightdm/lightdm.conf.d, /etc/lightdm/lightdm.conf.d, then /etc/lightdm/lightdm.conf —
 * later values winning.
 */
export function lightdmAutoLogin(texts: readonly string[]): AutoLogin | null {
  const seat = new Map<string, string>();
  for (const text of texts) {
    for (const group of ['SeatDefaults', 'Seat:*']) for (const [k, v] of parseKdeIniGroup(text, group)) seat.set(k, v);
  }
  const user = seat.get('autologin-user')?.trim();
  if (user) return { user };
  if (keyFileTrue(seat.get('autologin-guest'))) return { user: 'guest' };
  return null;
}

/**
 * SDDM: `User=` in [Autologin] signs that user in (sddm.conf(5)); files in /usr/lib/sddm/sddm.conf.d, then
 * /etc/sddm.conf.d, then /etc/sddm.conf, later values winning.
 */
export function sddmAutoLogin(texts: readonly string[]): AutoLogin | null {
  let user: string | undefined;
  for (const text of texts) {
    const v = parseKdeIniGroup(text, 'Autologin').get('User');
    if (v !== undefined) user = v.trim();
  }
  return user ? { user } : null;
}

/**
 * A systemd drop-in for getty@ that runs agetty with `--autologin <user>` (or `-a <user>`): the text console
 * signs that user in without a password (agetty(8); the Arch wiki's "Automatic login to virtual console").
 * Only ExecStart lines count; a comment mentioning the option does not.
 */
export function gettyAutoLogin(text: string): AutoLogin | null {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('ExecStart=')) continue;
    const m = /(?:^|\s)(?:--autologin(?:=|\s+)|-a\s+)(\S+)/.exec(line.slice('ExecStart='.length));
    if (m) return { user: m[1]! };
  }
  return null;
}

/**
 * Accounts of /etc/shadow whose password field is empty: they sign in with no password at all (shadow(5):
 * "If the password field is empty, then no password is required"). A locked (`!…`, `*`) or hashed field is
 * not empty. Malformed lines (fewer than two fields) are skipped; null when no line is an entry at all.
 */
export function shadowEmptyPasswords(text: string): string[] | null {
  const entries = text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const parsed = entries.map((l) => l.split(':')).filter((f) => f.length >= 2 && f[0] !== '');
  if (parsed.length === 0) return null;
  return parsed.filter((f) => f[1] === '').map((f) => f[0]!);
}

export type PasswordModule = 'pam_pwquality' | 'pam_cracklib' | 'pam_unix';

/**
 * The modules of the `password` stack of a PAM file that check a new password's length, with their arguments
 * (`password requisite pam_pwquality.so retry=3 minlen=12` → pam_pwquality, { retry: '3', minlen: '12' }).
 * Comment lines and other stacks (auth, account, session) are left out; `-password` (optional module) counts.
 */
export function pamPasswordModules(text: string): { module: PasswordModule; args: Map<string, string> }[] {
  const out: { module: PasswordModule; args: Map<string, string> }[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    // `password [success=1 default=ignore] pam_unix.so obscure yescrypt`: the control field may be bracketed.
    const m = /^-?password\s+(?:\[[^\]]*\]|\S+)\s+(\S+)(.*)$/.exec(line);
    if (!m) continue;
    const name = /([^/]+)\.so$/.exec(m[1]!)?.[1];
    if (name !== 'pam_pwquality' && name !== 'pam_cracklib' && name !== 'pam_unix') continue;
    const args = new Map<string, string>();
    for (const a of m[2]!.trim().split(/\s+/)) {
      const at = a.indexOf('=');
      if (at > 0) args.set(a.slice(0, at), a.slice(at + 1));
      else if (a !== '') args.set(a, '');
    }
    out.push({ module: name, args });
  }
  return out;
}

/** `key = value` settings of pwquality.conf (and its .d files), comments dropped; later lines win. */
export function parsePwqualityConf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const at = line.indexOf('=');
    if (at > 0) out.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return out;
}

/**
 * The shortest password libpwquality accepts. `minlen` (default 8, never below 6) is the length of a password
 * of lowercase letters only; each positive credit (dcredit, ucredit, lcredit, ocredit, default 0) lets a password
 * with that kind of character be that much shorter (pwquality.conf(5)). So the shortest is minlen minus the
 * positive credits, and never below 6 (libpwquality's floor, PWQ_BASE_MIN_LENGTH). Null when a value is not a number.
 */
export function pwqualityShortest(settings: ReadonlyMap<string, string>): number | null {
  const int = (key: string, fallback: number): number | null => {
    const v = settings.get(key);
    if (v === undefined) return fallback;
    return /^-?\d+$/.test(v) ? Number(v) : null;
  };
  const minlen = int('minlen', 8);
  const credits = ['dcredit', 'ucredit', 'lcredit', 'ocredit'].map((k) => int(k, 0));
  if (minlen === null || credits.includes(null)) return null;
  const positive = (credits as number[]).filter((c) => c > 0).reduce((a, b) => a + b, 0);
  return Math.max(6, Math.max(minlen, 6) - positive);
}

/**
 * The shortest new password macOS's account policies accept, from `pwpolicy -getaccountpolicies`: a banner line
 * ("Getting global account policies"), then an XML property list whose policyCategoryPasswordContent rules each
 * read `policyAttributePassword matches '<regex>'` (pwpolicy(8), "Account policies"). Every content rule must
 * hold, so the longest `.{N,}` among them is the minimum. A configuration profile's minLength arrives as such a
 * rule (identifier `ProfilePayload:<uuid>:minLength`), and macOS has its own `com.apple.defaultpasswordpolicy.fde`
 * rule `.{4,}+`. A rule's minimumLength / minChars parameter counts too. No rule with a length: 0 (no minimum).
 * Returns null when the output holds no property list (an error, or a message instead of policies).
 */
export function pwpolicyMinLength(output: string): number | null {
  const start = output.indexOf('<?xml');
  const at = start >= 0 ? start : output.indexOf('<plist');
  if (at < 0) return null;
  let root: unknown;
  try {
    root = parsePlist(output.slice(at));
  } catch {
    return null;
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return null;
  const rules = (root as Record<string, unknown>).policyCategoryPasswordContent;
  let longest = 0;
  for (const rule of Array.isArray(rules) ? rules : []) {
    if (typeof rule !== 'object' || rule === null) continue;
    const { policyContent, policyParameters } = rule as { policyContent?: unknown; policyParameters?: Record<string, unknown> };
    const pattern = typeof policyContent === 'string' ? /policyAttributePassword\s+matches\s+'(.*)'/s.exec(policyContent)?.[1] : undefined;
    const repeat = pattern ? /\.\{(\d+),\d*\}/.exec(pattern) : null;
    if (repeat) longest = Math.max(longest, Number(repeat[1]));
    for (const name of ['minimumLength', 'minChars']) {
      const n = policyParameters?.[name];
      if (typeof n === 'number' && Number.isInteger(n)) longest = Math.max(longest, n);
    }
  }
  return longest;
}
