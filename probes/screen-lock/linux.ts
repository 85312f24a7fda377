/**
 * Linux collector of the screen-lock probe. Everything per-user runs as the console user (their uid, HOME and
 * session bus): as root, `gsettings` would read root's dconf database and kreadconfig root's ~/.config.
 */
import type { z } from 'zod';
import { CommandNotFoundError, PermissionDeniedError } from '../../src/host/errors.ts';
import { because, firstLine, reasons, saidBy, type ProbeContext, type Reason } from '../../src/probe.ts';
import {
  desktopFamily,
  KDE_DEFAULTS,
  KDE_LOCKER_KEYS,
  parseGsettingsBool,
  parseGsettingsUint,
  parseKdeBool,
  parseKdeIniGroup,
  parseKdeNumber,
  type KdeLockerKey,
} from './parse.ts';
import type { DesktopFamily, ScreenLockEvidence } from './screen-lock.ts';
import { withoutConsoleUser } from './no-console-user.ts';

type Evidence = z.input<typeof ScreenLockEvidence>;
type Why = ReturnType<typeof reasons>;
type Settings = Pick<Evidence, 'source' | 'idleDelaySeconds' | 'lockEnabled' | 'lockDelaySeconds' | 'lockOnResume' | 'lockDisabledByPolicy'>;

const SETTING_PATHS = ['idleDelaySeconds', 'lockEnabled', 'lockDelaySeconds', 'lockOnResume', 'lockDisabledByPolicy', 'locksWhenIdle', 'lockAfterSeconds'] as const;


/**
 * GNOME (and Ubuntu, Unity, Budgie) keep the lock in org.gnome.desktop.*, Cinnamon the same keys in
 * org.cinnamon.desktop.* (linuxmint/cinnamon-desktop schemas/*.gschema.xml.in). Units are seconds in both:
 * session idle-delay (0 = never; GNOME default 300, Cinnamon 900), screensaver lock-enabled (default true),
 * screensaver lock-delay (grace after the screen blanks, default 0), lockdown disable-lock-screen (default false).
 */
async function readGsettings(ctx: ProbeContext, prefix: 'org.gnome.desktop' | 'org.cinnamon.desktop', why: Why): Promise<Settings> {
  const get = async <T>(path: string, schema: string, key: string, parse: (s: string) => T | null): Promise<T | null> => {
    const r = await ctx.run('gsettings', ['get', `${prefix}.${schema}`, key], { asConsoleUser: true });
    // "No such schema ?org.gnome.desktop.session?" (exit 1; GLib's curly quotes become ? under LC_ALL=C).
    if (r.exitCode !== 0) return why.set(path, because('command.failed', { command: `gsettings get ${prefix}.${schema} ${key}`, exitCode: r.exitCode }, saidBy(r)));
    const value = parse(r.stdout);
    return value ?? why.set(path, because('command.unexpected-output', { command: `gsettings get ${prefix}.${schema} ${key}` }, firstLine(r.stdout)));
  };
  let idleDelaySeconds: number | null;
  try {
    idleDelaySeconds = await get('idleDelaySeconds', 'session', 'idle-delay', parseGsettingsUint);
  } catch (e) {
    if (!(e instanceof CommandNotFoundError)) throw e;
    for (const path of SETTING_PATHS.slice(0, 5)) why.set(path, because('command.missing', { command: 'gsettings (libglib2.0-bin)' }));
    return { source: null, idleDelaySeconds: null, lockEnabled: null, lockDelaySeconds: null, lockOnResume: null, lockDisabledByPolicy: null };
  }
  const lockEnabled = await get('lockEnabled', 'screensaver', 'lock-enabled', parseGsettingsBool);
  const lockDelaySeconds = await get('lockDelaySeconds', 'screensaver', 'lock-delay', parseGsettingsUint);
  const lockDisabledByPolicy = await get('lockDisabledByPolicy', 'lockdown', 'disable-lock-screen', parseGsettingsBool);
  const lockOnResume = prefix === 'org.gnome.desktop' ? await gnomeLockOnResume(ctx, lockEnabled, why) : null;
  return { source: 'gsettings', idleDelaySeconds, lockEnabled, lockDelaySeconds, lockOnResume, lockDisabledByPolicy };
}

/**
 * Whether GNOME Shell locks before the PC suspends. Upstream, screenShield.js's _prepareForSleep locks when
 * screensaver lock-enabled is on; Ubuntu patches it to read its own key, screensaver ubuntu-lock-on-suspend
 * ("add support for the ubuntu lock on suspend option", Launchpad #1063110; default true, askubuntu.com/q/1029805),
 * which Ubuntu's Settings show as a separate "Lock screen on suspend" switch. So: the Ubuntu key where the schema
 * has it; elsewhere gsettings answers "No such key" and lock-enabled decides.
 */
