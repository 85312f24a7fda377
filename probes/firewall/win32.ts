/**
 * The Windows collector of the firewall probe: Windows Defender Firewall's three profiles as the active
 * (effective) store reports them, the network category of every connected network, the profiles a Group
 * Policy forces, and third-party firewalls registered in Windows Security Center. One PowerShell process
 * (FIREWALL_WINDOWS_SCRIPT); no netsh, whose output is localized.
 *
 * Which profiles `active` and `defaultInbound` describe: those of the networks in use. Windows applies to
 * each connected network the profile of its category (Public, Private, DomainAuthenticated → Domain), and
 * since Windows 7 several profiles can be active at once, one per network. So:
 *  - active = every in-use profile is on; one connected network whose profile is off → false;
 *  - defaultInbound = the most open of the in-use profiles (an off profile lets everything in: allow);
 *  - no network connected: all three profiles (the next network joined will use one of them);
 *  - connected networks unknown (Get-NetConnectionProfile failed): all three, and only when they agree.
 * A third-party firewall that WSC reports on counts as an active filter when Windows Firewall is not; what it
 * does with inbound traffic is not published to Windows, so defaultInbound is then unknown.
 */
import { because, reasons, type ProbeContext } from '../../src/probe.ts';
import { runPowerShell } from '../../src/powershell.ts';
import type { z } from 'zod';
import type { FirewallEvidence } from './firewall.ts';
import type { InboundDefault } from './parse.ts';
import {
  FIREWALL_WINDOWS_SCRIPT,
  PROFILE_NAMES,
  WindowsFirewallAnswer,
  firewallAction,
  gpoBoolean,
  networkCategory,
  policyEnableFirewall,
  profileInbound,
  profileName,
  wscProductState,
  type ProfileName,
} from './parse-win32.ts';

type Evidence = z.input<typeof FirewallEvidence>;
type Windows = NonNullable<Evidence['windows']>;
type Profile = NonNullable<Windows['profiles']>[ProfileName];
type Why = ReturnType<typeof reasons>;

const POLICY_KEY: Record<ProfileName, 'DomainProfile' | 'PrivateProfile' | 'PublicProfile'> = {
  domain: 'DomainProfile',
  private: 'PrivateProfile',
  public: 'PublicProfile',
};

/** The profile's own policy key, else (private and public) the Administrative Templates' StandardProfile. */
function policyValue(policy: WindowsFirewallAnswer['policy'], name: ProfileName): number | null {
  const own = policy[POLICY_KEY[name]];
  return own ?? (name === 'domain' ? null : (policy.StandardProfile ?? null));
}

export async function collectWin32(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  const answer = await runPowerShell(ctx, FIREWALL_WINDOWS_SCRIPT);
  const parsed = answer.ok ? WindowsFirewallAnswer.safeParse(answer.value) : undefined;
  if (!parsed?.success) {
    const reason = !answer.ok ? answer.reason : because('command.unexpected-output', { command: 'PowerShell' });
    for (const path of ['frontend', 'active', 'defaultInbound', 'windows']) why.set(path, reason);
    return { frontend: null, active: null, defaultInbound: null, windows: null, unknown: why.map };
  }
  const a = parsed.data;
  const windows: Windows = {
    profiles: readProfiles(a, why),
    connections: readConnections(a, why),
    thirdPartyFirewalls: readProducts(a, why),
  };
  return { ...summarize(windows, why), windows, unknown: why.map };
}

function readProfiles(a: WindowsFirewallAnswer, why: Why): Windows['profiles'] {
  if ('error' in a.profiles) return why.set('windows.profiles', because('query.failed', { source: 'Get-NetFirewallProfile' }, a.profiles.error));
  const out: Partial<Record<ProfileName, Profile>> = {};
  for (const p of a.profiles) {
    const name = profileName(p.name);
    if (!name) continue;
    const enabled = gpoBoolean(p.enabled);
    const action = firewallAction(p.defaultInboundAction);
    const path = `windows.profiles.${name}`;
    const on = enabled === 'not-configured' ? null : enabled;
    if (enabled === 'not-configured') why.set(`${path}.enabled`, because('firewall.profile-not-configured'));
    else if (enabled === null) why.set(`${path}.enabled`, because('value.unexpected', { source: 'Get-NetFirewallProfile', name: 'Enabled' }, String(p.enabled)));
    if (action === null) why.set(`${path}.defaultInboundAction`, because('value.unexpected', { source: 'Get-NetFirewallProfile', name: 'DefaultInboundAction' }, String(p.defaultInboundAction)));
    const inbound = profileInbound(on, action);
    if (inbound === null) why.set(`${path}.defaultInbound`, because(on === null ? 'firewall.profile-state-unknown' : 'firewall.profile-action-unknown'));
    out[name] = { enabled: on, defaultInboundAction: action, defaultInbound: inbound, enforcedByPolicy: policyEnableFirewall(policyValue(a.policy, name)) };
  }
  const missing = PROFILE_NAMES.filter((n) => !out[n]);
  if (missing.length > 0) return why.set('windows.profiles', because('firewall.profiles-missing', { profiles: missing }));
  return out as Record<ProfileName, Profile>;
}

