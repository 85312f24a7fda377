/** Pure parsers of the screen-lock probe and the KDE defaults: text in, typed value out (tested in screen-lock.test.ts). */
import type { DesktopFamily } from './screen-lock.ts';

/**
 * The settings family of a logind Desktop= value. Desktop= is XDG_SESSION_DESKTOP, which display managers take
 * from the session file name, so it varies: `gnome` (Fedora), `ubuntu` (Ubuntu's GNOME session),
 * `KDE`/`plasma`/`plasmawayland`, `cinnamon` or `cinnamon-wayland` (linuxmint/wayland#6). Unity and Budgie keep
 * the lock settings in org.gnome.desktop.*.
 */
export function desktopFamily(desktop: string): DesktopFamily | null {
  const d = desktop.toLowerCase();
  if (/cinnamon/.test(d)) return 'cinnamon';
  if (/kde|plasma/.test(d)) return 'kde';
  if (/gnome|ubuntu|unity|budgie|pop/.test(d)) return 'gnome';
  return null;
}

/**
 * `gsettings get` of a `u` key prints the GVariant text form, `uint32 300` (a plain `300` would be read back as
 * int32, so GLib annotates the type). A bare number is accepted too. Anything else is not a uint32.
 */
export function parseGsettingsUint(stdout: string): number | null {
  const m = /^(?:uint32\s+)?(\d+)$/.exec(stdout.trim());
  return m ? Number(m[1]) : null;
}

/** `gsettings get` of a `b` key prints `true` or `false`. */
export function parseGsettingsBool(stdout: string): boolean | null {
  const v = stdout.trim();
  return v === 'true' ? true : v === 'false' ? false : null;
}

/**
 * kreadconfig prints the entry's raw string, or an empty line when no file in the cascade sets it (we pass no
 * --default, so "not set" stays visible and the kcfg default is applied here). KConfig reads booleans as
 * true/on/yes/1 and false/off/no/0, case-insensitively (KConfigGroup::readEntry<bool>).
 */
export function parseKdeBool(raw: string): boolean | null | 'unset' {
  const v = raw.trim().toLowerCase();
  if (v === '') return 'unset';
  if (['true', 'on', 'yes', '1'].includes(v)) return true;
  if (['false', 'off', 'no', '0'].includes(v)) return false;
  return null;
}

/** A KDE number (Timeout is a Double since Plasma 6, an Int before; LockGrace an Int). */
export function parseKdeNumber(raw: string): number | null | 'unset' {
  const v = raw.trim();
  if (v === '') return 'unset';
  return /^\d+(\.\d+)?$/.test(v) ? Number(v) : null;
}

/**
 * The entries of one group of a KConfig INI file. Kiosk markers are dropped: `[Daemon][$i]` is the group
 * `Daemon`, `Timeout[$i]=5` the key `Timeout` (KDE kiosk: `$i` makes an entry immutable). Later lines win.
 */
export function parseKdeIniGroup(text: string, group: string): Map<string, string> {
  const entries = new Map<string, string>();
  let current: string | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]*)\]/.exec(line);
    if (header) {
      current = header[1]!;
      continue;
    }
    if (current !== group) continue;
    const at = line.indexOf('=');
    if (at <= 0) continue;
    entries.set(line.slice(0, at).replace(/\[\$[a-z]+\]$/, '').trim(), line.slice(at + 1).trim());
  }
  return entries;
}

/**
 * Defaults of the KDE screen locker, from KDE/kscreenlocker `settings/kscreenlockersettings.kcfg` (older:
 * `kcfg/kscreenlockersettings.kcfg`): Autolock true, Timeout 5 (MINUTES), LockGrace 5 (SECONDS),
 * LockOnResume true, RequirePassword true (Plasma 6; Plasma 5 has no such key and always asks).
 * KConfig does not write entries that equal their default, so a missing key means this value.
 */
export const KDE_DEFAULTS = { Autolock: true, Timeout: 5, LockGrace: 5, LockOnResume: true, RequirePassword: true } as const;
export const KDE_LOCKER_KEYS = ['Autolock', 'Timeout', 'LockGrace', 'LockOnResume', 'RequirePassword'] as const;
export type KdeLockerKey = (typeof KDE_LOCKER_KEYS)[number];