async function gnomeLockOnResume(ctx: ProbeContext, lockEnabled: boolean | null, why: Why): Promise<boolean | null> {
  const r = await ctx.run('gsettings', ['get', 'org.gnome.desktop.screensaver', 'ubuntu-lock-on-suspend'], { asConsoleUser: true });
  if (r.exitCode === 0) {
    return parseGsettingsBool(r.stdout) ?? why.set('lockOnResume', because('command.unexpected-output', { command: 'gsettings get org.gnome.desktop.screensaver ubuntu-lock-on-suspend' }, firstLine(r.stdout)));
  }
  if (/No such key/.test(r.stderr)) return lockEnabled ?? why.set('lockOnResume', because('screen-lock.gnome-resume-unknown'));
  return why.set('lockOnResume', because('command.failed', { command: 'gsettings get org.gnome.desktop.screensaver ubuntu-lock-on-suspend', exitCode: r.exitCode }, saidBy(r)));
}

/**
 * KDE Plasma: kscreenlockerrc [Daemon], read with kreadconfig6 (Plasma 6) or kreadconfig5 (Plasma 5) so that
 * the whole KConfig cascade (/etc/xdg, then ~/.config) applies; without either tool, the two files themselves.
 * The kiosk lockdown is `action/lock_screen=false` in [KDE Action Restrictions] of kdeglobals
 * (develop.kde.org/docs/administration/kiosk/keys/).
 */
async function readKde(ctx: ProbeContext, home: string | null, why: Why): Promise<Settings> {
  const failed = (reason: Reason): Settings => {
    for (const path of SETTING_PATHS.slice(0, 5)) why.set(path, reason);
    return { source: null, idleDelaySeconds: null, lockEnabled: null, lockDelaySeconds: null, lockOnResume: null, lockDisabledByPolicy: null };
  };
  const raw = new Map<KdeLockerKey, string>();
  let kiosk: string | undefined;
  let source: Settings['source'] = null;
  for (const tool of ['kreadconfig6', 'kreadconfig5'] as const) {
    try {
      for (const key of KDE_LOCKER_KEYS) {
        const r = await ctx.run(tool, ['--file', 'kscreenlockerrc', '--group', 'Daemon', '--key', key], { asConsoleUser: true });
        if (r.exitCode !== 0) return failed(because('command.failed', { command: `${tool} --key ${key}`, exitCode: r.exitCode }, saidBy(r)));
        raw.set(key, r.stdout.replace(/\n$/, ''));
      }
      const r = await ctx.run(tool, ['--file', 'kdeglobals', '--group', 'KDE Action Restrictions', '--key', 'action/lock_screen'], { asConsoleUser: true });
      if (r.exitCode !== 0) return failed(because('command.failed', { command: `${tool} --key action/lock_screen`, exitCode: r.exitCode }, saidBy(r)));
      kiosk = r.stdout.replace(/\n$/, '');
      source = tool;
      break;
    } catch (e) {
      // Not installed: try the next tool (Plasma 6 ships kreadconfig6 only, Plasma 5 kreadconfig5 only).
      if (!(e instanceof CommandNotFoundError)) throw e;
    }
  }
  if (source === null) {
    // No kreadconfig (a minimal install): the system file, then the user's, later entries winning, as KConfig
    // does. ~/.config is assumed for XDG_CONFIG_HOME, which a root agent cannot see.
    if (home === null) return failed(because('screen-lock.kde-no-home'));
    const cascade = async (file: string, group: string) => {
      const merged = new Map<string, string>();
      for (const path of [`/etc/xdg/${file}`, `${home}/.config/${file}`]) {
        const text = await ctx.readFile(path).catch((e: unknown) => {
          if (e instanceof PermissionDeniedError) return null;
          throw e;
        });
        if (text === null) return because('file.unreadable', { path });
        for (const [k, v] of parseKdeIniGroup(text ?? '', group)) merged.set(k, v);
      }
      return merged;
    };
    const daemon = await cascade('kscreenlockerrc', 'Daemon');
    if (!(daemon instanceof Map)) return failed(daemon);
    for (const key of KDE_LOCKER_KEYS) raw.set(key, daemon.get(key) ?? '');
    const restrictions = await cascade('kdeglobals', 'KDE Action Restrictions');
    if (!(restrictions instanceof Map)) return failed(restrictions);
    kiosk = restrictions.get('action/lock_screen') ?? '';
    source = 'config-files';
  }

  const bool = (path: string, key: 'Autolock' | 'LockOnResume' | 'RequirePassword'): boolean | null => {
    const v = parseKdeBool(raw.get(key) ?? '');
    if (v === 'unset') return KDE_DEFAULTS[key];
    return v ?? why.set(path, because('value.unexpected', { source: 'kscreenlockerrc [Daemon]', name: key }, JSON.stringify(raw.get(key))));
  };
  const num = (path: string, key: 'Timeout' | 'LockGrace'): number | null => {
    const v = parseKdeNumber(raw.get(key) ?? '');
    if (v === 'unset') return KDE_DEFAULTS[key];
    return v ?? why.set(path, because('value.unexpected', { source: 'kscreenlockerrc [Daemon]', name: key }, JSON.stringify(raw.get(key))));
  };
  const timeoutMinutes = num('idleDelaySeconds', 'Timeout');
  const autolock = bool('lockEnabled', 'Autolock');
  const requirePassword = bool('lockEnabled', 'RequirePassword');
  const kioskAllows = parseKdeBool(kiosk ?? '');
  return {
    source,
    idleDelaySeconds: timeoutMinutes === null ? null : Math.round(timeoutMinutes * 60),
    // Without RequirePassword, Plasma 6 blanks the screen but anyone can dismiss it: that is no lock.
    lockEnabled: autolock === null || requirePassword === null ? null : autolock && requirePassword,
    lockDelaySeconds: num('lockDelaySeconds', 'LockGrace'),
    lockOnResume: bool('lockOnResume', 'LockOnResume'),
    lockDisabledByPolicy:
      kioskAllows === 'unset' ? false : kioskAllows === null ? why.set('lockDisabledByPolicy', because('value.unexpected', { source: 'kdeglobals', name: 'action/lock_screen' }, JSON.stringify(kiosk))) : !kioskAllows,
  };
}

