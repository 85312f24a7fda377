/**
 * macOS Wi-Fi facts from `system_profiler SPAirPortDataType -json` (research/probes.md §5.2): one call, about two
 * seconds, no root needed. `airport` is gone since macOS 14.4 and is not used.
 *
 * Since macOS 14/15 the network name is `<redacted>` unless the calling binary holds the Location Services
 * permission, which a daemon cannot get; the security mode is printed either way, and it is what matters here.
 * system_profiler names the mode, not the pairwise cipher, so TKIP cannot be told apart on WPA/WPA2 networks.
 *
 * Saved networks live in /Library/Preferences/com.apple.wifi.known-networks.plist (root and Full Disk Access);
 * they are not read yet (see savedNetworks' reason).
 */
import { z } from 'zod';
import { because, firstLine, reasons, runIfInstalled, saidBy, type ProbeContext, type Reason } from '../../src/probe.ts';
import type { AuthMode, Security, WifiEvidence } from './wifi.ts';

export const SYSTEM_PROFILER_ARGS = ['SPAirPortDataType', '-json'] as const;
const SYSTEM_PROFILER_TIMEOUT_MS = 10_000;

const Interface = z.looseObject({
  _name: z.string(),
  spairport_wireless_card_type: z.string().optional(),
  spairport_status_information: z.string().optional(),
  spairport_current_network_information: z
    .looseObject({ _name: z.string().optional(), spairport_security_mode: z.string().optional(), spairport_network_type: z.string().optional() })
    .optional(),
});
export const AirPortData = z.looseObject({
  SPAirPortDataType: z.array(z.looseObject({ spairport_airport_interfaces: z.array(Interface).optional() })),
});
export type AirPortInterface = z.infer<typeof Interface>;

/** Parses the JSON; throws on anything that is not system_profiler's SPAirPortDataType document. */
export function parseAirPort(stdout: string): AirPortInterface[] {
  const data = AirPortData.parse(JSON.parse(stdout));
  return data.SPAirPortDataType.flatMap((d) => d.spairport_airport_interfaces ?? []);
}

/**
 * The Wi-Fi cards: interfaces with a spairport_wireless_card_type or a status, or whose current network names
 * its security mode — a capture with the SSID redacted (root, macOS 15.6+) has en0 with only the last (a
 * Japanese developer's real capture quoted in a public Go test). awdl0 (Apple Wireless Direct Link, AirDrop) is
 * listed beside en0 on macOS 15 with a bare spairport_current_network_information (a network type only) and
 * is not a card.
 */
export const wifiCards = (interfaces: readonly AirPortInterface[]) =>
  interfaces.filter((i) => i.spairport_wireless_card_type !== undefined || i.spairport_status_information !== undefined || i.spairport_current_network_information?.spairport_security_mode !== undefined);

/** Connected: the status says so, or (no status printed) the card is on a network whose security mode it names. */
const isConnected = (i: AirPortInterface) =>
  i.spairport_status_information === 'spairport_status_connected' || (i.spairport_status_information === undefined && i.spairport_current_network_information?.spairport_security_mode !== undefined);

/**
 * The security mode by prefix. macOS prints `spairport_security_mode_<mode>`, except that some builds drop the
 * leading `s` for WPA3 transition (`pairport_security_mode_wpa3_transition`, seen in real outputs of macOS 14
 * and 15; systeminformation lib/wifi.js matches that spelling too). Modes:
 * none, wep, wpa_personal, wpa_enterprise, wpa2_personal, wpa2_enterprise, wpa3_personal, wpa3_enterprise,
 * wpa3_transition (WPA2/WPA3 personal), and `_mixed` variants (WPA/WPA2). A mixed or transition network is
 * reported as its floor that the Mac will use (WPA2), as on Linux where RSN wins whenever it is offered.
 */
