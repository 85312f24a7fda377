/**
 * Wi-Fi security: the security of the current Wi-Fi connection (open, OWE, WEP, WPA, WPA2, WPA3; personal
 * or enterprise) and the saved networks that would join without encryption (research/probes.md §5). Linux reads
 * NetworkManager's profiles through nmcli (linux.ts); Windows the WLAN API and the profile XML in one PowerShell
 * process (win32.ts); macOS system_profiler's JSON (darwin.ts). Facts only one OS has sit in `windows` / `macos`.
 */
import { z } from 'zod';
import { defineProbe, evidenceSchema } from '../../src/probe.ts';
import { collectDarwin } from './darwin.ts';
import { collectLinux } from './linux.ts';
import { collectWin32 } from './win32.ts';

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
  keyMgmt: z
    .string()
    .nullable()
    .optional()
    .describe('Linux: NetworkManager 802-11-wireless-security.key-mgmt as configured; null when the profile has no security setting (an open network)'),
  autoconnect: z.boolean().describe('whether the OS joins this network by itself when it is in range (NetworkManager autoconnect; Windows connectionMode auto)'),
  wirelessMode: z.string().describe('infrastructure (a client of an access point), ap (this machine is a hotspot), adhoc or mesh'),
  windows: z
    .strictObject({
      authentication: z.string().nullable().describe('profile XML MSM/security/authEncryption/authentication: open, shared, WPA, WPAPSK, WPA2, WPA2PSK, WPA3SAE, WPA3ENT192, WPA3ENT, OWE'),
      encryption: z.string().nullable().describe('profile XML authEncryption/encryption: none, WEP, TKIP, AES, GCMP, GCMP256'),
      useOneX: z.boolean().nullable().describe('profile XML authEncryption/useOneX: 802.1X authentication'),
      groupPolicy: z.boolean().describe('the profile was pushed by Group Policy (WLAN_PROFILE_GROUP_POLICY)'),
      perUser: z.boolean().describe('a per-user profile, not an all-user one (WLAN_PROFILE_USER)'),
    })
    .optional()
    .describe('Windows only: the profile as the WLAN service stores it (the key material is never read)'),
});

export const WifiEvidence = evidenceSchema({
  wirelessDevices: z
    .int()
    .nonnegative()
    .nullable()
    .describe('number of Wi-Fi interfaces on this machine (0: no Wi-Fi hardware, e.g. a desktop on Ethernet only)'),
  networkManager: z
    .enum(['running', 'not-running', 'not-installed'])
    .optional()
    .describe('Linux only: whether NetworkManager, the source of the Wi-Fi facts, is installed and answering'),
  connected: z.boolean().nullable().describe('whether a Wi-Fi interface is connected to a network right now (as a client or as a hotspot)'),
  current: z
    .strictObject({
      device: z.string().describe('the connected Wi-Fi interface: wlp2s0 (Linux), en0 (macOS), the adapter description (Windows)'),
      name: z.string().nullable().describe('the active profile name, which may differ from the SSID; null where the OS does not say (macOS)'),
      ssid: z.string().nullable().describe('the network name; null when the profile could not be read'),
      security,
      mode: z
        .enum(AUTH_MODES)
        .nullable()
        .describe('personal (a shared passphrase or WEP key) or enterprise (802.1X accounts); null for open and OWE networks, which authenticate nobody'),
      keyMgmt: z.string().nullable().optional().describe('Linux: 802-11-wireless-security.key-mgmt of the active profile; null when it has no security setting (open)'),
      proto: z.array(z.string()).nullable().optional().describe('Linux: WPA versions the profile allows (wpa = WPA1, rsn = WPA2); empty = NetworkManager default, both'),
      pairwise: z.array(z.string()).nullable().optional().describe('Linux: pairwise ciphers the profile allows (tkip, ccmp); empty = NetworkManager default, all'),
      tkipOnly: z
        .boolean()
        .nullable()
        .describe('whether the pairwise cipher is TKIP only, the broken WPA1-era cipher (Linux: the profile allows only TKIP; Windows: the connection negotiated TKIP)'),
      wirelessMode: z.string().nullable().describe('infrastructure, ap (hotspot), adhoc or mesh'),
      windows: z
        .strictObject({
          authAlgorithm: z.int().describe('WLAN_SECURITY_ATTRIBUTES.dot11AuthAlgorithm (DOT11_AUTH_ALGORITHM: 1 open, 2 shared key, 3 WPA, 4 WPA-PSK, 6 RSNA, 7 RSNA-PSK, 8 WPA3-ENT-192, 9 WPA3-SAE, 10 OWE, 11 WPA3-ENT)'),
          cipherAlgorithm: z.int().describe('WLAN_SECURITY_ATTRIBUTES.dot11CipherAlgorithm (DOT11_CIPHER_ALGORITHM: 0 none, 1 WEP40, 2 TKIP, 4 CCMP, 5 WEP104, 8 GCMP, 9 GCMP-256, 0x101 WEP)'),
          oneX: z.boolean().describe('802.1X is in use on this connection'),
        })
        .optional()
        .describe('Windows only: the security the connection negotiated, from WlanQueryInterface'),
      macos: z
        .strictObject({ securityMode: z.string().describe('spairport_security_mode as system_profiler prints it') })
        .optional()
        .describe('macOS only: the raw security mode'),
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
    .describe('how many saved open networks the OS joins by itself when in range'),
});
export type WifiEvidence = z.input<typeof WifiEvidence>;

export default defineProbe({
  id: 'wifi',
  version: '1.2.0',
  title: { ja: 'Wi-Fi の暗号化', en: 'Wi-Fi security' },
  evidence: WifiEvidence,
  collect: { linux: collectLinux, win32: collectWin32, darwin: collectDarwin },
  timeoutMs: 15_000,
});