/** The effective outcome: it locks when idle only if idle detection is on, the lock is on and no lockdown forbids it. */
function effective(s: Settings, why: Why): Pick<Evidence, 'locksWhenIdle' | 'lockAfterSeconds'> {
  const never = [
    ...(s.lockDisabledByPolicy === true ? (['policy'] as const) : []),
    ...(s.lockEnabled === false ? (['disabled'] as const) : []),
    ...(s.idleDelaySeconds === 0 ? (['no-idle'] as const) : []),
  ];
  if (never.length > 0) {
    why.set('lockAfterSeconds', because('screen-lock.never', { causes: never }));
    return { locksWhenIdle: false, lockAfterSeconds: null };
  }
  if (s.lockDisabledByPolicy === null || s.lockEnabled === null || s.idleDelaySeconds === null) {
    const reason = because('screen-lock.settings-incomplete');
    why.set('locksWhenIdle', reason);
    why.set('lockAfterSeconds', reason);
    return { locksWhenIdle: null, lockAfterSeconds: null };
  }
  if (s.lockDelaySeconds === null) why.set('lockAfterSeconds', because('screen-lock.grace-unknown'));
  return { locksWhenIdle: true, lockAfterSeconds: s.lockDelaySeconds === null ? null : s.idleDelaySeconds + s.lockDelaySeconds };
}

export async function collectLinux(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  const blank = (reason: Reason): Settings & Pick<Evidence, 'desktopFamily' | 'locksWhenIdle' | 'lockAfterSeconds'> => {
    for (const path of ['desktopFamily', 'source', ...SETTING_PATHS]) why.set(path, reason);
    return { desktopFamily: null, source: null, idleDelaySeconds: null, lockEnabled: null, lockDelaySeconds: null, lockOnResume: null, lockDisabledByPolicy: null, locksWhenIdle: null, lockAfterSeconds: null };
  };

  const lookup = await ctx.consoleUser();
  if (!lookup.found) return withoutConsoleUser(why, lookup.reason, { lockDisabledByPolicy: null });
  const { user } = lookup;
  ctx.identifying('user', user.name);
  const session = { graphicalSession: user.graphical, sessionType: user.sessionType, desktop: user.desktop, user: user.name };
  if (user.desktop === null) why.set('desktop', because('screen-lock.no-desktop-name'));
  if (!user.graphical) {
    return { ...session, ...blank(because('screen-lock.no-graphical-session', { type: user.sessionType })), unknown: why.map };
  }
  const family: DesktopFamily | null = user.desktop === null ? null : desktopFamily(user.desktop);
  if (family === null) {
    return { ...session, ...blank(user.desktop === null ? because('screen-lock.no-desktop-name') : because('screen-lock.unsupported-desktop', { desktop: user.desktop })), unknown: why.map };
  }

  const settings =
    family === 'kde' ? await readKde(ctx, user.home, why) : await readGsettings(ctx, family === 'gnome' ? 'org.gnome.desktop' : 'org.cinnamon.desktop', why);
  if (family === 'cinnamon') why.set('lockOnResume', because('screen-lock.cinnamon-no-resume'));
  if (settings.source === null) why.set('source', because('screen-lock.no-settings-tool'));
  return { ...session, desktopFamily: family, ...settings, ...effective(settings, why), unknown: why.map };
}
