import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRecording } from '../../src/host/recording.ts';
import { askedWhileHeld } from '../../test/support/held-replay.ts';
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
} from './firewall.ts';

/** The stdout a fixture recorded for one command, so the tests run on real outputs. */
async function recorded(fixture: string, argv: string[]): Promise<string> {
  const rec = await loadRecording(join(import.meta.dirname, 'fixtures', fixture));
  const answer = rec.sections.firewall?.find((a) => 'run' in a && a.run.join(' ') === argv.join(' '));
  if (!answer || !('stdout' in answer)) throw new Error(`no ${argv.join(' ')} in ${fixture}`);
  return answer.stdout;
}

// `sudo ufw status verbose` verbatim from https://github.com/chaifeng/ufw-docker/issues/21 (app profile + route rules).
const UFW_DOCKER = `Status: active
Logging: on (low)
Default: deny (incoming), allow (outgoing), deny (routed)
New profiles: skip

To                         Action      From
--                         ------      ----
22/tcp (OpenSSH)           ALLOW IN    Anywhere
22/tcp (OpenSSH (v6))      ALLOW IN    Anywhere (v6)

80/tcp                     ALLOW FWD   Anywhere
443/tcp                    ALLOW FWD   Anywhere
80/tcp (v6)                ALLOW FWD   Anywhere (v6)
443/tcp (v6)               ALLOW FWD   Anywhere (v6)
`;

