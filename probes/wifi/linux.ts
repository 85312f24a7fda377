/**
 * Linux Wi-Fi facts from NetworkManager (research/probes.md §5.3), in at most three nmcli calls:
 *   1. `device status`: which interfaces are Wi-Fi, which is connected, and the UUID of its profile;
 *   2. `connection show`: the saved profiles (UUID, type, name);
 *   3. `connection show <uuid>…`: the security settings of every Wi-Fi profile, current one included.
 * Profiles are looked up by UUID because their names can differ from the SSID (systeminformation lib/wifi.js).
 * Without NetworkManager, /sys/class/net still tells whether there is any Wi-Fi interface at all.
 */
import { because, reasons, runIfInstalled, saidBy, type ProbeContext, type Reason } from '../../src/probe.ts';
import type { AuthMode, Security, WifiEvidence } from './wifi.ts';

export const DEVICE_STATUS_ARGS = ['-t', '-e', 'yes', '-f', 'DEVICE,TYPE,STATE,CONNECTION,CON-UUID', 'device', 'status'] as const;
export const CONNECTION_LIST_ARGS = ['-t', '-e', 'yes', '-f', 'UUID,TYPE,NAME', 'connection', 'show'] as const;
/**
 * Asked with `-f` (name:value lines), not `-g` (bare values): a profile without a 802-11-wireless-security
 * setting (an open network) prints nothing at all for those fields, so positional `-g` values would shift
 * (seen with nmcli 1.42.4). connection.uuid comes first: it starts each profile's block.
 */
export const DETAIL_FIELDS = [
  'connection.uuid',
  'connection.id',
  'connection.autoconnect',
  '802-11-wireless.ssid',
  '802-11-wireless.mode',
  '802-11-wireless-security.key-mgmt',
  '802-11-wireless-security.proto',
  '802-11-wireless-security.pairwise',
] as const;
export const detailArgs = (uuids: readonly string[]) => ['-t', '-e', 'yes', '-f', DETAIL_FIELDS.join(','), 'connection', 'show', ...uuids];

const NMCLI_TIMEOUT_MS = 5_000;
/** nmcli's exit code 8: "NetworkManager is not running" (nmcli(1), EXIT STATUS). */
const NM_NOT_RUNNING = 8;

/**
 * One line of nmcli's tabular terse output (`-t -e yes`): fields separated by ':', with ':' and '\' inside
 * values escaped as '\:' and '\\' (print_required_fields in nmcli's utils.c). Multiline output (`-f` with
 * `connection show <id>`) is never escaped; see parseConnectionDetails.
 */
export function splitTerse(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) field += line[++i];
    else if (c === ':') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

export interface DeviceStatus {
  readonly device: string;
  readonly type: string;
  /** connected, connected (externally), connecting (…), disconnected, unavailable, unmanaged (LC_ALL=C). */
  readonly state: string;
  readonly connection: string;
  readonly conUuid: string;
}

/** `nmcli -t -e yes -f DEVICE,TYPE,STATE,CONNECTION,CON-UUID device status`; throws on a line of another shape. */
export function parseDeviceStatus(stdout: string): DeviceStatus[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const f = splitTerse(line);
      if (f.length !== 5) throw new Error(`unexpected nmcli device status line: ${JSON.stringify(line)}`);
      const [device, type, state, connection, conUuid] = f as [string, string, string, string, string];
      return { device, type, state, connection, conUuid };
    });
}

/** `nmcli -t -e yes -f UUID,TYPE,NAME connection show`; the name is last, so a stray ':' cannot shift the UUID. */
export function parseConnectionList(stdout: string): { uuid: string; type: string; name: string }[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [uuid = '', type = '', ...name] = splitTerse(line);
      if (!/^[0-9a-f-]{36}$/i.test(uuid) || name.length === 0) throw new Error(`unexpected nmcli connection line: ${JSON.stringify(line)}`);
      return { uuid, type, name: name.join(':') };
    });
}

/**
 * `nmcli -t -e yes -f connection.uuid,… connection show <uuid>…`: multiline terse output, one `field:value`
 * line per property and a blank line between profiles. Values are not escaped in this mode (an SSID
 * `Cafe:Guest` prints as `802-11-wireless.ssid:Cafe:Guest`), so the field name ends at the first ':' (field
 * names have none). Properties of a setting the profile lacks are not printed at all.
 */
export function parseConnectionDetails(stdout: string): Map<string, string>[] {
  const profiles: Map<string, string>[] = [];
  for (const line of stdout.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon);
    const value = line.slice(colon + 1);
    if (key === 'connection.uuid') profiles.push(new Map());
    profiles.at(-1)?.set(key, value);
  }
  return profiles;
}

/** nmcli prints list properties comma-separated (`wpa,rsn`); empty means NetworkManager's default. */
const list = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');

