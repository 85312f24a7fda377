/**
 * Pure parsers for the Windows firewall collector: the JSON document FIREWALL_WINDOWS_SCRIPT prints, and
 * the integer enums PowerShell 5.1's ConvertTo-Json writes for the NetSecurity/NetConnection/WSC values.
 */
import { z } from 'zod';
import type { InboundDefault } from './parse.ts';

/**
 * One PowerShell process answers everything (research/probes.md §0.4). Each source is wrapped in its own
 * try/catch so that a missing cmdlet (NetSecurity/NetConnection are Windows 8+ modules), an invalid
 * SecurityCenter2 namespace (Windows Server has none) or an access denial leaves only its own facts null.
 * `-PolicyStore ActiveStore` is the effective state with Group Policy and MDM merged over local settings;
 * the policy registry values are read as well, to say which profile a GPO forces (EnableFirewall 0/1 under
 * HKLM\SOFTWARE\Policies\Microsoft\WindowsFirewall\<Profile>). The Administrative Templates policy "Protect all
 * network connections" (WindowsFirewall.admx, WF_EnableFirewall_Name_1/_2) writes DomainProfile and
 * StandardProfile — "standard" is every network that is not the domain's, so it covers private and public; the
 * Windows Defender Firewall with Advanced Security snap-in writes Domain/Private/PublicProfile (admx.help; the
 * build 26100 ADMX defines only the two). Where both set a value, the snap-in's per-profile one is read first. Everything here works for a standard user. Enums are cast to [int] so the document is the
 * same under PowerShell 5.1 and 7; $null stays $null (an [int] cast would turn it into 0 = False/NotConfigured).
 */
export const FIREWALL_WINDOWS_SCRIPT = String.raw`
function Int($v) { if ($null -eq $v) { $null } else { [int]$v } }
$r = [ordered]@{}
try {
  $r.profiles = @(Get-NetFirewallProfile -PolicyStore ActiveStore | ForEach-Object {
    [ordered]@{ name = [string]$_.Name; enabled = Int $_.Enabled; defaultInboundAction = Int $_.DefaultInboundAction }
  })
} catch { $r.profiles = @{ error = $_.Exception.Message } }
try {
  $r.connections = @(Get-NetConnectionProfile | ForEach-Object {
    [ordered]@{ interfaceAlias = [string]$_.InterfaceAlias; networkCategory = Int $_.NetworkCategory }
  })
} catch { $r.connections = @{ error = $_.Exception.Message } }
$r.policy = [ordered]@{}
foreach ($p in 'DomainProfile', 'StandardProfile', 'PrivateProfile', 'PublicProfile') {
  $r.policy[$p] = Int (Get-ItemProperty -LiteralPath "HKLM:\SOFTWARE\Policies\Microsoft\WindowsFirewall\$p" -ErrorAction SilentlyContinue).EnableFirewall
}
try {
  $r.products = @(Get-CimInstance -Namespace root/SecurityCenter2 -ClassName FirewallProduct | ForEach-Object {
    [ordered]@{ displayName = [string]$_.displayName; productState = [int64]$_.productState }
  })
} catch { $r.products = @{ error = $_.Exception.Message } }
$r`;

const SourceError = z.strictObject({ error: z.string() });
const orError = <T extends z.ZodType>(t: T) => z.union([t, SourceError]);

export const WindowsFirewallAnswer = z.object({
  profiles: orError(z.array(z.object({ name: z.string(), enabled: z.int().nullable(), defaultInboundAction: z.int().nullable() }))),
  connections: orError(z.array(z.object({ interfaceAlias: z.string(), networkCategory: z.int().nullable() }))),
  policy: z.object({
    DomainProfile: z.int().nullable(),
    // Read since tenken 0.1 (2026-12); absent from answers of the earlier script.
    StandardProfile: z.int().nullable().optional(),
    PrivateProfile: z.int().nullable(),
    PublicProfile: z.int().nullable(),
  }),
  products: orError(z.array(z.object({ displayName: z.string(), productState: z.int() }))),
});
export type WindowsFirewallAnswer = z.infer<typeof WindowsFirewallAnswer>;

export type ProfileName = 'domain' | 'private' | 'public';
export const PROFILE_NAMES: readonly ProfileName[] = ['domain', 'private', 'public'];

/** NetSecurity GpoBoolean: 0 False, 1 True, 2 NotConfigured (MSFT_NetFirewallProfile.Enabled). */
export function gpoBoolean(n: number | null): boolean | 'not-configured' | null {
  return n === 0 ? false : n === 1 ? true : n === 2 ? 'not-configured' : null;
}

/** NetSecurity Action: 0 NotConfigured, 2 Allow, 4 Block (MSFT_NetFirewallProfile.DefaultInboundAction). */
export function firewallAction(n: number | null): 'not-configured' | 'allow' | 'block' | null {
  return n === 0 ? 'not-configured' : n === 2 ? 'allow' : n === 4 ? 'block' : null;
}

/**
 * What unsolicited inbound traffic meets in one profile. An enabled profile applies its default action;
 * NotConfigured means the built-in default, Block ("These settings are Block by default",
 * INetFwPolicy2::get_DefaultInboundAction). Windows Firewall drops blocked packets without an answer, so
 * Block is `deny`. A profile that is off filters nothing: `allow`.
 */
export function profileInbound(enabled: boolean | null, action: 'not-configured' | 'allow' | 'block' | null): InboundDefault | null {
  if (enabled === false) return 'allow';
  if (enabled !== true || action === null) return null;
  return action === 'allow' ? 'allow' : 'deny';
}

/** NLM_NETWORK_CATEGORY (NetConnectionProfile.NetworkCategory): 0 Public, 1 Private, 2 DomainAuthenticated. */
export function networkCategory(n: number | null): ProfileName | null {
  return n === 0 ? 'public' : n === 1 ? 'private' : n === 2 ? 'domain' : null;
}

/** Profile name as Get-NetFirewallProfile prints it ("Domain", "Private", "Public"); not localized. */
export function profileName(name: string): ProfileName | null {
  const n = name.toLowerCase();
  return n === 'domain' || n === 'private' || n === 'public' ? n : null;
}

/**
 * WSC productState: bits 0xF000 are the product state (WSC_SECURITY_PRODUCT_STATE: 0x0000 off, 0x1000 on,
 * 0x2000 snoozed, 0x3000 expired). Undocumented as a whole; the masks are the ones research/probes.md §8.6
 * names.
 */
export function wscProductState(productState: number): 'off' | 'on' | 'snoozed' | 'expired' | null {
  const s = (productState & 0xf000) >> 12;
  return s === 0 ? 'off' : s === 1 ? 'on' : s === 2 ? 'snoozed' : s === 3 ? 'expired' : null;
}

/** The policy registry's EnableFirewall DWORD: 1 forces the profile on, 0 off, absent = not set by policy. */
export function policyEnableFirewall(n: number | null): boolean | null {
  return n === 1 ? true : n === 0 ? false : null;
}
