/**
 * Host firewall, one evidence for every platform: `frontend`, `active` and `defaultInbound` mean the same
 * everywhere (what filters unsolicited inbound traffic, whether it is in force, what traffic that nothing
 * allows meets); platform details sit in `ufw`/`firewalld`/`ruleset` (Linux), `windows` and `macos`.
 * Windows (win32.ts): Windows Defender Firewall profiles of the networks in use, effective store; macOS
 * (darwin.ts): the application firewall through socketfilterfw. Linux: which frontend governs inbound traffic (ufw, firewalld, or a bare nftables/iptables
 * ruleset), whether it is loaded, and what unsolicited inbound traffic meets by default. "Enabled" is not
 * "effective" (research/probes.md §8.10): ufw's unit is active even with ENABLED=no, and firewalld's
 * Fedora Workstation zone opens ports 1025-65535, so the probe reports the loaded state and what the zone
 * opens, never a verdict. The kernel ruleset needs root; without it, ufw.conf and systemd are all there is.
 */
import { z } from 'zod';
import { defineProbe, evidenceSchema } from '../../src/probe.ts';
import { collectDarwin } from './darwin.ts';
import { collectLinux } from './linux.ts';
import { collectWin32 } from './win32.ts';

export * from './parse.ts';
export * from './parse-darwin.ts';
export * from './parse-win32.ts';

const InboundDefault = z.enum(['deny', 'reject', 'allow']);

const ProfileName = z.enum(['domain', 'private', 'public']);

const WindowsProfile = z.strictObject({
  enabled: z.boolean().nullable().describe('the profile is on (GpoBoolean Enabled)'),
  defaultInboundAction: z.enum(['block', 'allow', 'not-configured']).nullable().describe('DefaultInboundAction as the active store reports it'),
  defaultInbound: InboundDefault.nullable().describe('what unsolicited inbound traffic meets in this profile: allow when the profile is off; NotConfigured is the built-in Block (deny)'),
  enforcedByPolicy: z.boolean().nullable().describe('EnableFirewall set by Group Policy (HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall): true forced on, false forced off, null not set'),
});

const InputChain = z.strictObject({
  family: z.enum(['ip', 'ip6', 'inet']).describe('nftables family: ip = IPv4, ip6 = IPv6, inet = both'),
  table: z.string(),
  name: z.string(),
  policy: z.enum(['accept', 'drop']).describe('the chain policy'),
  ruleCount: z.number().int().nonnegative().describe('rules in the chain'),
  finalVerdict: z.enum(['drop', 'reject']).nullable().describe('verdict of a last rule that matches every packet (acts as the default); null when there is none'),
});

