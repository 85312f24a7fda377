import { describe, expect, it } from 'vitest';
import { Recording, type RecordingInput } from '../../src/host/recording.ts';
import { createReplayHost } from '../../src/host/replay-host.ts';
import { silentLogger } from '../../src/log.ts';
import { runProbe } from '../../src/scan/run-probes.ts';
import {
  CONNECTION_LIST_ARGS,
  DEVICE_STATUS_ARGS,
  classifySecurity,
  detailArgs,
  parseConnectionDetails,
  parseConnectionList,
  parseDeviceStatus,
  splitTerse,
} from './linux.ts';
import wifi from './wifi.ts';

// Verbatim nmcli 1.42.4 outputs (see fixtures/linux-ssid-colon.yaml and linux-open-network.yaml).
const LIST_WITH_ESCAPES = 'a4bacb9b-fa9e-42df-8570-5865494da8e4:802-11-wireless:Back\\\\slash\n17216757-071f-459c-8cc4-9e258306c11f:802-11-wireless:Cafe\\:Guest\n';
const DETAILS_OPEN_AND_PSK = [
  'connection.uuid:a4bacb9b-fa9e-42df-8570-5865494da8e4',
  'connection.id:Back\\slash',
  'connection.autoconnect:no',
  '802-11-wireless.ssid:a\\b:c',
  '802-11-wireless.mode:infrastructure',
  '',
  'connection.uuid:17216757-071f-459c-8cc4-9e258306c11f',
  'connection.id:Cafe:Guest',
  'connection.autoconnect:yes',
  '802-11-wireless.ssid:Cafe:Guest',
  '802-11-wireless.mode:infrastructure',
  '802-11-wireless-security.key-mgmt:wpa-psk',
  '802-11-wireless-security.proto:',
  '802-11-wireless-security.pairwise:',
  '',
].join('\n');

describe('nmcli terse parsing', () => {
  it('unescapes colons and backslashes in tabular terse fields', () => {
    expect(splitTerse('wlp2s0:wifi:connected:Cafe\\:Guest:17216757-071f-459c-8cc4-9e258306c11f')).toEqual([
      'wlp2s0',
      'wifi',
      'connected',
      'Cafe:Guest',
      '17216757-071f-459c-8cc4-9e258306c11f',
    ]);
    expect(splitTerse('x:a\\\\b\\:c:')).toEqual(['x', 'a\\b:c', '']);
  });

  it('keeps empty trailing columns of devices without a connection', () => {
    expect(parseDeviceStatus('p2p-dev-wlp2s0:wifi-p2p:disconnected::\nlo:loopback:unmanaged::\n')).toEqual([
      { device: 'p2p-dev-wlp2s0', type: 'wifi-p2p', state: 'disconnected', connection: '', conUuid: '' },
      { device: 'lo', type: 'loopback', state: 'unmanaged', connection: '', conUuid: '' },
    ]);
  });

  it('rejects device status lines of another shape instead of misreading them', () => {
    expect(() => parseDeviceStatus('wlan0:wifi:connected:Home\n')).toThrow(/unexpected nmcli device status line/);
  });

  it('reads profile names with escaped colons and backslashes from the connection list', () => {
    expect(parseConnectionList(LIST_WITH_ESCAPES).map((c) => c.name)).toEqual(['Back\\slash', 'Cafe:Guest']);
    expect(() => parseConnectionList('Error: something\n')).toThrow(/unexpected nmcli connection line/);
  });

  it('splits multiline details at the first colon, where values are not escaped', () => {
    const [open, psk] = parseConnectionDetails(DETAILS_OPEN_AND_PSK);
    expect(open?.get('802-11-wireless.ssid')).toBe('a\\b:c');
    expect(psk?.get('802-11-wireless.ssid')).toBe('Cafe:Guest');
    expect(psk?.get('connection.id')).toBe('Cafe:Guest');
  });

  it('leaves the security fields absent for a profile without a security setting (an open network)', () => {
    const [open] = parseConnectionDetails(DETAILS_OPEN_AND_PSK);
    expect(open?.has('802-11-wireless-security.key-mgmt')).toBe(false);
    expect(classifySecurity(open?.get('802-11-wireless-security.key-mgmt'), [])).toEqual({ security: 'open', mode: null });
  });
});

