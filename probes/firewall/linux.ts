/**
 * The Linux collector of the firewall probe. Order: ufw, firewalld, then (root only) the kernel ruleset
 * through nft, or iptables where nft is not installed. Each source that is missing is a fact (not
 * installed); each that answers oddly leaves its facts null with a reason.
 */
import { because, firstLine, reasons, runIfInstalled as runIfPresent, saidBy, type ProbeContext } from '../../src/probe.ts';
import type { z } from 'zod';
import type { FirewallEvidence } from './firewall.ts';
import type { Undetermined } from './reasons.ts';
import {
  countPorts,
  familyDefault,
  firewalldTargetToInbound,
  parseFirewalldState,
  parseFirewalldZone,
  parseIptablesInput,
  parseIptablesVariant,
  parseIsActive,
  parseNftRuleset,
  parseUfwDefaultInput,
  parseUfwEnabled,
  parseUfwStatus,
  type InboundDefault,
  type InputChain,
} from './parse.ts';

type Evidence = z.input<typeof FirewallEvidence>;
/** Why the ruleset is unknown, where the summary can say it in its own words. */
const RULESET_UNKNOWN: Partial<Record<string, Undetermined>> = { 'needs-admin': 'ruleset-needs-admin', 'firewall.no-ruleset-tool': 'ruleset-no-tool' };
type Why = ReturnType<typeof reasons>;

/** `systemctl is-active <unit>`; null (with a reason) without systemd, e.g. in a container. */
async function unitState(ctx: ProbeContext, unit: string, path: string, why: Why): Promise<string | null> {
  const r = await runIfPresent(ctx, 'systemctl', ['is-active', unit]);
  if (!r) return why.set(path, because('command.missing', { command: 'systemctl' }));
  return parseIsActive(r.stdout) ?? why.set(path, because('command.unexpected-output', { command: 'systemctl is-active' }, saidBy(r)));
}

async function collectUfw(ctx: ProbeContext, why: Why): Promise<Evidence['ufw']> {
  // `ufw status` refuses non-root ("You need to be root"); `ufw --version` does not, and proves the
  // command is installed (a removed-but-not-purged ufw leaves /etc/ufw/ufw.conf behind).
  const probe = ctx.isAdmin ? await runIfPresent(ctx, 'ufw', ['status', 'verbose']) : await runIfPresent(ctx, 'ufw', ['--version']);
  if (!probe) return why.set('ufw', because('command.missing', { command: 'ufw' }));
  const conf = await ctx.readFile('/etc/ufw/ufw.conf');
  const defaults = await ctx.readFile('/etc/default/ufw');
  const ufw: NonNullable<Evidence['ufw']> = {
    enabledInConfig:
      conf === undefined ? why.set('ufw.enabledInConfig', because('file.missing', { path: '/etc/ufw/ufw.conf' })) : (parseUfwEnabled(conf) ?? why.set('ufw.enabledInConfig', because('value.missing', { source: '/etc/ufw/ufw.conf', name: 'ENABLED' }))),
    serviceState: await unitState(ctx, 'ufw', 'ufw.serviceState', why),
    status: null,
    defaultIncoming: null,
    configuredDefaultIncoming:
      defaults === undefined
        ? why.set('ufw.configuredDefaultIncoming', because('file.missing', { path: '/etc/default/ufw' }))
        : (parseUfwDefaultInput(defaults) ?? why.set('ufw.configuredDefaultIncoming', because('value.missing', { source: '/etc/default/ufw', name: 'DEFAULT_INPUT_POLICY' }))),
    inboundAllowRules: null,
  };
  if (!ctx.isAdmin) {
    for (const f of ['status', 'defaultIncoming', 'inboundAllowRules']) why.set(`ufw.${f}`, because('ufw.needs-admin'));
    return ufw;
  }
  const status = parseUfwStatus(probe.stdout);
  if (!status) {
    const reason = because('command.unexpected-output', { command: 'ufw status verbose' }, firstLine(probe.stdout) || firstLine(probe.stderr));
    return { ...ufw, status: why.set('ufw.status', reason), defaultIncoming: why.set('ufw.defaultIncoming', reason), inboundAllowRules: why.set('ufw.inboundAllowRules', reason) };
  }
  return {
    ...ufw,
    status: status.status,
    defaultIncoming: status.defaultIncoming ?? why.set('ufw.defaultIncoming', because('ufw.defaults-when-active')),
    inboundAllowRules: status.inboundAllowRules ?? why.set('ufw.inboundAllowRules', because('ufw.inactive-no-rules')),
  };
}

