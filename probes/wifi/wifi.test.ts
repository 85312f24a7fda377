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
    expect(evidence.unknown['current.security']).toMatch(/unknown key management "ft-sae-ext"/);
    expect(evidence.savedNetworks[0].security).toBeNull();
    expect(evidence.unknown['savedNetworks.0.security']).toBeDefined();
  });

  it('does not read security from the profile of a connection made outside NetworkManager', async () => {
    const host = replay([device('connected (externally)'), list, details('wpa-psk')]);
    const evidence = ((await runProbe(wifi, host, silentLogger)) as { evidence: Record<string, any> }).evidence;
    expect(evidence.connected).toBe(true);
    expect(evidence.current.security).toBeNull();
    expect(evidence.unknown['current.security']).toMatch(/outside NetworkManager/);
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
    expect(evidence.unknown.connected).toMatch(/does not manage wlan0/);
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
    expect(evidence.unknown.connected).toMatch(/unexpected nmcli device status line/);
  });
});