describe('classifySecurity', () => {
  it.for([
    ['none', [], 'wep', 'personal'],
    ['ieee8021x', [], 'wep', 'enterprise'],
    ['owe', [], 'owe', null],
    ['wpa-psk', [], 'wpa2', 'personal'],
    ['wpa-psk', ['rsn'], 'wpa2', 'personal'],
    ['wpa-psk', ['wpa', 'rsn'], 'wpa2', 'personal'],
    ['wpa-psk', ['wpa'], 'wpa', 'personal'],
    ['wpa-eap', [], 'wpa2', 'enterprise'],
    ['wpa-eap', ['wpa'], 'wpa', 'enterprise'],
    ['sae', [], 'wpa3', 'personal'],
    ['wpa-eap-suite-b-192', [], 'wpa3', 'enterprise'],
  ] as const)('maps key-mgmt %s with proto %j to %s %s', ([keyMgmt, proto, security, mode]) => {
    expect(classifySecurity(keyMgmt, proto)).toEqual({ security, mode });
  });

  it('returns null for a key management it does not know rather than guessing', () => {
    expect(classifySecurity('ft-sae-ext', [])).toBeNull();
  });
});

/** A recording of one machine state, for collector behaviours that the published-output fixtures do not reach. */
function replay(answers: RecordingInput['sections'][string]) {
  const recording = Recording.parse({
    tenkenRecording: 1,
    source: 'hand-made in wifi.test.ts',
    platform: 'linux',
    isAdmin: false,
    recordedAt: '2026-11-20T09:00:00.000Z',
    sections: { wifi: answers },
  });
  return createReplayHost(recording, 'wifi');
}
const UUID = '7205f3fc-184d-4072-931d-a10afb6faad2';
const device = (state: string) => ({
  run: ['nmcli', ...DEVICE_STATUS_ARGS],
  stdout: `wlp2s0:wifi:${state}:Office:${UUID}\nlo:loopback:unmanaged::\n`,
});
const list = { run: ['nmcli', ...CONNECTION_LIST_ARGS], stdout: `${UUID}:802-11-wireless:Office\n` };
const details = (keyMgmt: string) => ({
  run: ['nmcli', ...detailArgs([UUID])],
  stdout: `connection.uuid:${UUID}\nconnection.id:Office\nconnection.autoconnect:yes\n802-11-wireless.ssid:Office\n802-11-wireless.mode:infrastructure\n802-11-wireless-security.key-mgmt:${keyMgmt}\n802-11-wireless-security.proto:\n802-11-wireless-security.pairwise:\n`,
});