async function collectFirewalld(ctx: ProbeContext, why: Why): Promise<Evidence['firewalld']> {
  // firewall-cmd asks the daemon over D-Bus; its polkit "info" action is allowed for any user by default.
  const stateRun = await runIfPresent(ctx, 'firewall-cmd', ['--state']);
  if (!stateRun) return why.set('firewalld', because('command.missing', { command: 'firewalld' }));
  const state = parseFirewalldState(stateRun.exitCode);
  const fw: NonNullable<Evidence['firewalld']> = {
    state: state ?? why.set('firewalld.state', because('command.failed', { command: 'firewall-cmd --state', exitCode: stateRun.exitCode }, saidBy(stateRun))),
    serviceState: await unitState(ctx, 'firewalld', 'firewalld.serviceState', why),
    defaultZone: null,
    target: null,
    services: null,
    ports: null,
    openPortCount: null,
    richRules: null,
    interfaces: null,
  };
  const zoneFields = ['defaultZone', 'target', 'services', 'ports', 'openPortCount', 'richRules', 'interfaces'] as const;
  if (state !== 'running') {
    for (const f of zoneFields) why.set(`firewalld.${f}`, because('firewalld.not-running'));
    return fw;
  }
  // --list-all without --zone prints the default zone (firewall-cmd: `z = zone if zone else fw.getDefaultZone()`).
  const list = await ctx.run('firewall-cmd', ['--list-all']);
  const zone = list.exitCode === 0 ? parseFirewalldZone(list.stdout) : null;
  if (!zone) {
    const reason =
      list.exitCode === 0 ? because('command.unexpected-output', { command: 'firewall-cmd --list-all' }) : because('command.failed', { command: 'firewall-cmd --list-all', exitCode: list.exitCode }, saidBy(list));
    for (const f of zoneFields) why.set(`firewalld.${f}`, reason);
    return fw;
  }
  return {
    ...fw,
    defaultZone: zone.zone,
    target: zone.target ?? why.set('firewalld.target', because('firewalld.no-target')),
    services: zone.services,
    ports: zone.ports,
    openPortCount: countPorts(zone.ports) ?? why.set('firewalld.openPortCount', because('value.unexpected', { source: 'firewall-cmd --list-all', name: 'ports' }, zone.ports.join(' '))),
    richRules: zone.richRules,
    interfaces: zone.interfaces,
  };
}

async function collectRuleset(ctx: ProbeContext, why: Why): Promise<Evidence['ruleset']> {
  if (!ctx.isAdmin) return why.set('ruleset', because('needs-admin', { what: 'nft list ruleset / iptables -S' }));
  let tool: NonNullable<Evidence['ruleset']>['tool'];
  let chains: InputChain[] | null;
  const nft = await runIfPresent(ctx, 'nft', ['-j', 'list', 'ruleset']);
  if (nft) {
    if (nft.exitCode !== 0) return why.set('ruleset', because('command.failed', { command: 'nft -j list ruleset', exitCode: nft.exitCode }, saidBy(nft)));
    tool = 'nft';
    chains = parseNftRuleset(nft.stdout);
  } else {
    // No nft (e.g. Ubuntu 20.04, iptables-legacy): iptables lists only its own tables, one family each.
    const version = await runIfPresent(ctx, 'iptables', ['-V']);
    if (!version) return why.set('ruleset', because('firewall.no-ruleset-tool'));
    const variant = parseIptablesVariant(version.stdout);
    if (!variant) return why.set('ruleset', because('command.unexpected-output', { command: 'iptables -V' }, firstLine(version.stdout)));
    tool = variant;
    const v4 = await ctx.run('iptables', ['-S', 'INPUT']);
    const v6 = await runIfPresent(ctx, 'ip6tables', ['-S', 'INPUT']);
    const c4 = v4.exitCode === 0 ? parseIptablesInput(v4.stdout, 'ip') : null;
    const c6 = v6 && v6.exitCode === 0 ? parseIptablesInput(v6.stdout, 'ip6') : null;
    chains = c4 && (c6 || !v6) ? [c4, ...(c6 ? [c6] : [])] : null;
    if (chains && !v6) why.set('ruleset.ipv6DefaultInbound', because('command.missing', { command: 'ip6tables' }));
  }
  if (!chains) return why.set('ruleset', because('command.unexpected-output', { command: tool === 'nft' ? 'nft -j list ruleset' : 'iptables -S INPUT' }));
  return { tool, inputChains: chains, ipv4DefaultInbound: familyDefault(chains, 'ipv4'), ipv6DefaultInbound: familyDefault(chains, 'ipv6') };
}

