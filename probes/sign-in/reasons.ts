/** Why a fact of the sign-in probe is unknown, in Japanese and English (src/i18n/reasons.ts has the shared ones). */
import { template as t } from '../../src/i18n/message.ts';

export const SIGN_IN_REASONS = {
  'sign-in.linux-no-guest': t(
    (_) => 'Linux ではゲストアカウントを確認しません（標準のゲストアカウントがありません）',
    (_) => 'not read on Linux: it has no standard guest account',
  ),
  'sign-in.macos-no-empty-check': t(
    (_) => 'macOS では、パスワードが空のアカウントを読み取る方法がないため確認しません',
    (_) => 'not read on macOS: it offers no readable sign of an account with an empty password',
  ),
  'sign-in.pwpolicy-no-policies': t(
    (_) => 'pwpolicy -getaccountpolicies がアカウントポリシー（プロパティリスト）を返しませんでした',
    (_) => 'pwpolicy -getaccountpolicies gave no account policies (no property list)',
  ),
  'sign-in.no-password-stack': t<{ paths: readonly string[] }>(
    (p) => `パスワードを設定するときの PAM の設定（${p.paths.join('、')}）が見つかりません`,
    (p) => `no PAM password configuration found (${p.paths.join(', ')})`,
  ),
  'sign-in.no-length-module': t<{ path: string }>(
    (p) => `${p.path} に、新しいパスワードの長さを確かめるモジュール（pam_pwquality、pam_unix）がありません`,
    (p) => `${p.path} has no module that checks a new password's length (pam_pwquality, pam_unix)`,
  ),
  'sign-in.cracklib-not-read': t<{ path: string }>(
    (p) => `${p.path} は pam_cracklib を使っていますが、tenken はその設定を読み取りません`,
    (p) => `${p.path} uses pam_cracklib, whose settings tenken does not read`,
  ),
  'sign-in.automatic-login-unknown': t(
    (_) => '自動ログインの設定の一部を読み取れませんでした（ほかの理由を参照してください）',
    (_) => 'not every automatic-login setting could be read (see the other unknown facts)',
  ),
  'sign-in.no-automatic-login': t((_) => '自動ログインは設定されていません', (_) => 'no automatic login is configured'),
  'sign-in.no-guest-sid': t(
    (_) => 'ローカルのアカウントに組み込みの Guest（SID が -501 で終わるもの）がありません',
    (_) => 'no built-in Guest account (SID ending in -501) among the local accounts',
  ),
  'sign-in.guest-unset': t(
    (_) => 'GuestEnabled が設定されていません。OS の既定値を示す一次情報がないため、値を仮定しません',
    (_) => 'GuestEnabled is not set; no primary source gives the OS default, so it is not assumed',
  ),
};