/**
 * Security of a profile from its key management (nm-settings-nmcli(5), 802-11-wireless-security.key-mgmt).
 * `keyMgmt` undefined = no security setting = open. For wpa-psk and wpa-eap, proto decides WPA1 versus WPA2:
 * only `wpa` pins WPA1; `rsn`, or empty (NetworkManager allows both), yields WPA2, because wpa_supplicant picks
 * RSN whenever the access point offers it. Returns null for a key management this probe does not know.
 */
export function classifySecurity(keyMgmt: string | undefined, proto: readonly string[]): { security: Security; mode: AuthMode | null } | null {
  const wpa1Only = proto.length > 0 && !proto.includes('rsn');
  switch (keyMgmt) {
    case undefined:
      return { security: 'open', mode: null };
    case 'none':
      return { security: 'wep', mode: 'personal' }; // static WEP keys
    case 'ieee8021x':
      return { security: 'wep', mode: 'enterprise' }; // dynamic WEP (802.1X)
    case 'owe':
      return { security: 'owe', mode: null };
    case 'wpa-psk':
      return { security: wpa1Only ? 'wpa' : 'wpa2', mode: 'personal' };
    case 'wpa-eap':
      return { security: wpa1Only ? 'wpa' : 'wpa2', mode: 'enterprise' };
    case 'sae':
      return { security: 'wpa3', mode: 'personal' };
    case 'wpa-eap-suite-b-192':
      return { security: 'wpa3', mode: 'enterprise' };
    default:
      return null;
  }
}

/** The profile types nmcli reports for Wi-Fi: `802-11-wireless` in connection lists, `wifi` in device status. */
const WIFI_PROFILE = '802-11-wireless';
const WIFI_DEVICE = 'wifi';

/** Wi-Fi interfaces from sysfs: cfg80211 devices have a `wireless` directory (wireless extensions) or a `phy80211` link. */
async function countWirelessInSysfs(ctx: ProbeContext): Promise<number | undefined> {
  const interfaces = await ctx.listDir('/sys/class/net');
  if (interfaces === undefined) return undefined;
  let count = 0;
  for (const name of interfaces) {
    // `wireless` is missing on kernels built without CONFIG_CFG80211_WEXT; phy80211 exists for every cfg80211 device.
    if ((await ctx.stat(`/sys/class/net/${name}/wireless`)) ?? (await ctx.stat(`/sys/class/net/${name}/phy80211`))) count++;
  }
  return count;
}

