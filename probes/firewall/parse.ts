/**
 * Pure parsers for the outputs the Linux firewall collector reads. Each takes text as the tool printed it
 * (under LC_ALL=C) and returns typed facts, or null when the text is not what the tool prints.
 */

/** What happens to an inbound packet that no rule allows. */
export type InboundDefault = 'deny' | 'reject' | 'allow';

// ---------------------------------------------------------------------------------------------- ufw

/** `ENABLED=yes` in /etc/ufw/ufw.conf: whether ufw loads its rules at boot (`ufw enable` writes it). */
export function parseUfwEnabled(conf: string): boolean | null {
  const value = shellVar(conf, 'ENABLED');
  if (value === undefined) return null;
  if (/^yes$/i.test(value)) return true;
  if (/^no$/i.test(value)) return false;
  return null;
}

/** DEFAULT_INPUT_POLICY in /etc/default/ufw ("DROP" | "REJECT" | "ACCEPT"), which ufw applies when it loads. */
export function parseUfwDefaultInput(defaults: string): InboundDefault | null {
  const value = shellVar(defaults, 'DEFAULT_INPUT_POLICY');
  return value === undefined ? null : iptablesTargetToInbound(value);
}

export interface UfwStatus {
  readonly status: 'active' | 'inactive';
  /** From "Default: deny (incoming), …"; only printed while ufw is active. */
  readonly defaultIncoming: InboundDefault | null;
  /**
   * Rules that let inbound traffic in, as "<to> from <from>" ("22/tcp from Anywhere"); null while ufw is
   * inactive, because it then prints no rule table and an empty list would claim "no open ports".
   */
  readonly inboundAllowRules: string[] | null;
}

/**
 * One row of ufw's rule table. ufw writes each row as `"%-26s %-12s%-26s%s%s" % (to, action, from, attribs,
 * comment)` (backend_iptables.py, get_status, ufw 0.36): the To column is padded to 26 characters and then
 * one space, so a longer To (a list of port ranges, an IPv6 address, "on <iface>") touches the action with a
 * single space. The action is the first of ALLOW/DENY/REJECT/LIMIT, with IN/OUT/FWD, that follows a space.
 */
const UFW_ROW = /^(.+?) (ALLOW|DENY|REJECT|LIMIT)(?: (IN|OUT|FWD))? +(\S.*)$/;

/**
 * `ufw status verbose` (root only). ufw prints "Status: inactive" alone when its chains are not in the
 * kernel (it lists `ufw-user-input` with iptables to tell), otherwise the defaults and the rule table.
 */
export function parseUfwStatus(stdout: string): UfwStatus | null {
  const status = /^Status: (active|inactive)\s*$/m.exec(stdout)?.[1] as UfwStatus['status'] | undefined;
  if (!status) return null;
  const incoming = /^Default: .*?\b(deny|reject|allow) \(incoming\)/m.exec(stdout)?.[1];
  const inboundAllowRules: string[] = [];
  let inTable = false;
  for (const line of stdout.split('\n')) {
    if (/^--\s+------\s+----/.test(line)) {
      inTable = true;
      continue;
    }
    if (!inTable || line.trim() === '') continue;
    const row = UFW_ROW.exec(line.trimEnd());
    if (!row) continue;
    const [, to, action, direction, rest] = row;
    // "ALLOW IN"/"LIMIT IN" in verbose output; plain "ALLOW" in the short form; OUT/FWD are not inbound.
    if ((action === 'ALLOW' || action === 'LIMIT') && (direction === undefined || direction === 'IN')) {
      inboundAllowRules.push(`${to!.trim()} from ${rest!.replace(/\s+#.*$/, '').trim()}`);
    }
  }
  return {
    status,
    defaultIncoming: status === 'active' && incoming ? (incoming === 'allow' ? 'allow' : (incoming as InboundDefault)) : null,
    inboundAllowRules: status === 'active' ? inboundAllowRules : null,
  };
}

// ------------------------------------------------------------------------------------------ systemd

/**
 * `systemctl is-active <unit>` prints one state word (active, inactive, failed, activating, …) and exits
 * 0 only for active. Without systemd as PID 1 it prints nothing on stdout and complains on stderr.
 */
export function parseIsActive(stdout: string): string | null {
  const word = stdout.trim().split('\n')[0]?.trim() ?? '';
  return /^[a-z-]+$/.test(word) ? word : null;
}