describe('ufw', () => {
  it('reads an active ufw with default deny and its inbound allow rules', async () => {
    expect(parseUfwStatus(await recorded('linux-ufw-active-deny.yaml', ['ufw', 'status', 'verbose']))).toEqual({
      status: 'active',
      defaultIncoming: 'deny',
      inboundAllowRules: ['22/tcp from Anywhere', '22/tcp (v6) from Anywhere (v6)'],
    });
  });

  it('does not count routed (FWD) rules as inbound', () => {
    expect(parseUfwStatus(UFW_DOCKER)?.inboundAllowRules).toEqual(['22/tcp (OpenSSH) from Anywhere', '22/tcp (OpenSSH (v6)) from Anywhere (v6)']);
  });

  // Printed by Debian 12's ufw 0.36.2 (root, this sandbox, 2026-12-06) after `ufw enable` and:
  //   ufw allow proto tcp from any to any port 8000:8010,9000:9010,10000:10010 comment 'port range list'
  //   ufw allow in on eth0 to any port 22 proto tcp
  //   ufw allow from 2001:db8:1234:5678::/64 to any port 3389:3399 proto tcp
  //   ufw limit 2222/tcp
  //   ufw reject out 25/tcp
  // Kept byte for byte, trailing spaces included: the port-range rows are wider than ufw's 26-character To
  // column, so one space separates them from the action.
  const UFW_TOUCHING_COLUMNS = `Status: active
Logging: on (low)
Default: deny (incoming), allow (outgoing), disabled (routed)
New profiles: skip

To                         Action      From
--                         ------      ----
8000:8010,9000:9010,10000:10010/tcp ALLOW IN    Anywhere                   # port range list
22/tcp on eth0             ALLOW IN    Anywhere                  
2222/tcp                   LIMIT IN    Anywhere                  
8000:8010,9000:9010,10000:10010/tcp (v6) ALLOW IN    Anywhere (v6)              # port range list
22/tcp (v6) on eth0        ALLOW IN    Anywhere (v6)             
3389:3399/tcp              ALLOW IN    2001:db8:1234:5678::/64   
2222/tcp (v6)              LIMIT IN    Anywhere (v6)             

25/tcp                     REJECT OUT  Anywhere                  
25/tcp (v6)                REJECT OUT  Anywhere (v6)             

`;
  const UFW_TOUCHING_COLUMNS_SHORT = `Status: active

To                         Action      From
--                         ------      ----
8000:8010,9000:9010,10000:10010/tcp ALLOW       Anywhere                   # port range list
22/tcp on eth0             ALLOW       Anywhere                  
2222/tcp                   LIMIT       Anywhere                  
8000:8010,9000:9010,10000:10010/tcp (v6) ALLOW       Anywhere (v6)              # port range list
22/tcp (v6) on eth0        ALLOW       Anywhere (v6)             
3389:3399/tcp              ALLOW       2001:db8:1234:5678::/64   
2222/tcp (v6)              LIMIT       Anywhere (v6)             

25/tcp                     REJECT OUT  Anywhere                  
25/tcp (v6)                REJECT OUT  Anywhere (v6)             

`;

  it('keeps rules whose To column touches the action (ufw pads To to 26 characters, then one space)', () => {
    const expected = [
      '8000:8010,9000:9010,10000:10010/tcp from Anywhere',
      '22/tcp on eth0 from Anywhere',
      '2222/tcp from Anywhere',
      '8000:8010,9000:9010,10000:10010/tcp (v6) from Anywhere (v6)',
      '22/tcp (v6) on eth0 from Anywhere (v6)',
      '3389:3399/tcp from 2001:db8:1234:5678::/64',
      '2222/tcp (v6) from Anywhere (v6)',
    ];
    expect(parseUfwStatus(UFW_TOUCHING_COLUMNS)).toEqual({ status: 'active', defaultIncoming: 'deny', inboundAllowRules: expected });
    // The short form prints "ALLOW" without IN and no defaults; the same rules are inbound.
    expect(parseUfwStatus(UFW_TOUCHING_COLUMNS_SHORT)?.inboundAllowRules).toEqual(expected);
  });

  it('reads an inactive ufw, which prints no defaults and no rules (unknown, not "none")', async () => {
    expect(parseUfwStatus(await recorded('linux-ufw-inactive.yaml', ['ufw', 'status', 'verbose']))).toEqual({ status: 'inactive', defaultIncoming: null, inboundAllowRules: null });
  });

  it('rejects output that is not a ufw status', () => {
    expect(parseUfwStatus('ERROR: You need to be root to run this script\n')).toBeNull();
    expect(parseUfwStatus('')).toBeNull();
  });

  it('reads ENABLED and DEFAULT_INPUT_POLICY, quoted or not, and ignores comments', () => {
    expect(parseUfwEnabled('# ENABLED=yes in a comment\nENABLED=no\n')).toBe(false);
    expect(parseUfwEnabled('ENABLED="yes"\n')).toBe(true);
    expect(parseUfwEnabled('LOGLEVEL=low\n')).toBeNull();
    expect(parseUfwDefaultInput('DEFAULT_INPUT_POLICY="DROP"\n')).toBe('deny');
    expect(parseUfwDefaultInput('DEFAULT_INPUT_POLICY="REJECT"\n')).toBe('reject');
    expect(parseUfwDefaultInput('DEFAULT_INPUT_POLICY="ACCEPT"\n')).toBe('allow');
    expect(parseUfwDefaultInput('DEFAULT_INPUT_POLICY="SKIP"\n')).toBeNull();
  });
});

describe('systemctl is-active', () => {
  it('returns the state word, and null when systemd is not PID 1 (empty stdout)', () => {
    expect(parseIsActive('active\n')).toBe('active');
    expect(parseIsActive('inactive\n')).toBe('inactive');
    expect(parseIsActive('')).toBeNull();
  });
});

