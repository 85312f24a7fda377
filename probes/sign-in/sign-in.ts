/**
 * Signing in to the PC needs a password (自社診断 No.3, 5か条 3): nobody is signed in automatically at start-up,
 * the guest account is off, no enabled local account goes without a password, and the local password policy's
 * minimum length. Machine-wide settings: nothing here is per user, so no console user is needed.
 * Linux: GDM/LightDM/SDDM and getty autologin, /etc/shadow (root only), the PAM password stack and pwquality.
 * Windows: Winlogon AutoAdminLogon, Get-LocalUser, the local policy's minimum length (ADSI WinNT, no localized text).
 * macOS: com.apple.loginwindow autoLoginUser and GuestEnabled, and the account policies (pwpolicy).
 * The collectors are in linux.ts, win32.ts and darwin.ts; this file declares the evidence.
 */
import { z } from 'zod';
import { defineProbe, evidenceSchema } from '../../src/probe.ts';
import { collectDarwin } from './darwin.ts';
import { collectLinux } from './linux.ts';
import { collectWin32 } from './win32.ts';

export const AUTO_LOGIN_SOURCES = ['gdm', 'lightdm', 'sddm', 'getty', 'winlogon', 'loginwindow'] as const;
export const PASSWORD_POLICY_SOURCES = ['pam_pwquality', 'pam_unix', 'local-policy', 'account-policy'] as const;

export const SignInEvidence = evidenceSchema({
  automaticLogin: z
    .boolean()
    .nullable()
    .describe('whether the PC signs a user in at start-up without asking for a password (Linux: a display manager or getty autologin; Windows: Winlogon AutoAdminLogon=1; macOS: autoLoginUser set)'),
  automaticLoginUser: z.string().nullable().describe('the account signed in automatically; null when there is none or it is not known'),
  automaticLoginSources: z
    .array(z.enum(AUTO_LOGIN_SOURCES))
    .nullable()
    .describe('where an automatic login is configured (empty when nowhere); null when not every place could be read'),
  guestAccountEnabled: z
    .boolean()
    .nullable()
    .describe('whether the guest account may sign in without a password (Windows: the built-in Guest, SID …-501, enabled; macOS: GuestEnabled); not read on Linux'),
  accountsWithoutPassword: z
    .array(z.string())
    .nullable()
    .describe(
      'enabled local accounts that can sign in without a password (Linux: an empty password field in /etc/shadow; Windows: enabled accounts with PasswordRequired off, which Windows lets have an empty password); not read on macOS',
    ),
  passwordMinLength: z
    .number()
    .int()
    .nonnegative()
    .nullable()
    .describe('the shortest new password the local password policy accepts (Linux: pam_pwquality minlen less positive credits, or pam_unix minlen; Windows: MinimumPasswordLength, 0 = none; macOS: the longest length the account policies\' password-content rules require, 0 = none)'),
  passwordPolicySource: z.enum(PASSWORD_POLICY_SOURCES).nullable().describe('what sets passwordMinLength: the PAM module that checks new passwords, the Windows local security policy, or the macOS account policies (pwpolicy)'),
});
export type SignInEvidence = z.infer<typeof SignInEvidence>;

export * from './parse.ts';

export default defineProbe({
  id: 'sign-in',
  version: '1.1.0',
  title: { ja: 'サインインとパスワード', en: 'Sign-in and passwords' },
  evidence: SignInEvidence,
  collect: { linux: collectLinux, win32: collectWin32, darwin: collectDarwin },
});