export const FirewallEvidence = evidenceSchema({
  frontend: z
    .enum(['ufw', 'firewalld', 'nftables', 'iptables', 'windows-firewall', 'macos-application-firewall', 'third-party', 'none'])
    .nullable()
    .describe(
      'what filters inbound traffic: Linux an active ufw, a running firewalld, else a bare ruleset read with nft or iptables; Windows Windows Defender Firewall, or a third-party firewall registered in Windows Security Center; macOS the application firewall; none when nothing does',
    ),
  active: z
    .boolean()
    .nullable()
    .describe(
      'whether an inbound packet filter is in force: Linux loaded in the kernel (rules or a non-accept default); Windows the profile of every connected network is on; macOS the application firewall is on',
    ),
  defaultInbound: InboundDefault.nullable().describe(
    'what unsolicited inbound traffic that no rule allows meets; allow when either IPv4 or IPv6 lets it in (Linux), when a profile in use is off or allows (Windows), when the application firewall is off (macOS)',
  ),
  ufw: z
    .strictObject({
      enabledInConfig: z.boolean().nullable().describe('ENABLED=yes in /etc/ufw/ufw.conf (ufw loads its rules at boot)'),
      serviceState: z.string().nullable().describe('`systemctl is-active ufw` (active even when ENABLED=no: the unit is a oneshot)'),
      status: z.enum(['active', 'inactive']).nullable().describe('`ufw status verbose`: whether ufw chains are loaded (root only)'),
      defaultIncoming: InboundDefault.nullable().describe('"Default: … (incoming)" of `ufw status verbose` (root only, printed while active)'),
      configuredDefaultIncoming: InboundDefault.nullable().describe('DEFAULT_INPUT_POLICY in /etc/default/ufw, applied when ufw loads'),
      inboundAllowRules: z.array(z.string()).nullable().describe('rules that allow inbound traffic, "<to> from <from>" (root only)'),
    })
    .nullable()
    .optional()
    .describe('Linux: ufw facts; null when ufw is not installed'),
  firewalld: z
    .strictObject({
      state: z.enum(['running', 'failed', 'not-running']).nullable().describe('`firewall-cmd --state` (by its exit code)'),
      serviceState: z.string().nullable().describe('`systemctl is-active firewalld`'),
      defaultZone: z.string().nullable().describe('the default zone, which applies to interfaces not bound to another zone'),
      target: z.string().nullable().describe('the default zone target: default | %%REJECT%% | DROP | ACCEPT ("default" rejects)'),
      services: z.array(z.string()).nullable().describe('services the default zone allows inbound'),
      ports: z.array(z.string()).nullable().describe('ports the default zone allows inbound, e.g. "1025-65535/tcp"'),
      openPortCount: z.number().int().nonnegative().nullable().describe('how many ports `ports` opens, tcp and udp counted apart (Fedora Workstation: 129022)'),
      richRules: z.array(z.string()).nullable().describe('rich rules of the default zone'),
      interfaces: z.array(z.string()).nullable().describe('interfaces bound to the default zone'),
    })
    .nullable()
    .optional()
    .describe('Linux: firewalld facts; null when firewalld is not installed'),
  ruleset: z
    .strictObject({
      tool: z.enum(['nft', 'iptables-nft', 'iptables-legacy']).describe('what listed the kernel ruleset'),
      inputChains: z.array(InputChain).describe('base filter chains on the input hook (IPv4/IPv6 families only)'),
      ipv4DefaultInbound: InboundDefault.describe('what IPv4 inbound traffic no rule allows meets'),
      ipv6DefaultInbound: InboundDefault.describe('what IPv6 inbound traffic no rule allows meets'),
    })
    .nullable()
    .optional()
    .describe('Linux: the loaded kernel ruleset (root only)'),
  windows: z
    .strictObject({
      profiles: z
        .strictObject({ domain: WindowsProfile, private: WindowsProfile, public: WindowsProfile })
        .nullable()
        .describe('Windows Defender Firewall profiles from Get-NetFirewallProfile -PolicyStore ActiveStore (Group Policy and MDM merged)'),
      connections: z
        .array(
          z.strictObject({
            interfaceAlias: z.string().describe('the adapter, as Windows names it ("Wi-Fi", "イーサネット")'),
            profile: ProfileName.describe('the firewall profile its network category selects (NetworkCategory Public, Private, DomainAuthenticated)'),
          }),
        )
        .nullable()
        .describe('connected networks (Get-NetConnectionProfile); empty when none is connected'),
      thirdPartyFirewalls: z
        .array(
          z.strictObject({
            name: z.string().describe('displayName in root/SecurityCenter2 FirewallProduct'),
            state: z.enum(['on', 'off', 'snoozed', 'expired']).nullable().describe('productState bits 0xF000'),
            productState: z.int().describe('the raw WSC productState'),
          }),
        )
        .nullable()
        .describe('firewalls registered in Windows Security Center (Windows Firewall itself is not listed); null where WSC cannot be queried, e.g. Windows Server'),
    })
    .nullable()
    .optional()
    .describe('Windows facts; null when PowerShell could not answer'),
  macos: z
    .strictObject({
      globalState: z.union([z.literal(0), z.literal(1), z.literal(2)]).nullable().describe('socketfilterfw --getglobalstate "(State = N)": 0 off, 1 on, 2 on blocking all incoming connections'),
      blockAll: z.boolean().nullable().describe('socketfilterfw --getblockall: "Block all incoming connections"'),
      stealthMode: z.boolean().nullable().describe('socketfilterfw --getstealthmode: no answer to pings and to probes of closed ports'),
      allowSignedBuiltIn: z.boolean().nullable().describe('built-in software may receive incoming connections without asking (--getallowsigned)'),
      allowSignedDownloaded: z.boolean().nullable().describe('downloaded signed software may receive incoming connections without asking (--getallowsigned)'),
      settingsFrom: z
        .enum(['socketfilterfw', 'managed-profile'])
        .nullable()
        .describe('where globalState was read: socketfilterfw, or the MDM firewall profile (com.apple.security.firewall) when socketfilterfw refuses to answer on a managed Mac'),
    })
    .optional()
    .describe('macOS application firewall facts'),
});
export type FirewallEvidence = z.infer<typeof FirewallEvidence>;

export default defineProbe({
  id: 'firewall',
  version: '1.2.0',
  title: { ja: 'ホストファイアウォール', en: 'Host firewall' },
  evidence: FirewallEvidence,
  collect: { linux: collectLinux, win32: collectWin32, darwin: collectDarwin },
  timeoutMs: 15_000,
});