describe('collectLinux', () => {
  it('reports an unknown key management as null security with the reason', async () => {
    const host = replay([device('connected'), list, details('ft-sae-ext')]);
    const outcome = await runProbe(wifi, host, silentLogger);
    expect(host.unused()).toEqual([]);
    expect(outcome.status).toBe('ok');
    const evidence = (outcome as { evidence: Record<string, any> }).evidence;
    expect(evidence.current.security).toBeNull();
    expect(enReason(evidence.unknown['current.security'])).toMatch(/unknown security "ft-sae-ext"/);
    expect(evidence.savedNetworks[0].security).toBeNull();
    expect(evidence.unknown['savedNetworks.0.security']).toBeDefined();
  });

  it('does not read security from the profile of a connection made outside NetworkManager', async () => {
    const host = replay([device('connected (externally)'), list, details('wpa-psk')]);
    const evidence = ((await runProbe(wifi, host, silentLogger)) as { evidence: Record<string, any> }).evidence;
    expect(evidence.connected).toBe(true);
    expect(evidence.current.security).toBeNull();
    expect(enReason(evidence.unknown['current.security'])).toMatch(/outside NetworkManager/);
  });

  it('counts a disconnected Wi-Fi device as present but not connected', async () => {
    const host = replay([{ run: ['nmcli', ...DEVICE_STATUS_ARGS], stdout: 'wlp2s0:wifi:disconnected::\n' }, list, details('sae')]);
    const evidence = ((await runProbe(wifi, host, silentLogger)) as { evidence: Record<string, any> }).evidence;
    expect(evidence).toMatchObject({ wirelessDevices: 1, connected: false, current: null, savedOpenAutoconnectCount: 0 });
  });

  it('says it cannot tell whether Wi-Fi is connected when NetworkManager does not manage the interface', async () => {
    const host = replay([{ run: ['nmcli', ...DEVICE_STATUS_ARGS], stdout: 'wlan0:wifi:unmanaged::\n' }, { ...list, stdout: '' }]);
    const evidence = ((await runProbe(wifi, host, silentLogger)) as { evidence: Record<string, any> }).evidence;
    expect(evidence.connected).toBeNull();
    expect(enReason(evidence.unknown.connected)).toMatch(/does not manage wlan0/);
    expect(evidence.savedNetworks).toEqual([]);
  });

  it('falls back to sysfs when nmcli prints a device line it cannot read', async () => {
    const host = replay([
      { run: ['nmcli', ...DEVICE_STATUS_ARGS], stdout: 'garbage\n' },
      { list: '/sys/class/net', entries: ['wlan0'] },
      { stat: '/sys/class/net/wlan0/wireless', error: 'missing' },
      { stat: '/sys/class/net/wlan0/phy80211', type: 'directory', size: 0, mtime: '2026-11-20T08:00:00.000Z' },
      { ...list, stdout: '' },
    ]);
    const evidence = ((await runProbe(wifi, host, silentLogger)) as { evidence: Record<string, any> }).evidence;
    expect(host.unused()).toEqual([]);
    expect(evidence.wirelessDevices).toBe(1);
    expect(evidence.connected).toBeNull();
    expect(enReason(evidence.unknown.connected)).toMatch(/unexpected nmcli device status line/);
  });
});

// ---------------------------------------------------------------- Windows and macOS
import { classifySecurityMode, parseAirPort, wifiCards } from './darwin.ts';
import { WIFI_SCRIPT, WifiAnswer, classifyConnection, classifyProfile, win32ErrorReason } from './win32.ts';
import { powershellArgs } from '../../src/powershell.ts';
import { enReason } from '../../test/support/reason-text.ts';

describe('Windows WLAN API mapping', () => {
  it.for([
    [1, 0, 'open', null],
    [1, 0x101, 'wep', 'personal'],
    [2, 1, 'wep', 'personal'],
    [4, 2, 'wpa', 'personal'],
    [6, 4, 'wpa2', 'enterprise'],
    [7, 4, 'wpa2', 'personal'],
    [8, 9, 'wpa3', 'enterprise'],
    [9, 4, 'wpa3', 'personal'],
    [10, 4, 'owe', null],
    [11, 4, 'wpa3', 'enterprise'],
  ] as const)('maps DOT11_AUTH_ALGORITHM %i with cipher %i to %s %s', ([auth, cipher, security, mode]) => {
    expect(classifyConnection(auth, cipher)).toEqual({ security, mode });
  });

  it('does not guess for IHV algorithms or an open system with an unknown cipher', () => {
    expect(classifyConnection(-2147483648, 4)).toBeNull();
    expect(classifyConnection(1, 4)).toBeNull();
  });

  it('maps the profile XML authentication and encryption, case-sensitively as the schema spells them', () => {
    expect(classifyProfile('open', 'none', false)).toEqual({ security: 'open', mode: null });
    expect(classifyProfile('open', 'WEP', true)).toEqual({ security: 'wep', mode: 'enterprise' });
    expect(classifyProfile('WPAPSK', 'TKIP', false)).toEqual({ security: 'wpa', mode: 'personal' });
    expect(classifyProfile('WPA3SAE', 'AES', false)).toEqual({ security: 'wpa3', mode: 'personal' });
    expect(classifyProfile('OWE', 'AES', false)).toEqual({ security: 'owe', mode: null });
    expect(classifyProfile('wpa2psk', 'AES', false)).toBeNull();
  });

  it('names the location-consent denial and the stopped service from their Win32 codes, not from localized text', () => {
    expect(enReason(win32ErrorReason(5, 'x'))).toMatch(/location/);
    expect(enReason(win32ErrorReason(1062, 'x'))).toMatch(/WlanSvc/);
  });

  it('never prints the profile XML or key material, and fits a Windows command line', () => {
    expect(WIFI_SCRIPT).not.toMatch(/keyMaterial|sharedKey|WLAN_PROFILE_GET_PLAINTEXT_KEY/);
    expect(WIFI_SCRIPT).toContain('SelectSingleNode');
    // CreateProcess limits the command line to 32767 characters; -EncodedCommand is UTF-16LE in base64.
    expect(['powershell.exe', ...powershellArgs(WIFI_SCRIPT)].join(' ').length).toBeLessThan(32_000);
  });

  it('rejects an answer of another shape instead of misreading it', () => {
    expect(WifiAnswer.safeParse({ code: 0, interfaces: [{ guid: 'g', description: 'd', state: '1' }], profiles: [] }).success).toBe(false);
    expect(WifiAnswer.safeParse({ code: 0, interfaces: [], profiles: [], extra: 1 }).success).toBe(false);
  });
});