// ---------------------------------------------------------------------------------------- firewalld

/** `firewall-cmd --state`: exit 0 running, 251 RUNNING_BUT_FAILED (firewalld ≥ 1.0), 252 NOT_RUNNING, 253 NOT_AUTHORIZED. */
export function parseFirewalldState(exitCode: number): 'running' | 'failed' | 'not-running' | null {
  if (exitCode === 0) return 'running';
  if (exitCode === 251) return 'failed';
  if (exitCode === 252) return 'not-running';
  return null;
}

export interface FirewalldZone {
  readonly zone: string;
  readonly target: string | null;
  readonly interfaces: string[];
  readonly sources: string[];
  readonly services: string[];
  readonly ports: string[];
  readonly richRules: string[];
}

/**
 * `firewall-cmd --list-all`: the default zone, as firewalld's print_zone_info writes it — a header line
 * "public (default, active)" (firewalld ≥ 0.9; older versions print "public (active)") followed by
 * two-space-indented "key: value" lines; rich rules and forward ports continue on tab-indented lines.
 * Versions before 0.4 print no `target:` line.
 */
export function parseFirewalldZone(stdout: string): FirewalldZone | null {
  const lines = stdout.split('\n');
  const header = lines.findIndex((l) => /^\S/.test(l));
  const zone = header < 0 ? undefined : /^([\w-]+)(?:\s+\(.*\))?\s*$/.exec(lines[header]!)?.[1];
  if (!zone) return null;
  const fields = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of lines.slice(header + 1)) {
    const kv = /^\s+([a-z -]+):(.*)$/.exec(line);
    if (kv && !line.startsWith('\t')) {
      current = kv[2]!.trim() === '' ? [] : [kv[2]!.trim()];
      fields.set(kv[1]!.trim(), current);
    } else if (line.startsWith('\t') && line.trim() !== '' && current) {
      current.push(line.trim());
    } else if (/^\S/.test(line)) {
      break; // a second zone: --list-all prints one
    }
  }
  if (fields.size === 0) return null;
  const words = (key: string) => (fields.get(key) ?? []).flatMap((v) => v.split(/\s+/)).filter(Boolean);
  return {
    zone,
    target: fields.get('target')?.[0] ?? null,
    interfaces: words('interfaces'),
    sources: words('sources'),
    services: words('services'),
    ports: words('ports'),
    richRules: fields.get('rich rules') ?? [],
  };
}

/**
 * A zone's target as an inbound default. "default" rejects what the zone does not allow (firewalld.zone(5);
 * only the built-in "trusted"-like zones set ACCEPT), %%REJECT%% rejects, DROP drops, ACCEPT lets all in.
 */
export function firewalldTargetToInbound(target: string): InboundDefault | null {
  if (target === 'default' || target === '%%REJECT%%' || target === 'REJECT') return 'reject';
  if (target === 'DROP') return 'deny';
  if (target === 'ACCEPT') return 'allow';
  return null;
}

/** How many ports the zone's `ports:` entries open ("1025-65535/udp" opens 64511), counting tcp and udp apart. */
export function countPorts(ports: readonly string[]): number | null {
  let total = 0;
  for (const entry of ports) {
    const m = /^(\d+)(?:-(\d+))?\/[a-z]+$/.exec(entry);
    if (!m) return null;
    total += (m[2] ? Number(m[2]) : Number(m[1])) - Number(m[1]) + 1;
  }
  return total;
}

// -------------------------------------------------------------------------------- nftables/iptables

export interface InputChain {
  readonly family: 'ip' | 'ip6' | 'inet';
  readonly table: string;
  readonly name: string;
  readonly policy: 'accept' | 'drop';
  readonly ruleCount: number;
  /** The verdict of a last rule that matches everything ("reject", "drop"), which acts as the real default. */
  readonly finalVerdict: 'drop' | 'reject' | null;
}

const INPUT_FAMILIES = new Set(['ip', 'ip6', 'inet']);
type NftObject = Record<string, Record<string, unknown> | undefined>;

/**
 * `nft -j list ruleset`: base chains of type filter on the input hook, in the families that carry IP
 * (ip, ip6, inet; bridge/arp/netdev reuse the hook names for other packet paths), with their policy and
 * rules. iptables-nft rules appear here too, as tables of family ip/ip6.
 */
