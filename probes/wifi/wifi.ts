/**
 * Wi-Fi security: the security of the current Wi-Fi connection (open, OWE, WEP, WPA, WPA2, WPA3; personal
 * or enterprise) and the saved networks that would join without encryption. Linux reads NetworkManager's
 * profiles through nmcli (research/probes.md §5.3); the collector and its parsers are in linux.ts.
 */
import { z } from 'zod';
import { defineProbe, evidenceSchema } from '../../src/probe.ts';
import { collectLinux } from './linux.ts';

/** Ordered weakest first. `owe` (Enhanced Open) encrypts but does not authenticate the network. */
export const SECURITIES = ['open', 'wep', 'wpa', 'owe', 'wpa2', 'wpa3'] as const;
export type Security = (typeof SECURITIES)[number];
export const AUTH_MODES = ['personal', 'enterprise'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

const security = z
  .enum(SECURITIES)
  .nullable()
  .describe(
    'encryption the profile uses: open (none), wep, wpa (WPA1 only), owe (Enhanced Open), wpa2, wpa3; null when the key management is one this probe does not know',
  );

const SavedNetwork = z.strictObject({
  name: z.string().describe('the profile name (NetworkManager connection.id), which may differ from the SSID'),
  ssid: z.string().describe('the network name the profile joins'),
  security,
  keyMgmt: z.string().nullable().describe('NetworkManager 802-11-wireless-security.key-mgmt as configured; null when the profile has no security setting (an open network)'),
  autoconnect: z.boolean().describe('whether NetworkManager joins this network by itself when it is in range'),
  wirelessMode: z.string().describe('802-11-wireless.mode: infrastructure (a client of an access point), ap (this machine is a hotspot), adhoc or mesh'),
});

export const WifiEvidence = evidenceSchema({
  wirelessDevices: z
    .int()
    .nonnegative()
    .nullable()
    .describe('number of Wi-Fi interfaces on this machine (0: no Wi-Fi hardware, e.g. a desktop on Ethernet only)'),
  networkManager: z
    .enum(['running', 'not-running', 'not-installed'])
    .describe('whether NetworkManager, the source of the Wi-Fi facts, is installed and answering'),
  connected: z.boolean().nullable().describe('whether a Wi-Fi interface is connected to a network right now (as a client or as a hotspot)'),
  current: z
    .strictObject({
      device: z.string().describe('the connected Wi-Fi interface, e.g. wlp2s0'),
      name: z.string().describe('the active profile name, which may differ from the SSID'),
      ssid: z.string().nullable().describe('the network name; null when the profile could not be read'),
      security,
      mode: z
        .enum(AUTH_MODES)
        .nullable()
        .describe('personal (a shared passphrase or WEP key) or enterprise (802.1X accounts); null for open and OWE networks, which authenticate nobody'),
      keyMgmt: z.string().nullable().describe('802-11-wireless-security.key-mgmt of the active profile; null when it has no security setting (open)'),
      proto: z.array(z.string()).nullable().describe('WPA versions the profile allows (wpa = WPA1, rsn = WPA2); empty = NetworkManager default, both'),
      pairwise: z.array(z.string()).nullable().describe('pairwise ciphers the profile allows (tkip, ccmp); empty = NetworkManager default, all'),
      tkipOnly: z.boolean().nullable().describe('whether the profile restricts the pairwise cipher to TKIP, the broken WPA1-era cipher'),
      wirelessMode: z.string().nullable().describe('802-11-wireless.mode of the active profile: infrastructure, ap (hotspot), adhoc or mesh'),
    })
    .nullable()
    .describe('the current Wi-Fi connection; null when not connected (see connected) or when it could not be read (see unknown)'),
  savedNetworks: z.array(SavedNetwork).nullable().describe('every saved Wi-Fi profile'),
  savedOpenNetworks: z
    .array(SavedNetwork.pick({ name: true, ssid: true, autoconnect: true, wirelessMode: true }))
    .nullable()
    .describe('saved Wi-Fi profiles without any encryption (security open; OWE is not included)'),
  savedOpenAutoconnectCount: z
    .int()
    .nonnegative()
    .nullable()
    .describe('how many saved open networks NetworkManager joins by itself when in range'),
});
export type WifiEvidence = z.input<typeof WifiEvidence>;

export default defineProbe({
  id: 'wifi',
  version: '1.0.0',
  title: { ja: 'Wi-Fi の暗号化', en: 'Wi-Fi security' },
  evidence: WifiEvidence,
  collect: { linux: collectLinux },
  timeoutMs: 15_000,
});