describe('firewalld', () => {
  it('maps firewall-cmd --state exit codes', () => {
    expect(parseFirewalldState(0)).toBe('running');
    expect(parseFirewalldState(252)).toBe('not-running');
    expect(parseFirewalldState(251)).toBe('failed');
    expect(parseFirewalldState(253)).toBeNull(); // NOT_AUTHORIZED: cannot tell
  });

  it('reads the Fedora Workstation zone, which opens 1025-65535 tcp and udp', async () => {
    const zone = parseFirewalldZone(await recorded('linux-firewalld-fedora-workstation.yaml', ['firewall-cmd', '--list-all']));
    expect(zone).toMatchObject({ zone: 'FedoraWorkstation', target: 'default', ports: ['1025-65535/udp', '1025-65535/tcp'], interfaces: ['wlp61s0'] });
    expect(countPorts(zone!.ports)).toBe(2 * 64511);
  });

  it('reads a zone header without attributes (firewalld 1.3 on Debian)', async () => {
    const zone = parseFirewalldZone(await recorded('linux-firewalld-public.yaml', ['firewall-cmd', '--list-all']));
    expect(zone).toMatchObject({ zone: 'public', target: 'default', services: ['dhcpv6-client', 'ssh'], ports: [], richRules: [] });
  });

  it('leaves the target null when firewalld 0.3 prints none', async () => {
    expect(parseFirewalldZone(await recorded('linux-firewalld-rhel7-no-target.yaml', ['firewall-cmd', '--list-all']))?.target).toBeNull();
  });

  it('collects tab-indented rich rules', () => {
    const zone = parseFirewalldZone('home (active)\n  target: default\n  services: ssh\n  rich rules: \n\trule family="ipv4" source address="10.0.0.0/8" accept\n');
    expect(zone?.richRules).toEqual(['rule family="ipv4" source address="10.0.0.0/8" accept']);
  });

  it('returns null for output that is no zone', () => {
    expect(parseFirewalldZone('FirewallD is not running\n')).toBeNull();
    expect(parseFirewalldZone('')).toBeNull();
  });

  it('treats the "default" target as reject', () => {
    expect(firewalldTargetToInbound('default')).toBe('reject');
    expect(firewalldTargetToInbound('%%REJECT%%')).toBe('reject');
    expect(firewalldTargetToInbound('DROP')).toBe('deny');
    expect(firewalldTargetToInbound('ACCEPT')).toBe('allow');
  });

  it('gives up counting ports on an entry it does not understand', () => {
    expect(countPorts(['22/tcp', '60000-61000/udp'])).toBe(1002);
    expect(countPorts(['ssh'])).toBeNull();
  });
});

describe('nftables', () => {
  it('finds the drop policy of an inet input chain', async () => {
    const chains = parseNftRuleset(await recorded('linux-nftables-policy-drop.yaml', ['nft', '-j', 'list', 'ruleset']))!;
    expect(chains).toEqual([{ family: 'inet', table: 'filter', name: 'input', policy: 'drop', ruleCount: 5, finalVerdict: 'drop' }]);
  });

  it('treats a final match-all `counter drop` as the default of an accept chain', async () => {
    const chains = parseNftRuleset(await recorded('linux-nftables-final-drop.yaml', ['nft', '-j', 'list', 'ruleset']))!;
    expect(chains[0]).toMatchObject({ policy: 'accept', finalVerdict: 'drop' });
    expect(familyDefault(chains, 'ipv4')).toBe('deny');
  });

  it("sees firewalld's final reject in its filter_INPUT chain", async () => {
    const chains = parseNftRuleset(await recorded('linux-firewalld-public.yaml', ['nft', '-j', 'list', 'ruleset']))!;
    expect(chains).toEqual([expect.objectContaining({ family: 'inet', name: 'filter_INPUT', policy: 'accept', finalVerdict: 'reject' })]);
    expect(familyDefault(chains, 'ipv6')).toBe('reject');
  });

  it('sees the iptables-nft chains ufw writes, one per family', async () => {
    const chains = parseNftRuleset(await recorded('linux-ufw-active-deny.yaml', ['nft', '-j', 'list', 'ruleset']))!;
    expect(chains.map((c) => [c.family, c.name, c.policy])).toEqual([
      ['ip', 'INPUT', 'drop'],
      ['ip6', 'INPUT', 'drop'],
    ]);
  });

  it('ignores input hooks of non-IP families and non-filter chains', () => {
    const json = JSON.stringify({
      nftables: [
        { chain: { family: 'bridge', table: 't', name: 'input', type: 'filter', hook: 'input', prio: 0, policy: 'drop' } },
        { chain: { family: 'ip', table: 'nat', name: 'INPUT', type: 'nat', hook: 'input', prio: 100, policy: 'accept' } },
      ],
    });
    expect(parseNftRuleset(json)).toEqual([]);
  });

  it('returns an empty list for an empty ruleset and null for non-JSON', async () => {
    expect(parseNftRuleset(await recorded('linux-no-firewall.yaml', ['nft', '-j', 'list', 'ruleset']))).toEqual([]);
    expect(parseNftRuleset('table inet filter {\n}\n')).toBeNull();
  });
});

