/**
 * macOS collector of the sign-in probe: /Library/Preferences/com.apple.loginwindow (world readable) through
 * `defaults read`, which decodes the binary plist. autoLoginUser names the account signed in at start-up (Users &
 * Groups → Automatically log in as; macOS keeps the password in /etc/kcpassword); GuestEnabled is the guest user
 * switch, the key CIS and DISA STIG audits read. A missing key makes `defaults` exit 1 with
 * "The domain/default pair of (…) does not exist". The minimum password length comes from the account policies
 * (`pwpolicy -getaccountpolicies`, parsed in parse.ts), which also carry a configuration profile's minLength.
 */
import type { z } from 'zod';
import { because, firstLine, reasons, saidBy, type ProbeContext } from '../../src/probe.ts';
import { pwpolicyMinLength } from './parse.ts';
import type { SignInEvidence } from './sign-in.ts';

type Evidence = z.input<typeof SignInEvidence>;
type Why = ReturnType<typeof reasons>;

export const LOGINWINDOW = '/Library/Preferences/com.apple.loginwindow';

/** A key's printed value; undefined when the key is not set; a reason when `defaults` failed otherwise. */
async function readKey(ctx: ProbeContext, key: string, path: string, why: Why): Promise<string | undefined | null> {
  const r = await ctx.run('defaults', ['read', LOGINWINDOW, key]);
  if (r.exitCode === 0) return r.stdout.trim();
  if (/does not exist/.test(r.stderr)) return undefined;
  return why.set(path, because('command.failed', { command: `defaults read ${LOGINWINDOW} ${key}`, exitCode: r.exitCode }, saidBy(r)));
}

/** The account policies' minimum length; null with a reason when pwpolicy gave none. */
async function passwordPolicy(ctx: ProbeContext, why: Why): Promise<Pick<Evidence, 'passwordMinLength' | 'passwordPolicySource'>> {
  const r = await ctx.run('pwpolicy', ['-getaccountpolicies']);
  const length = r.exitCode === 0 ? pwpolicyMinLength(r.stdout) : null;
  if (length !== null) return { passwordMinLength: length, passwordPolicySource: 'account-policy' };
  const reason =
    r.exitCode === 0
      ? because('sign-in.pwpolicy-no-policies', {}, firstLine(r.stdout.trim() || r.stderr))
      : because('command.failed', { command: 'pwpolicy -getaccountpolicies', exitCode: r.exitCode }, saidBy(r));
  why.set('passwordMinLength', reason);
  why.set('passwordPolicySource', reason);
  return { passwordMinLength: null, passwordPolicySource: null };
}

export async function collectDarwin(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  // pwpolicy reads the directory service: started first, beside the two defaults reads.
  const policy = passwordPolicy(ctx, why);
  const user = await readKey(ctx, 'autoLoginUser', 'automaticLogin', why);
  let login: Pick<Evidence, 'automaticLogin' | 'automaticLoginUser' | 'automaticLoginSources'>;
  if (user === null) {
    why.set('automaticLoginUser', why.map.automaticLogin!);
    why.set('automaticLoginSources', why.map.automaticLogin!);
    login = { automaticLogin: null, automaticLoginUser: null, automaticLoginSources: null };
  } else if (user === undefined || user === '') {
    why.set('automaticLoginUser', because('sign-in.no-automatic-login'));
    login = { automaticLogin: false, automaticLoginUser: null, automaticLoginSources: [] };
  } else {
    login = { automaticLogin: true, automaticLoginUser: user, automaticLoginSources: ['loginwindow'] };
  }

  // `defaults read` prints a boolean as 1 or 0.
  const guest = await readKey(ctx, 'GuestEnabled', 'guestAccountEnabled', why);
  const guestAccountEnabled =
    guest === null
      ? null
      : guest === undefined
        ? why.set('guestAccountEnabled', because('sign-in.guest-unset'))
        : guest === '1'
          ? true
          : guest === '0'
            ? false
            : why.set('guestAccountEnabled', because('value.unexpected', { source: LOGINWINDOW, name: 'GuestEnabled' }, firstLine(guest)));

  why.set('accountsWithoutPassword', because('sign-in.macos-no-empty-check'));
  return { ...login, guestAccountEnabled, accountsWithoutPassword: null, ...(await policy), unknown: why.map };
}