function readConnections(a: WindowsFirewallAnswer, why: Why): Windows['connections'] {
  if ('error' in a.connections) return why.set('windows.connections', because('query.failed', { source: 'Get-NetConnectionProfile' }, a.connections.error));
  const out: NonNullable<Windows['connections']> = [];
  for (const c of a.connections) {
    const profile = networkCategory(c.networkCategory);
    if (!profile) return why.set('windows.connections', because('value.unexpected', { source: 'Get-NetConnectionProfile', name: 'NetworkCategory' }, `${c.networkCategory} (${c.interfaceAlias})`));
    out.push({ interfaceAlias: c.interfaceAlias, profile });
  }
  return out;
}

function readProducts(a: WindowsFirewallAnswer, why: Why): Windows['thirdPartyFirewalls'] {
  // Windows Server has no root/SecurityCenter2 namespace ("Invalid namespace"); that is unknown, not none.
  if ('error' in a.products) return why.set('windows.thirdPartyFirewalls', because('wsc.query-failed', {}, a.products.error));
  return a.products.map((p) => ({ name: p.displayName, state: wscProductState(p.productState), productState: p.productState }));
}

function summarize(w: Windows, why: Why): Pick<Evidence, 'frontend' | 'active' | 'defaultInbound'> {
  const thirdPartyOn = w.thirdPartyFirewalls?.filter((p) => p.state === 'on') ?? [];
  let active: boolean | null = null;
  let inbound: InboundDefault | null = null;
  let anyOn: boolean | null = null;
  if (w.profiles) {
    const profiles = w.profiles;
    const connected = w.connections;
    const used = connected && connected.length > 0 ? [...new Set(connected.map((c) => c.profile))] : PROFILE_NAMES;
    const states = used.map((n) => profiles[n].enabled);
    const inbounds = used.map((n) => profiles[n].defaultInbound);
    anyOn = states.some((s) => s === true) ? true : states.every((s) => s === false) ? false : null;
    if (connected) {
      active = states.includes(false) ? false : states.every((s) => s === true) ? true : null;
      inbound = inbounds.includes('allow') ? 'allow' : inbounds.every((i) => i !== null) ? (inbounds.includes('reject') ? 'reject' : 'deny') : null;
    } else {
      // Without the connected networks only an answer that holds for every profile is certain.
      active = states.every((s) => s === true) ? true : states.every((s) => s === false) ? false : null;
      inbound = inbounds.every((i) => i === inbounds[0]) ? (inbounds[0] ?? null) : null;
    }
  }

  if (active !== true && thirdPartyOn.length > 0) {
    why.set('defaultInbound', because('firewall.third-party-default', { products: thirdPartyOn.map((p) => p.name) }));
    return { frontend: 'third-party', active: true, defaultInbound: null };
  }
  if (!w.profiles) {
    const reason = why.map['windows.profiles']!;
    why.set('frontend', reason);
    why.set('active', reason);
    why.set('defaultInbound', reason);
    return { frontend: null, active: null, defaultInbound: null };
  }
  if (active === null) why.set('active', because(w.connections ? 'firewall.used-profile-state-unknown' : 'firewall.profiles-differ'));
  if (inbound === null) why.set('defaultInbound', because(w.connections ? 'firewall.used-profile-action-unknown' : 'firewall.profiles-differ'));
  const frontend = anyOn === true ? 'windows-firewall' : anyOn === false ? 'none' : null;
  if (frontend === null) why.set('frontend', because('firewall.used-profile-state-unknown'));
  return { frontend, active, defaultInbound: inbound };
}
