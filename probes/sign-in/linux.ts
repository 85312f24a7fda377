/**
 * Linux collector of the sign-in probe. Every source is a file: display-manager and getty configuration (world
 * readable), /etc/shadow (root only: unknown otherwise, never guessed) and the PAM password stack. A missing
 * file is a fact (that display manager is not configured), an unreadable one is unknown.
 */
import type { z } from 'zod';
import { readConfigs, type DropIns } from '../../src/config-files.ts';
import { because, readFileOrReason, reasons, type ProbeContext, type Reason } from '../../src/probe.ts';
import {
  gdmAutoLogin,
  gettyAutoLogin,
  lightdmAutoLogin,
  pamPasswordModules,
  parsePwqualityConf,
  pwqualityShortest,
  sddmAutoLogin,
  shadowEmptyPasswords,
  type AutoLogin,
} from './parse.ts';
import type { AUTO_LOGIN_SOURCES, SignInEvidence } from './sign-in.ts';

type Evidence = z.input<typeof SignInEvidence>;
type Why = ReturnType<typeof reasons>;
type Source = (typeof AUTO_LOGIN_SOURCES)[number];


/**
 * Every place an automatic login can be configured, each read in its program's own order. GDM: Debian's gdm3
 * reads /etc/gdm3/daemon.conf, Ubuntu's /etc/gdm3/custom.conf, Fedora/RHEL's /etc/gdm/custom.conf.
 */
const DISPLAY_MANAGERS: readonly { source: Source; files: readonly (string | DropIns)[]; parse: (texts: readonly string[]) => AutoLogin | null }[] = [
  { source: 'gdm', files: ['/etc/gdm3/daemon.conf', '/etc/gdm3/custom.conf', '/etc/gdm/custom.conf'], parse: gdmAutoLogin },
  {
    source: 'lightdm',
    files: [{ dir: '/usr/share/lightdm/lightdm.conf.d' }, { dir: '/etc/lightdm/lightdm.conf.d' }, '/etc/lightdm/lightdm.conf'],
    parse: lightdmAutoLogin,
  },
  { source: 'sddm', files: [{ dir: '/usr/lib/sddm/sddm.conf.d' }, { dir: '/etc/sddm.conf.d' }, '/etc/sddm.conf'], parse: sddmAutoLogin },
  {
    source: 'getty',
    files: [{ dir: '/etc/systemd/system/getty@.service.d' }, { dir: '/etc/systemd/system/getty@tty1.service.d' }],
    parse: (texts) => texts.map(gettyAutoLogin).findLast((a) => a !== null) ?? null,
  },
];

async function automaticLogin(ctx: ProbeContext, why: Why): Promise<Pick<Evidence, 'automaticLogin' | 'automaticLoginUser' | 'automaticLoginSources'>> {
  const found: { source: Source; user: string }[] = [];
  let unreadable = false;
  for (const dm of DISPLAY_MANAGERS) {
    const texts = await readConfigs(ctx, dm.files);
    if (!Array.isArray(texts)) {
      why.set(`automaticLoginSources.${dm.source}`, texts);
      unreadable = true;
      continue;
    }
    const login = dm.parse(texts);
    if (login) found.push({ source: dm.source, user: login.user });
  }
  if (found.length > 0) return { automaticLogin: true, automaticLoginUser: found[0]!.user, automaticLoginSources: found.map((f) => f.source) };
  if (unreadable) {
    const reason = because('sign-in.automatic-login-unknown');
    for (const path of ['automaticLogin', 'automaticLoginUser', 'automaticLoginSources']) why.set(path, reason);
    return { automaticLogin: null, automaticLoginUser: null, automaticLoginSources: null };
  }
  why.set('automaticLoginUser', because('sign-in.no-automatic-login'));
  return { automaticLogin: false, automaticLoginUser: null, automaticLoginSources: [] };
}

async function accountsWithoutPassword(ctx: ProbeContext, why: Why): Promise<string[] | null> {
  const text = await readFileOrReason(ctx, '/etc/shadow');
  if (typeof text === 'object') return why.set('accountsWithoutPassword', ctx.isAdmin ? text : because('needs-admin', { what: '/etc/shadow' }));
  if (text === undefined) return why.set('accountsWithoutPassword', because('file.missing', { path: '/etc/shadow' }));
  return shadowEmptyPasswords(text) ?? why.set('accountsWithoutPassword', because('file.unexpected', { path: '/etc/shadow' }));
}

/**
 * Debian and Ubuntu keep the password stack in common-password; Fedora, RHEL and openSUSE-style systems in
 * system-auth. pam_pwquality's arguments override pwquality.conf, whose pwquality.conf.d files override it in
 * turn (pam_pwquality(8), pwquality.conf(5)). Without pam_pwquality, pam_unix checks the length itself:
 * its minlen= argument, default 6 (pam_unix(8)).
 */
const PASSWORD_STACKS = ['/etc/pam.d/common-password', '/etc/pam.d/system-auth'] as const;

async function passwordPolicy(ctx: ProbeContext, why: Why): Promise<Pick<Evidence, 'passwordMinLength' | 'passwordPolicySource'>> {
  const unknown = (reason: Reason) => {
    why.set('passwordMinLength', reason);
    why.set('passwordPolicySource', reason);
    return { passwordMinLength: null, passwordPolicySource: null };
  };
  let path: string | undefined;
  let text: string | undefined;
  for (const candidate of PASSWORD_STACKS) {
    const t = await readFileOrReason(ctx, candidate);
    if (typeof t === 'object') return unknown(t);
    if (t !== undefined) {
      [path, text] = [candidate, t];
      break;
    }
  }
  if (path === undefined || text === undefined) return unknown(because('sign-in.no-password-stack', { paths: PASSWORD_STACKS }));
  const modules = pamPasswordModules(text);
  if (modules.some((m) => m.module === 'pam_cracklib')) return unknown(because('sign-in.cracklib-not-read', { path }));
  const pwquality = modules.find((m) => m.module === 'pam_pwquality');
  if (pwquality) {
    const files = await readConfigs(ctx, ['/etc/security/pwquality.conf', { dir: '/etc/security/pwquality.conf.d' }]);
    if (!Array.isArray(files)) return unknown(files);
    const settings = new Map<string, string>();
    for (const t of files) for (const [k, v] of parsePwqualityConf(t)) settings.set(k, v);
    for (const [k, v] of pwquality.args) settings.set(k, v);
    const shortest = pwqualityShortest(settings);
    if (shortest === null) return unknown(because('value.unexpected', { source: 'pwquality', name: 'minlen/credits' }));
    return { passwordMinLength: shortest, passwordPolicySource: 'pam_pwquality' };
  }
  const unix = modules.find((m) => m.module === 'pam_unix');
  if (!unix) return unknown(because('sign-in.no-length-module', { path }));
  const minlen = unix.args.get('minlen');
  if (minlen !== undefined && !/^\d+$/.test(minlen)) return unknown(because('value.unexpected', { source: path, name: 'pam_unix minlen' }, minlen));
  return { passwordMinLength: minlen === undefined ? 6 : Number(minlen), passwordPolicySource: 'pam_unix' };
}

export async function collectLinux(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  why.set('guestAccountEnabled', because('sign-in.linux-no-guest'));
  return {
    ...(await automaticLogin(ctx, why)),
    guestAccountEnabled: null,
    accountsWithoutPassword: await accountsWithoutPassword(ctx, why),
    ...(await passwordPolicy(ctx, why)),
    unknown: why.map,
  };
}