export function parseNftRuleset(json: string): InputChain[] | null {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    return null;
  }
  const items = (doc as { nftables?: unknown })?.nftables;
  if (!Array.isArray(items)) return null;
  const objects = items as NftObject[];
  const chains: InputChain[] = [];
  for (const { chain } of objects) {
    if (!chain || chain.hook !== 'input' || chain.type !== 'filter' || !INPUT_FAMILIES.has(String(chain.family))) continue;
    const rules = objects
      .map((o) => o.rule)
      .filter((r) => r && r.family === chain.family && r.table === chain.table && r.chain === chain.name);
    const last = rules.at(-1)?.expr;
    chains.push({
      family: chain.family as InputChain['family'],
      table: String(chain.table),
      name: String(chain.name),
      // nft omits nothing here, but a base chain declared without a policy accepts.
      policy: chain.policy === 'drop' ? 'drop' : 'accept',
      ruleCount: rules.length,
      finalVerdict: Array.isArray(last) ? catchAllVerdict(last.map((e) => Object.keys(e as object)[0] ?? '')) : null,
    });
  }
  return chains;
}

/** A rule made only of statements (no match) ends the chain for every packet that reaches it. */
function catchAllVerdict(statements: readonly string[]): 'drop' | 'reject' | null {
  if (!statements.every((s) => ['counter', 'log', 'limit', 'drop', 'reject'].includes(s))) return null;
  return statements.includes('drop') ? 'drop' : statements.includes('reject') ? 'reject' : null;
}

/** `iptables -S INPUT` / `ip6tables -S INPUT`: "-P INPUT DROP" and one "-A INPUT …" line per rule. */
export function parseIptablesInput(stdout: string, family: 'ip' | 'ip6'): InputChain | null {
  const policy = /^-P INPUT (ACCEPT|DROP)\s*$/m.exec(stdout)?.[1];
  if (!policy) return null;
  const rules = stdout.split('\n').filter((l) => l.startsWith('-A INPUT '));
  const last = rules.at(-1)?.trim();
  const finalVerdict = last === '-A INPUT -j DROP' ? 'drop' : last && /^-A INPUT -j REJECT( --reject-with \S+)?$/.test(last) ? 'reject' : null;
  return { family, table: 'filter', name: 'INPUT', policy: policy === 'DROP' ? 'drop' : 'accept', ruleCount: rules.length, finalVerdict };
}

/** `iptables -V`: "iptables v1.8.9 (nf_tables)" or "(legacy)"; before 1.8 there was only legacy and no suffix. */
export function parseIptablesVariant(stdout: string): 'iptables-nft' | 'iptables-legacy' | null {
  const m = /^ip6?tables v(\d+)\.(\d+)\S*(?: \((nf_tables|legacy)\))?/m.exec(stdout);
  if (!m) return null;
  if (m[3] === 'nf_tables') return 'iptables-nft';
  return 'iptables-legacy';
}

/**
 * What unsolicited inbound traffic of one address family meets: every input base chain sees the packet in
 * priority order and a drop anywhere is final, so any chain whose default is not accept blocks it. The
 * first such chain (in listing order) names the verdict. Rules that accept broadly before that default
 * are not judged here: their count is reported instead.
 */
export function familyDefault(chains: readonly InputChain[], family: 'ipv4' | 'ipv6'): InboundDefault {
  const own = family === 'ipv4' ? 'ip' : 'ip6';
  for (const c of chains) {
    if (c.family !== own && c.family !== 'inet') continue;
    const verdict = c.finalVerdict ?? c.policy;
    if (verdict === 'drop') return 'deny';
    if (verdict === 'reject') return 'reject';
  }
  return 'allow';
}

// ---------------------------------------------------------------------------------------------- util

/** A KEY=value line of a shell-style config file, unquoted; undefined when absent. */
function shellVar(text: string, key: string): string | undefined {
  const m = new RegExp(`^\\s*${key}\\s*=\\s*(.*?)\\s*$`, 'm').exec(text);
  return m ? m[1]!.replace(/^(["'])(.*)\1$/, '$2') : undefined;
}

function iptablesTargetToInbound(target: string): InboundDefault | null {
  const t = target.toUpperCase();
  return t === 'DROP' ? 'deny' : t === 'REJECT' ? 'reject' : t === 'ACCEPT' ? 'allow' : null;
}