describe('Windows collector', () => {
  const win = (stdout: string, isAdmin = false) =>
    createReplayHost(
      Recording.parse({
        tenkenRecording: 1,
        source: 'hand-made in wifi.test.ts',
        platform: 'win32',
        isAdmin,
        recordedAt: '2026-11-20T09:00:00.000Z',
        sections: { wifi: [{ powershell: WIFI_SCRIPT, stdout }] },
      }),
      'wifi',
    );
  const evidenceOf = async (stdout: string) => ((await runProbe(wifi, win(stdout), silentLogger)) as { evidence: Record<string, any> }).evidence;
  const iface = (connection: unknown) => ({ guid: 'g', description: 'Intel(R) Wi-Fi 6 AX200 160MHz', state: 1, connection });

  it('reads a BOM-prefixed answer with a Japanese profile name byte-exact', async () => {
    const json = JSON.stringify({ code: 0, interfaces: [iface({ code: 0, profile: '会議室', ssid: '会議室', bssType: 1, oneX: false, auth: 7, cipher: 4 })], profiles: [] });
    const evidence = await evidenceOf(`\uFEFF${json}\r\n`);
    expect(evidence.current).toMatchObject({ name: '会議室', ssid: '会議室', security: 'wpa2', tkipOnly: false });
  });

  it('reports a TKIP connection and an unknown algorithm as facts and reasons, not guesses', async () => {
    const tkip = await evidenceOf(JSON.stringify({ code: 0, interfaces: [iface({ code: 0, profile: 'p', ssid: 's', bssType: 1, oneX: false, auth: 7, cipher: 2 })], profiles: [] }));
    expect(tkip.current).toMatchObject({ security: 'wpa2', tkipOnly: true });
    const ihv = await evidenceOf(JSON.stringify({ code: 0, interfaces: [iface({ code: 0, profile: 'p', ssid: 's', bssType: 1, oneX: false, auth: -2147483647, cipher: 4 })], profiles: [] }));
    expect(ihv.current.security).toBeNull();
    expect(enReason(ihv.unknown['current.security'])).toMatch(/unknown security "auth/);
  });

  it('turns empty output, non-JSON and a failed PowerShell into reasons', async () => {
    const empty = await evidenceOf('');
    expect(empty.wirelessDevices).toBeNull();
    expect(enReason(empty.unknown.wirelessDevices)).toMatch(/unexpected output from PowerShell/);
    const text = await evidenceOf('Add-Type : Cannot add type.\r\n');
    expect(enReason(text.unknown.connected)).toMatch(/unexpected output from PowerShell/);
  });

  it('counts a profile listed on two interfaces once and says why a profile could not be read', async () => {
    const p = { interface: 'g', name: 'Cafe', flags: 2, code: 0, ssid: 'Cafe', connectionType: 'ESS', connectionMode: null, authentication: 'open', encryption: 'none', useOneX: 'false' };
    const twice = await evidenceOf(JSON.stringify({ code: 0, interfaces: [], profiles: [p, { ...p, interface: 'h' }] }));
    expect(twice.savedNetworks).toHaveLength(1);
    expect(twice.savedOpenAutoconnectCount).toBe(1);
    expect(twice.savedNetworks[0].windows.perUser).toBe(true);
    const denied = await evidenceOf(JSON.stringify({ code: 0, interfaces: [], profiles: [{ interface: 'g', name: 'Cafe', flags: 0, code: 5 }] }));
    expect(denied.savedOpenAutoconnectCount).toBeNull();
    expect(enReason(denied.unknown.savedNetworks)).toMatch(/WlanGetProfile\(Cafe\).*error 5/);
  });
});

describe('macOS system_profiler', () => {
  it.for([
    ['spairport_security_mode_none', 'open', null, false],
    ['spairport_security_mode_wep', 'wep', 'personal', false],
    ['spairport_security_mode_wpa_personal', 'wpa', 'personal', null],
    ['spairport_security_mode_wpa2_personal', 'wpa2', 'personal', null],
    ['spairport_security_mode_wpa2_personal_mixed', 'wpa2', 'personal', null],
    ['spairport_security_mode_wpa2_enterprise', 'wpa2', 'enterprise', null],
    ['spairport_security_mode_wpa3_personal', 'wpa3', 'personal', false],
    ['spairport_security_mode_wpa3_enterprise', 'wpa3', 'enterprise', false],
    ['pairport_security_mode_wpa3_transition', 'wpa2', 'personal', null],
  ] as const)('maps %s to %s %s', ([raw, security, mode, tkipOnly]) => {
    expect(classifySecurityMode(raw)).toEqual({ security, mode, tkipOnly });
  });

  it('returns null for a mode it does not know', () => {
    expect(classifySecurityMode('spairport_security_mode_owe')).toBeNull();
    expect(classifySecurityMode('WPA2 Personal')).toBeNull();
  });

  it('counts Wi-Fi cards, not the AirDrop interface awdl0', () => {
    const json = '{"SPAirPortDataType":[{"spairport_airport_interfaces":[{"_name":"en0","spairport_wireless_card_type":"spairport_wireless_card_type_wifi (0x14E4, 0x4388)","spairport_status_information":"spairport_status_off"},{"_name":"awdl0","spairport_current_network_information":{"spairport_network_type":"spairport_network_type_station"}}]}]}';
    expect(wifiCards(parseAirPort(json)).map((i) => i._name)).toEqual(['en0']);
  });

  it('rejects a document of another shape', () => {
    expect(() => parseAirPort('{"SPAirPortDataType":{}}')).toThrow();
  });

  it('keeps a redacted network name out of the evidence and reports a failing system_profiler as unknown', async () => {
    const mac = (answer: Record<string, unknown>) =>
      createReplayHost(
        Recording.parse({
          tenkenRecording: 1, source: 'hand-made in wifi.test.ts', platform: 'darwin', isAdmin: false, recordedAt: '2026-11-20T09:00:00.000Z',
          sections: { wifi: [{ run: ['system_profiler', 'SPAirPortDataType', '-json'], ...answer }] },
        }),
        'wifi',
      );
    const redacted = '{"SPAirPortDataType":[{"spairport_airport_interfaces":[{"_name":"en0","spairport_wireless_card_type":"spairport_wireless_card_type_wifi","spairport_status_information":"spairport_status_connected","spairport_current_network_information":{"_name":"<redacted>","spairport_network_type":"spairport_network_type_station","spairport_security_mode":"pairport_security_mode_wpa3_transition"}}]}]}\n';
    const e1 = ((await runProbe(wifi, mac({ stdout: redacted }), silentLogger)) as { evidence: Record<string, any> }).evidence;
    expect(e1.current).toMatchObject({ ssid: null, security: 'wpa2' });
    expect(enReason(e1.unknown['current.ssid'])).toMatch(/Location Services/);
    const e2 = ((await runProbe(wifi, mac({ error: 'not-found' }), silentLogger)) as { evidence: Record<string, any> }).evidence;
    expect(e2.connected).toBeNull();
    expect(enReason(e2.unknown.connected)).toBe('system_profiler is not installed');
  });
});
