/** Why a fact of the firewall probe is unknown, in Japanese and English (src/i18n/reasons.ts has the shared ones). */
import { template as t } from '../../src/i18n/message.ts';

const UNDETERMINED = {
  ufw: { ja: 'ufw が読み込まれているか', en: 'whether ufw is loaded' },
  firewalld: { ja: 'firewalld が動作しているか', en: 'whether firewalld runs' },
  ruleset: { ja: 'カーネルのルールセット', en: 'the kernel ruleset' },
  'ruleset-needs-admin': { ja: 'カーネルのルールセット（読み取りには管理者権限が必要です）', en: 'the kernel ruleset (reading it needs administrator rights)' },
  'ruleset-no-tool': { ja: 'カーネルのルールセット（nft も iptables もインストールされていません）', en: 'the kernel ruleset (neither nft nor iptables is installed)' },
} as const;
export type Undetermined = keyof typeof UNDETERMINED;

export const FIREWALL_REASONS = {
  'firewall.undetermined': t<{ unknown: readonly Undetermined[] }>(
    (p) => `ファイアウォールの状態を判断できません。わからない点: ${p.unknown.map((u) => UNDETERMINED[u].ja).join('、')}`,
    (p) => `could not establish ${p.unknown.map((u) => UNDETERMINED[u].en).join(', nor ')}`,
  ),
  'ufw.needs-admin': t((_) => 'ufw status の実行には管理者権限が必要です', (_) => 'ufw status needs root'),
  'ufw.defaults-when-active': t((_) => 'ufw は有効なときだけ既定のポリシーを表示します', (_) => 'ufw prints its defaults only while active'),
  'ufw.inactive-no-rules': t(
    (_) => 'ufw が無効なため規則の一覧が表示されません（規則は適用されておらず、一覧できません）',
    (_) => 'ufw is inactive: it prints no rule table, so its rules are not in force and cannot be listed',
  ),
  'ufw.default-unknown': t((_) => 'ufw の受信の既定ポリシーがわかりません', (_) => 'ufw default incoming policy unknown'),
  'firewalld.not-running': t((_) => 'firewalld が動作していません', (_) => 'firewalld is not running'),
  'firewalld.no-target': t(
    (_) => 'firewall-cmd --list-all が target 行を表示しませんでした（firewalld 0.4 より前）',
    (_) => 'firewall-cmd --list-all printed no target line (firewalld before 0.4)',
  ),
  'firewalld.target-unknown': t((_) => 'firewalld のゾーンの target がわかりません', (_) => 'firewalld zone target unknown'),
  'firewall.profile-not-configured': t(
    (_) => '有効なストアが Enabled = NotConfigured を報告しました（本来は解決済みの値を返すはずです）',
    (_) => 'the active store reported Enabled = NotConfigured, which it should have resolved',
  ),
  'firewall.profile-state-unknown': t((_) => 'このプロファイルが有効かどうかわかりません', (_) => 'whether the profile is on is unknown'),
  'firewall.profile-action-unknown': t((_) => 'このプロファイルの受信の既定の動作がわかりません', (_) => 'its default inbound action is unknown'),
  'firewall.profiles-missing': t<{ profiles: readonly string[] }>(
    (p) => `Get-NetFirewallProfile が ${p.profiles.join('、')} プロファイルを返しませんでした`,
    (p) => `Get-NetFirewallProfile did not list the ${p.profiles.join(', ')} profile`,
  ),
  'firewall.third-party-default': t<{ products: readonly string[] }>(
    (p) => `${p.products.map((x) => `「${x}」`).join('、')}が受信の通信を制御しており、その既定の動作は Windows に公開されていません`,
    (p) => `${p.products.join(', ')} filters inbound traffic; its default is not published to Windows`,
  ),
  'firewall.used-profile-state-unknown': t((_) => '使用中のプロファイルが有効かどうかわかりません', (_) => 'whether a profile in use is on is unknown'),
  'firewall.used-profile-action-unknown': t((_) => '使用中のプロファイルの受信の既定の動作がわかりません', (_) => 'the default inbound action of a profile in use is unknown'),
  'firewall.profiles-differ': t(
    (_) => 'プロファイルごとに設定が異なり、接続中のネットワークがどのプロファイルかわかりません',
    (_) => 'the profiles differ and the connected networks are unknown',
  ),
  'firewall.managed-refusal': t<{ option: string; profile: 'missing' | 'unreadable' | 'unset'; file: string }>(
    (p) =>
      `この Mac は管理されているため socketfilterfw ${p.option} が応答せず、${{ missing: `ファイアウォールのプロファイル（${p.file}）もありません`, unreadable: `ファイアウォールのプロファイル（${p.file}）も読み取れません`, unset: 'ファイアウォールのプロファイルにもこの設定がありません' }[p.profile]}`,
    (p) =>
      `socketfilterfw ${p.option} refuses to answer on this managed Mac, and ${{ missing: `no firewall profile is installed (${p.file} does not exist)`, unreadable: `${p.file} could not be read as a dictionary`, unset: 'the firewall profile does not set it' }[p.profile]}`,
  ),
  'firewall.no-ruleset-tool': t(
    (_) => 'nft も iptables もインストールされていないため、カーネルのルールセットを一覧できません',
    (_) => 'neither nft nor iptables is installed, so the kernel ruleset cannot be listed',
  ),
};