describe('iptables', () => {
  it('reads the INPUT policy and rules of iptables -S', async () => {
    expect(parseIptablesInput(await recorded('linux-iptables-ipv4-only.yaml', ['iptables', '-S', 'INPUT']), 'ip')).toEqual({
      family: 'ip',
      table: 'filter',
      name: 'INPUT',
      policy: 'drop',
      ruleCount: 2,
      finalVerdict: null,
    });
  });

  it('treats a final unconditional REJECT as the default', () => {
    expect(parseIptablesInput('-P INPUT ACCEPT\n-A INPUT -i lo -j ACCEPT\n-A INPUT -j REJECT --reject-with icmp-host-prohibited\n', 'ip')?.finalVerdict).toBe('reject');
  });

  it('leaves IPv6 open when only IPv4 drops', async () => {
    const v4 = parseIptablesInput(await recorded('linux-iptables-ipv4-only.yaml', ['iptables', '-S', 'INPUT']), 'ip')!;
    const v6 = parseIptablesInput(await recorded('linux-iptables-ipv4-only.yaml', ['ip6tables', '-S', 'INPUT']), 'ip6')!;
    expect([familyDefault([v4, v6], 'ipv4'), familyDefault([v4, v6], 'ipv6')]).toEqual(['deny', 'allow']);
  });

  it('tells iptables-nft from legacy', () => {
    expect(parseIptablesVariant('iptables v1.8.9 (nf_tables)\n')).toBe('iptables-nft');
    expect(parseIptablesVariant('iptables v1.8.4 (legacy)\n')).toBe('iptables-legacy');
    expect(parseIptablesVariant('iptables v1.6.1\n')).toBe('iptables-legacy');
    expect(parseIptablesVariant('')).toBeNull();
  });
});

// ------------------------------------------------------------------------------- Windows and macOS

describe('Windows firewall answer', () => {
  it('decodes the NetSecurity, NLM and WSC integers', async () => {
    const { gpoBoolean, firewallAction, networkCategory, wscProductState, profileInbound } = await import('./firewall.ts');
    expect([0, 1, 2, 3].map(gpoBoolean)).toEqual([false, true, 'not-configured', null]);
    expect([0, 2, 4, 1].map(firewallAction)).toEqual(['not-configured', 'allow', 'block', null]);
    expect([0, 1, 2, 3].map(networkCategory)).toEqual(['public', 'private', 'domain', null]);
    expect(wscProductState(462848)).toBe('on'); // 0x71000, Symantec Endpoint Protection
    expect(wscProductState(0x60000)).toBe('off');
    expect(profileInbound(false, 'block')).toBe('allow');
    expect(profileInbound(true, 'not-configured')).toBe('deny');
    expect(profileInbound(null, 'block')).toBeNull();
  });

  it('parses the recorded JSON byte-exact: UTF-8 BOM, CRLF, Japanese adapter names, \\u0027 escapes', async () => {
    const { parsePowerShellJson } = await import('../../src/powershell.ts');
    const { WindowsFirewallAnswer } = await import('./firewall.ts');
    const rec = await loadRecording(join(import.meta.dirname, 'fixtures', 'win32-11-pro-ja-jp.yaml'));
    const stdout = (rec.sections.firewall![0] as { stdout: string }).stdout;
    expect(stdout.startsWith('\uFEFF')).toBe(true);
    expect(stdout.endsWith('\r\n')).toBe(true);
    const answer = parsePowerShellJson(stdout);
    const parsed = WindowsFirewallAnswer.parse(answer.ok ? answer.value : undefined);
    expect(!('error' in parsed.connections) && parsed.connections.map((c) => c.interfaceAlias)).toEqual(['イーサネット', 'vEthernet (HostOnly)']);
    const missing = await loadRecording(join(import.meta.dirname, 'fixtures', 'win32-7-cmdlets-missing.yaml'));
    const text = (missing.sections.firewall![0] as { stdout: string }).stdout;
    expect(text).toContain('\\u0027Get-NetFirewallProfile\\u0027');
    const v = parsePowerShellJson(text);
    expect(WindowsFirewallAnswer.parse(v.ok ? v.value : undefined).profiles).toEqual({ error: expect.stringContaining("'Get-NetFirewallProfile' is not recognized") });
  });

  it('rejects an answer of the wrong shape', async () => {
    const { WindowsFirewallAnswer } = await import('./firewall.ts');
    expect(WindowsFirewallAnswer.safeParse({ profiles: [{ name: 'Domain', enabled: 'True' }] }).success).toBe(false);
  });
});