export function classifySecurityMode(raw: string): { security: Security; mode: AuthMode | null; tkipOnly: boolean | null } | null {
  const m = /^s?pairport_security_mode_(.+)$/.exec(raw);
  if (!m) return null;
  const mode = m[1]!;
  if (mode === 'none') return { security: 'open', mode: null, tkipOnly: false };
  if (mode === 'wep') return { security: 'wep', mode: 'personal', tkipOnly: false };
  if (mode === 'wpa3_transition') return { security: 'wpa2', mode: 'personal', tkipOnly: null };
  const w = /^(wpa|wpa2|wpa3)_(personal|enterprise)(_mixed)?$/.exec(mode);
  if (!w) return null;
  const [, version, auth, mixed] = w as unknown as [string, 'wpa' | 'wpa2' | 'wpa3', AuthMode, string | undefined];
  const security: Security = mixed ? 'wpa2' : version;
  // WPA3 does not allow TKIP (Wi-Fi Alliance WPA3 specification); for WPA and WPA2 the cipher is not printed.
  return { security, mode: auth, tkipOnly: security === 'wpa3' ? false : null };
}

export async function collectDarwin(ctx: ProbeContext): Promise<WifiEvidence> {
  const why = reasons();
  const savedProblem = because('wifi.macos-saved-not-read');
  for (const path of ['savedNetworks', 'savedOpenNetworks', 'savedOpenAutoconnectCount']) why.set(path, savedProblem);
  const unknown = (problem: Reason): WifiEvidence => {
    for (const path of ['wirelessDevices', 'connected', 'current']) why.set(path, problem);
    return { wirelessDevices: null, connected: null, current: null, savedNetworks: null, savedOpenNetworks: null, savedOpenAutoconnectCount: null, unknown: why.map };
  };

  const command = 'system_profiler SPAirPortDataType -json';
  // A timeout is a reason here too: system_profiler can take seconds, and the other probes need not wait on it.
  const r = await runIfInstalled(ctx, 'system_profiler', SYSTEM_PROFILER_ARGS, { timeoutMs: SYSTEM_PROFILER_TIMEOUT_MS }).catch((e: Error) => e);
  if (r === undefined) return unknown(because('command.missing', { command: 'system_profiler' }));
  if (r instanceof Error) return unknown(because('command.not-run', { command }, firstLine(r.message)));
  if (r.exitCode !== 0) return unknown(because('command.failed', { command, exitCode: r.exitCode }, saidBy(r)));
  let interfaces: AirPortInterface[];
  try {
    // An empty document (`{ "SPAirPortDataType" : [ ] }` or nothing at all) means the data type has nothing to show.
    interfaces = r.stdout.trim() === '' ? [] : parseAirPort(r.stdout);
  } catch (e) {
    return unknown(because('command.unexpected-output', { command }, firstLine((e as Error).message)));
  }

  const cards = wifiCards(interfaces);
  const active = cards.find(isConnected);
  let current: WifiEvidence['current'] = null;
  if (active) {
    const info = active.spairport_current_network_information;
    const raw = info?.spairport_security_mode;
    const ssid = info?._name && info._name !== '<redacted>' ? info._name : null;
    if (ssid) ctx.identifying('ssid', ssid);
    else why.set('current.ssid', because('wifi.macos-ssid-redacted'));
    why.set('current.name', because('wifi.macos-no-profile-name'));
    const sec = raw === undefined ? null : classifySecurityMode(raw);
    if (!sec) {
      const problem = raw === undefined ? because('value.missing', { source: 'system_profiler', name: 'spairport_security_mode' }) : because('wifi.unknown-security', { value: raw });
      why.set('current.security', problem);
      why.set('current.mode', problem);
    }
    if (sec && sec.tkipOnly === null) why.set('current.tkipOnly', because('wifi.macos-no-cipher'));
    else if (!sec) why.set('current.tkipOnly', why.map['current.security']!);
    current = {
      device: active._name,
      name: null,
      ssid,
      security: sec?.security ?? null,
      mode: sec?.mode ?? null,
      tkipOnly: sec?.tkipOnly ?? null,
      // spairport_network_type_station: a client of an access point; ibss: ad hoc.
      wirelessMode: info?.spairport_network_type === 'spairport_network_type_station' ? 'infrastructure' : info?.spairport_network_type === 'spairport_network_type_ibss' ? 'adhoc' : null,
      ...(raw === undefined ? {} : { macos: { securityMode: raw } }),
    };
    if (current.wirelessMode === null) why.set('current.wirelessMode', because('value.unexpected', { source: 'system_profiler', name: 'spairport_network_type' }, String(info?.spairport_network_type)));
  }

  return {
    wirelessDevices: cards.length,
    connected: active !== undefined,
    current,
    savedNetworks: null,
    savedOpenNetworks: null,
    savedOpenAutoconnectCount: null,
    unknown: why.map,
  };
}