export async function collectLinux(ctx: ProbeContext): Promise<WifiEvidence> {
  const why = reasons();
  const nmcli = (args: readonly string[]) => ctx.run('nmcli', args, { timeoutMs: NMCLI_TIMEOUT_MS });

  // 1. Devices. Without a usable NetworkManager, fall back to sysfs for "is there any Wi-Fi at all".
  let devices: DeviceStatus[] | undefined;
  let networkManager: WifiEvidence['networkManager'];
  // Set whenever `devices` is undefined.
  let nmProblem = because('fact.unknown');
  const r = await runIfInstalled(ctx, 'nmcli', DEVICE_STATUS_ARGS, { timeoutMs: NMCLI_TIMEOUT_MS });
  if (!r) {
    networkManager = 'not-installed';
    nmProblem = because('nm.not-installed');
  } else if (r.exitCode === 0) {
    networkManager = 'running';
    try {
      devices = parseDeviceStatus(r.stdout);
    } catch (e) {
      nmProblem = because('command.unexpected-output', { command: 'nmcli device status' }, (e as Error).message);
    }
    if (devices?.length === 0) {
      devices = undefined;
      nmProblem = because('command.no-answer', { command: 'nmcli device status' });
    }
  } else {
    // Exit 8 when the daemon is not running; without a D-Bus system bus nmcli exits 1 ("Could not create NMClient object").
    networkManager = 'not-running';
    nmProblem = r.exitCode === NM_NOT_RUNNING ? because('nm.not-running') : because('nm.unreachable', { exitCode: r.exitCode }, saidBy(r));
  }

  let wirelessDevices: number | null;
  const wifiDevices = devices?.filter((d) => d.type === WIFI_DEVICE);
  if (wifiDevices) wirelessDevices = wifiDevices.length;
  else {
    const n = await countWirelessInSysfs(ctx);
    wirelessDevices = n ?? why.set('wirelessDevices', because('wifi.no-adapter-count', {}, nmProblem.detail));
  }

  // 2. The current connection's device, if any.
  let connected: boolean | null;
  let active: DeviceStatus | undefined;
  if (wirelessDevices === 0) connected = false;
  else if (!wifiDevices) connected = why.set('connected', nmProblem);
  else {
    // "connected (externally)": joined outside NetworkManager; its generated profile carries no security settings.
    active = wifiDevices.find((d) => d.state === 'connected' || d.state === 'connected (externally)');
    const unmanaged = wifiDevices.filter((d) => d.state === 'unmanaged');
    if (active) connected = true;
    else if (unmanaged.length > 0) connected = why.set('connected', because('wifi.unmanaged', { devices: unmanaged.map((d) => d.device) }));
    else connected = false;
  }

  // 3. Saved profiles and their security, in one call.
  let profiles: Map<string, Map<string, string>> | undefined;
  let profilesProblem = nmProblem;
  if (networkManager === 'running') {
    const r = await nmcli(CONNECTION_LIST_ARGS);
    let wifiUuids: string[] | undefined;
    if (r.exitCode !== 0) profilesProblem = because('command.failed', { command: 'nmcli connection show', exitCode: r.exitCode }, saidBy(r));
    else {
      try {
        const saved = parseConnectionList(r.stdout).filter((c) => c.type === WIFI_PROFILE);
        for (const c of saved) ctx.identifying('ssid', c.name);
        wifiUuids = saved.map((c) => c.uuid);
      } catch (e) {
        profilesProblem = because('command.unexpected-output', { command: 'nmcli connection show' }, (e as Error).message);
      }
    }
    // The active profile may be an in-memory one that the list does not hold.
    if (wifiUuids && active?.conUuid && !wifiUuids.includes(active.conUuid)) wifiUuids.push(active.conUuid);
    if (wifiUuids?.length === 0) profiles = new Map();
    else if (wifiUuids) {
      const d = await nmcli(detailArgs(wifiUuids));
      if (d.exitCode !== 0) profilesProblem = because('command.failed', { command: 'nmcli connection show <uuid>', exitCode: d.exitCode }, saidBy(d));
      else profiles = new Map(parseConnectionDetails(d.stdout).map((p) => [p.get('connection.uuid')!, p]));
    }
  }
  for (const p of profiles?.values() ?? []) {
    for (const key of ['connection.id', '802-11-wireless.ssid']) if (p.get(key)) ctx.identifying('ssid', p.get(key)!);
  }
  if (active) ctx.identifying('ssid', active.connection);

  const describe = (p: Map<string, string>) => {
    const keyMgmt = p.get('802-11-wireless-security.key-mgmt');
    const proto = list(p.get('802-11-wireless-security.proto'));
    return { keyMgmt: keyMgmt ?? null, proto, pairwise: list(p.get('802-11-wireless-security.pairwise')), sec: classifySecurity(keyMgmt, proto) };
  };

  // 4. The current connection.
  let current: WifiEvidence['current'] = null;
  if (active) {
    const p = profiles?.get(active.conUuid);
    const d = p && describe(p);
    current = {
      device: active.device,
      name: active.connection,
      ssid: p?.get('802-11-wireless.ssid') ?? null,
      security: d?.sec?.security ?? null,
      mode: d?.sec?.mode ?? null,
      keyMgmt: d?.keyMgmt ?? null,
      proto: d?.proto ?? null,
      pairwise: d?.pairwise ?? null,
      tkipOnly: d ? d.pairwise.length > 0 && d.pairwise.every((c) => c === 'tkip') : null,
      wirelessMode: p?.get('802-11-wireless.mode') ?? null,
    };
    let problem: Reason | undefined;
    if (active.state === 'connected (externally)') {
      problem = because('wifi.connected-externally', { device: active.device });
      current = { ...current, security: null, mode: null };
    } else if (!d) {
      problem = profiles ? because('wifi.active-profile-missing', { uuid: active.conUuid }) : profilesProblem;
      for (const path of ['ssid', 'keyMgmt', 'proto', 'pairwise', 'tkipOnly', 'wirelessMode']) why.set(`current.${path}`, problem);
    } else if (!d.sec) problem = because('wifi.unknown-security', { value: d.keyMgmt ?? '' });
    if (problem) {
      why.set('current.security', problem);
      why.set('current.mode', problem);
    }
  } else if (connected === null) why.set('current', why.map.connected!);

  // 5. Saved networks.
  let savedNetworks: WifiEvidence['savedNetworks'] = null;
  if (profiles) {
    savedNetworks = [...profiles.values()].map((p, i) => {
      const d = describe(p);
      if (!d.sec) why.set(`savedNetworks.${i}.security`, because('wifi.unknown-security', { value: d.keyMgmt ?? '' }));
      return {
        name: p.get('connection.id') ?? '',
        ssid: p.get('802-11-wireless.ssid') ?? '',
        security: d.sec?.security ?? null,
        keyMgmt: d.keyMgmt,
        autoconnect: p.get('connection.autoconnect') !== 'no', // NetworkManager's default is yes
        wirelessMode: p.get('802-11-wireless.mode') || 'infrastructure',
      };
    });
  } else why.set('savedNetworks', profilesProblem);
  const savedOpenNetworks = savedNetworks
    ?.filter((n) => n.security === 'open')
    .map(({ name, ssid, autoconnect, wirelessMode }) => ({ name, ssid, autoconnect, wirelessMode })) ?? null;
  if (!savedOpenNetworks) why.set('savedOpenNetworks', profilesProblem);
  const savedOpenAutoconnectCount = savedOpenNetworks?.filter((n) => n.autoconnect).length ?? why.set('savedOpenAutoconnectCount', profilesProblem);

  return { wirelessDevices, networkManager, connected, current, savedNetworks, savedOpenNetworks, savedOpenAutoconnectCount, unknown: why.map };
}