export async function collectLinux(ctx: ProbeContext): Promise<Evidence> {
  // The three sources do not depend on each other: they are read at once, each with its own reasons, which are
  // then kept in this order (the evidence's `unknown` reads the same as when they ran one after another).
  const [ufwWhy, firewalldWhy, rulesetWhy] = [reasons(), reasons(), reasons()];
  const [ufw, firewalld, ruleset] = await Promise.all([collectUfw(ctx, ufwWhy), collectFirewalld(ctx, firewalldWhy), collectRuleset(ctx, rulesetWhy)]);
  const why = reasons();
  Object.assign(why.map, ufwWhy.map, firewalldWhy.map, rulesetWhy.map);

  // Is ufw loaded? As root `ufw status` says so from the kernel. Without root, ENABLED=yes plus an active
  // ufw.service means ufw-init loaded the rules at boot (`ufw disable` rewrites ENABLED=no).
  const ufwLoaded = !ufw
    ? false
    : ufw.status !== null
      ? ufw.status === 'active'
      : ufw.enabledInConfig === false
        ? false
        : ufw.enabledInConfig === true && ufw.serviceState === 'active'
          ? true
          : ufw.enabledInConfig === true && ufw.serviceState !== null
            ? false
            : null;
  const firewalldRunning = !firewalld ? false : firewalld.state === null ? null : firewalld.state !== 'not-running';
  const rulesetFilters = ruleset ? ruleset.inputChains.some((c) => c.ruleCount > 0 || c.policy !== 'accept') : null;

  let frontend: Evidence['frontend'];
  let defaultInbound: InboundDefault | null;
  if (ufwLoaded && ufw) {
    frontend = 'ufw';
    defaultInbound = ufw.defaultIncoming ?? ufw.configuredDefaultIncoming ?? null;
  } else if (firewalldRunning && firewalld) {
    frontend = 'firewalld';
    defaultInbound = firewalld.target ? firewalldTargetToInbound(firewalld.target) : null;
  } else if (ruleset && rulesetFilters) {
    frontend = ruleset.tool === 'nft' ? 'nftables' : 'iptables';
    defaultInbound = combine(ruleset.ipv4DefaultInbound, ruleset.ipv6DefaultInbound);
  } else if (ruleset && ufwLoaded === false && firewalldRunning === false) {
    frontend = 'none';
    defaultInbound = 'allow';
  } else {
    frontend = null;
    defaultInbound = null;
  }

  if (frontend === null) {
    const reason = because('firewall.undetermined', {
      unknown: [
        ...(ufwLoaded === null ? (['ufw'] as const) : []),
        ...(firewalldRunning === null ? (['firewalld'] as const) : []),
        ...(ruleset === null ? [RULESET_UNKNOWN[why.map.ruleset?.code ?? ''] ?? ('ruleset' as const)] : []),
      ],
    });
    why.set('frontend', reason);
    why.set('active', reason);
    why.set('defaultInbound', reason);
  } else if (defaultInbound === null) {
    why.set('defaultInbound', because(frontend === 'ufw' ? 'ufw.default-unknown' : 'firewalld.target-unknown'));
  }

  return {
    frontend,
    active: frontend === null ? null : frontend !== 'none',
    defaultInbound,
    ufw,
    firewalld,
    ruleset,
    unknown: why.map,
  };
}

/** IPv4 and IPv6 together: open if either lets traffic in; otherwise the IPv4 verdict. */
function combine(v4: InboundDefault, v6: InboundDefault): InboundDefault {
  return v4 === 'allow' || v6 === 'allow' ? 'allow' : v4;
}