describe('macOS socketfilterfw', () => {
  it('reads every published wording of the global state', async () => {
    const { parseAlfGlobalState } = await import('./firewall.ts');
    expect(parseAlfGlobalState('Firewall is disabled. (State = 0)\n')).toBe(0);
    expect(parseAlfGlobalState('Firewall is enabled. (State = 1)\n')).toBe(1);
    expect(parseAlfGlobalState('Firewall is enabled. (State = 2)\n')).toBe(2);
    expect(parseAlfGlobalState('Firewall is blocking all non-essential incoming connections. (State = 2)\n')).toBe(2);
    // kolide/launcher test-data/malformed.txt: a garbled state is not a state.
    expect(parseAlfGlobalState('Firewall is enabled. (State %#)*Q&^= 0)\n')).toBeNull();
    expect(parseAlfGlobalState('')).toBeNull();
  });

  it('reads block all, stealth mode and allow-signed in old and new wordings', async () => {
    const { parseAlfBlockAll, parseAlfStealthMode, parseAlfAllowSigned } = await import('./firewall.ts');
    expect(parseAlfBlockAll('Block all DISABLED!\n')).toBe(false);
    expect(parseAlfBlockAll('Firewall has block all state set to disabled.\n')).toBe(false);
    expect(parseAlfBlockAll('Firewall has block all state set to enabled.\n')).toBe(true);
    expect(parseAlfBlockAll('Firewall is set to block all non-essential incoming connections\n')).toBe(true);
    expect(parseAlfBlockAll('Firewall settings cannot be modified from command line on managed Mac computers.\n')).toBeNull();
    expect(parseAlfStealthMode('Firewall stealth mode is on\n')).toBe(true);
    expect(parseAlfStealthMode('Firewall stealth mode is off\n')).toBe(false);
    expect(parseAlfStealthMode('Stealth mode enabled\n')).toBe(true);
    // ParetoSecurity/pareto-mac#139, verbatim.
    expect(parseAlfStealthMode('ALF: Error, kStealthEnableKey does not return the correct type.\n')).toBeNull();
    expect(parseAlfAllowSigned('Automatically allow signed built-in software ENABLED\nAutomatically allow downloaded signed software DISABLED\n')).toEqual({ builtIn: true, downloaded: false });
    expect(parseAlfAllowSigned('Automatically allow built-in signed software ENABLED.\n')).toEqual({ builtIn: true, downloaded: null });
  });
});

describe('Linux scheduling', () => {
  it('asks nftables and firewalld while ufw status still runs (the three sources are independent)', async () => {
    const { default: probe } = await import('./firewall.ts');
    const { meanwhile, asked } = await askedWhileHeld(probe, 'linux-ufw-active-deny.yaml', 'ufw status verbose');
    expect(asked[0]).toBe('ufw status verbose');
    expect(meanwhile).toEqual(expect.arrayContaining(['firewall-cmd --state', 'nft -j list ruleset']));
  });
});
