/**
 * Host firewall. Linux: which frontend governs inbound traffic (ufw, firewalld, or a bare nftables/iptables
 * ruleset), whether it is loaded, and what unsolicited inbound traffic meets by default. "Enabled" is not
 * "effective" (research/probes.md §8.10): ufw's unit is active even with ENABLED=no, and firewalld's
 * Fedora Workstation zone opens ports 1025-65535, so the probe reports the loaded state and what the zone
 * opens, never a verdict. The kernel ruleset needs root; without it, ufw.conf and systemd are all there is.
 */
import { z } from 'zod';
import { defineProbe, evidenceSchema } from '../../src/probe.ts';
import { collectLinux } from './linux.ts';

export * from './parse.ts';

const InboundDefault = z.enum(['deny', 'reject', 'allow']);

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
    .enum(['ufw', 'firewalld', 'nftables', 'iptables', 'none'])
    .nullable()
    .describe('what filters inbound traffic: an active ufw, a running firewalld, else a bare ruleset read with nft or iptables; none when nothing does'),
  active: z.boolean().nullable().describe('whether an inbound packet filter is loaded in the kernel (rules or a non-accept default)'),
  defaultInbound: InboundDefault.nullable().describe('what unsolicited inbound traffic that no rule allows meets; allow when either IPv4 or IPv6 lets it in'),
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
    .describe('ufw facts; null when ufw is not installed'),
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
    .describe('firewalld facts; null when firewalld is not installed'),
  ruleset: z
    .strictObject({
      tool: z.enum(['nft', 'iptables-nft', 'iptables-legacy']).describe('what listed the kernel ruleset'),
      inputChains: z.array(InputChain).describe('base filter chains on the input hook (IPv4/IPv6 families only)'),
      ipv4DefaultInbound: InboundDefault.describe('what IPv4 inbound traffic no rule allows meets'),
      ipv6DefaultInbound: InboundDefault.describe('what IPv6 inbound traffic no rule allows meets'),
    })
    .nullable()
    .describe('the loaded kernel ruleset (root only)'),
});
export type FirewallEvidence = z.infer<typeof FirewallEvidence>;

export default defineProbe({
  id: 'firewall',
  version: '1.0.0',
  title: { ja: 'ホストファイアウォール', en: 'Host firewall' },
  evidence: FirewallEvidence,
  collect: { linux: collectLinux },
  timeoutMs: 15_000,
});
