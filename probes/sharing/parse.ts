/**
 * Pure parsers of the sharing probe (tested in sharing.test.ts). The systemd and launchd ones are shared with the
 * remote-access probe, which asks the same two sources about other services.
 */
import { parseIsActive } from '../antivirus/parse.ts';
import { parseUnitFileStates } from '../../src/systemd-units.ts';

export { parseIsActive, parseUnitFileStates };

/** Unit-file states that start the unit at boot or on demand by itself (systemctl(1) is-enabled); an alias (Debian's sshd.service for ssh.service) says nothing of its own. */
export const STARTS_BY_ITSELF = new Set(['enabled', 'enabled-runtime']);

/**
 * `launchctl print-disabled system`: the override database of system jobs, one `"label" => state` line each.
 * macOS 11 and later print `disabled`/`enabled`; older ones `true`/`false`, where true means disabled (the mSCP
 * rules match both forms). A label that is not listed has no override: its job runs as its own plist says.
 * Null for output that has no override block at all.
 */
export function parseLaunchdDisabled(stdout: string): Map<string, boolean> | null {
  if (!/disabled services = \{/.test(stdout)) return null;
  const out = new Map<string, boolean>();
  for (const m of stdout.matchAll(/^\s*"([^"]+)"\s*=>\s*(disabled|enabled|true|false)\s*$/gm)) {
    out.set(m[1]!, m[2] === 'disabled' || m[2] === 'true');
  }
  return out;
}

export interface SambaShare {
  readonly name: string;
  readonly path: string | null;
  readonly guestOk: boolean;
  readonly printable: boolean;
}

/**
 * `testparm -s`: the loaded smb.conf, every section `[name]` followed by tab-indented `key = value` lines, only
 * the parameters that differ from Samba's defaults, synonyms written as their canonical name (`public = yes` comes
 * out as `guest ok = Yes`). `[global]` holds the server's settings, the other sections are shares. Null when the output has no `[global]` section, which every
 * loaded configuration has.
 */
export function parseTestparm(stdout: string): { global: ReadonlyMap<string, string>; shares: SambaShare[] } | null {
  const sections: { name: string; params: Map<string, string> }[] = [];
  for (const raw of stdout.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      sections.push({ name: header[1]!, params: new Map() });
      continue;
    }
    const at = line.indexOf('=');
    if (at > 0 && sections.length > 0) sections.at(-1)!.params.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim());
  }
  const global = sections.find((s) => s.name.toLowerCase() === 'global');
  if (!global) return null;
  const yes = (v: string | undefined) => v !== undefined && ['yes', 'true', '1'].includes(v.toLowerCase());
  const shares = sections
    .filter((s) => s !== global)
    .map((s) => ({
      name: s.name,
      path: s.params.get('path') ?? null,
      guestOk: yes(s.params.get('guest ok') ?? s.params.get('public')),
      printable: yes(s.params.get('printable') ?? s.params.get('print ok')),
    }));
  return { global: global.params, shares };
}

/**
 * One file of Samba's usershare folder (/var/lib/samba/usershares), the share a user made from the file manager
 * (Nautilus, Dolphin) with `net usershare add`: `#VERSION 2`, then `path=`, `comment=`, `usershare_acl=`,
 * `guest_ok=y|n` and `sharename=` lines (samba's source3/utils/net_usershare.c). Null when it has no path.
 */
export function parseUsershareFile(text: string): { name: string | null; path: string; guestOk: boolean } | null {
  const v = new Map<string, string>();
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0 && !line.startsWith('#')) v.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  const path = v.get('path');
  return path ? { name: v.get('sharename') ?? null, path, guestOk: v.get('guest_ok')?.toLowerCase() === 'y' } : null;
}

export interface NfsExport {
  readonly path: string;
  /** The clients the export names, without their (options). */
  readonly clients: readonly string[];
}

/**
 * /etc/exports and /etc/exports.d/*.exports (exports(5)): `path client(options) client(options)…`, `#` comments,
 * a backslash continuing a line, a quoted path for one with spaces. A client of `*`, an empty one (a line with only
 * `(options)` after the path, or just a path) or a 0.0.0.0/0 network lets any host mount it.
 */
export function parseExports(text: string): NfsExport[] {
  const out: NfsExport[] = [];
  const joined = text.replace(/\\\n/g, ' ');
  for (const raw of joined.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const m = /^("([^"]+)"|\S+)\s*(.*)$/.exec(line);
    if (!m) continue;
    const path = m[2] ?? m[1]!;
    const rest = m[3]!.trim();
    // A first token `-options` sets the defaults of the line's clients (exports(5) "General Options").
    const tokens = rest.split(/\s+/).filter((t) => t !== '' && !t.startsWith('-'));
    const clients = tokens.length === 0 ? [''] : tokens.map((c) => c.replace(/\(.*\)$/, ''));
    out.push({ path, clients });
  }
  return out;
}

/** A client of an export that every host matches. */
export const anyHost = (client: string): boolean => ['', '*', '0.0.0.0/0', '::/0', '0.0.0.0/0.0.0.0'].includes(client);
