/** Windows collector of the sign-in probe: one PowerShell run (SIGN_IN_WINDOWS_SCRIPT in parse-win32.ts). */
import type { z } from 'zod';
import { runPowerShell } from '../../src/powershell.ts';
import { because, reasons, type ProbeContext } from '../../src/probe.ts';
import { SIGN_IN_WINDOWS_SCRIPT, WindowsSignInAnswer } from './parse-win32.ts';
import type { SignInEvidence } from './sign-in.ts';

type Evidence = z.input<typeof SignInEvidence>;
const FACTS = ['automaticLogin', 'automaticLoginUser', 'automaticLoginSources', 'guestAccountEnabled', 'accountsWithoutPassword', 'passwordMinLength', 'passwordPolicySource'] as const;

export async function collectWin32(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  const answer = await runPowerShell(ctx, SIGN_IN_WINDOWS_SCRIPT);
  const parsed = answer.ok ? WindowsSignInAnswer.safeParse(answer.value) : undefined;
  if (!parsed?.success) {
    const reason = !answer.ok ? answer.reason : because('command.unexpected-output', { command: 'PowerShell' });
    for (const path of FACTS) why.set(path, reason);
    return { ...(Object.fromEntries(FACTS.map((f) => [f, null])) as Record<(typeof FACTS)[number], null>), unknown: why.map };
  }
  const a = parsed.data;
  const winlogonKey = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon';

  let login: Pick<Evidence, 'automaticLogin' | 'automaticLoginUser' | 'automaticLoginSources'>;
  if ('error' in a.winlogon) {
    const reason = because('registry.unreadable', { key: winlogonKey }, a.winlogon.error);
    for (const path of ['automaticLogin', 'automaticLoginUser', 'automaticLoginSources']) why.set(path, reason);
    login = { automaticLogin: null, automaticLoginUser: null, automaticLoginSources: null };
  } else if (a.winlogon.autoAdminLogon.trim() === '1') {
    // AutoAdminLogon is a REG_SZ: "1" on, "0" or absent off. Whom it signs in is DefaultUserName.
    const user = a.winlogon.defaultUserName.trim();
    if (user === '') why.set('automaticLoginUser', because('value.missing', { source: winlogonKey, name: 'DefaultUserName' }));
    login = { automaticLogin: true, automaticLoginUser: user === '' ? null : user, automaticLoginSources: ['winlogon'] };
  } else {
    why.set('automaticLoginUser', because('sign-in.no-automatic-login'));
    login = { automaticLogin: false, automaticLoginUser: null, automaticLoginSources: [] };
  }

  let guestAccountEnabled: boolean | null;
  let accountsWithoutPassword: string[] | null;
  if ('error' in a.users) {
    const reason = because('query.failed', { source: 'Get-LocalUser' }, a.users.error);
    guestAccountEnabled = why.set('guestAccountEnabled', reason);
    accountsWithoutPassword = why.set('accountsWithoutPassword', reason);
  } else {
    const guest = a.users.find((u) => /-501$/.test(u.sid));
    guestAccountEnabled = guest ? guest.enabled : why.set('guestAccountEnabled', because('sign-in.no-guest-sid'));
    accountsWithoutPassword = a.users.filter((u) => u.enabled && !u.passwordRequired).map((u) => u.name);
  }

  const policy: Pick<Evidence, 'passwordMinLength' | 'passwordPolicySource'> =
    typeof a.minPasswordLength === 'number'
      ? { passwordMinLength: a.minPasswordLength, passwordPolicySource: 'local-policy' }
      : (() => {
          const reason = because('query.failed', { source: 'WinNT MinPasswordLength' }, a.minPasswordLength.error);
          why.set('passwordMinLength', reason);
          why.set('passwordPolicySource', reason);
          return { passwordMinLength: null, passwordPolicySource: null };
        })();

  return { ...login, guestAccountEnabled, accountsWithoutPassword, ...policy, unknown: why.map };
}
