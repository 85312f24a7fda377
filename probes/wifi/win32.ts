/**
 * Windows Wi-Fi facts from the Native Wifi API (wlanapi.dll), read by one PowerShell process (research/probes.md §5.1).
 * Locale-free by construction: numbers from the API and element values of the profile XML, never `netsh` text,
 * whose labels are translated (「認証」 on Japanese Windows) and which is written in the OEM code page (CP932).
 *
 * - WlanEnumInterfaces: the Wi-Fi interfaces and their state (not behind the location permission).
 * - WlanQueryInterface(wlan_intf_opcode_current_connection) for a connected interface: the negotiated
 *   DOT11_AUTH_ALGORITHM and DOT11_CIPHER_ALGORITHM. Since Windows 11 24H2 this call returns ERROR_ACCESS_DENIED
 *   when desktop apps may not use the location (learn.microsoft.com nativewifi/wi-fi-access-location-changes).
 * - WlanGetProfileList + WlanGetProfile: every saved profile's XML (not behind the location permission); the
 *   script keeps only the elements read here and never prints the XML, so no key material leaves the process.
 *
 * The P/Invoke declarations go through Add-Type, which compiles them with csc.exe on Windows PowerShell 5.1:
 * a few hundred milliseconds to about a second on a typical PC (estimate, not measured here: measure with
 * `tenken record`). Without the WLAN service (no Wi-Fi hardware on some desktops, or the service disabled) the
 * script counts the Native 802.11 adapters through CIM instead.
 */
import { z } from 'zod';
import { runPowerShell } from '../../src/powershell.ts';
import { because, reasons, type ProbeContext, type Reason } from '../../src/probe.ts';
import type { AuthMode, Security, WifiEvidence } from './wifi.ts';

/**
 * Byte offsets follow wlanapi.h / windot11.h (x86 and x64 alike: every field is 4-byte aligned):
 * WLAN_INTERFACE_INFO = GUID(16) + WCHAR[256] + WLAN_INTERFACE_STATE = 532 bytes, after two DWORDs;
 * WLAN_PROFILE_INFO = WCHAR[256] + DWORD flags = 516 bytes, after two DWORDs;
 * WLAN_CONNECTION_ATTRIBUTES: profile name at 8, DOT11_SSID (length, 32 bytes) at 520, DOT11_BSS_TYPE at 556,
 * WLAN_SECURITY_ATTRIBUTES (bSecurityEnabled, bOneXEnabled, dot11AuthAlgorithm, dot11CipherAlgorithm) at 588.
 */
export const WIFI_SCRIPT = String.raw`
$r = [ordered]@{}
try {
  Add-Type -Namespace Tenken -Name Wlan -MemberDefinition @'
[DllImport("wlanapi.dll")] public static extern int WlanOpenHandle(uint v, IntPtr r, out uint nv, out IntPtr h);
[DllImport("wlanapi.dll")] public static extern int WlanCloseHandle(IntPtr h, IntPtr r);
[DllImport("wlanapi.dll")] public static extern void WlanFreeMemory(IntPtr p);
[DllImport("wlanapi.dll")] public static extern int WlanEnumInterfaces(IntPtr h, IntPtr r, out IntPtr list);
[DllImport("wlanapi.dll")] public static extern int WlanQueryInterface(IntPtr h, ref Guid g, int op, IntPtr r, out int size, out IntPtr data, IntPtr type);
[DllImport("wlanapi.dll")] public static extern int WlanGetProfileList(IntPtr h, ref Guid g, IntPtr r, out IntPtr list);
[DllImport("wlanapi.dll", CharSet = CharSet.Unicode)] public static extern int WlanGetProfile(IntPtr h, ref Guid g, string name, IntPtr r, out IntPtr xml, IntPtr flags, IntPtr access);
'@
  $M = [Runtime.InteropServices.Marshal]; $Z = [IntPtr]::Zero; $W = [Tenken.Wlan]
  $nv = [uint32]0; $h = $Z
  $r.code = $W::WlanOpenHandle(2, $Z, [ref]$nv, [ref]$h)
  if ($r.code -eq 0) {
    $list = $Z
    $r.code = $W::WlanEnumInterfaces($h, $Z, [ref]$list)
    $ifs = @(); $profiles = @()
    if ($r.code -eq 0) {
      for ($i = 0; $i -lt $M::ReadInt32($list, 0); $i++) {
        $p = [IntPtr]::Add($list, 8 + 532 * $i)
        [Guid]$g = $M::PtrToStructure($p, [type][Guid])
        $if = [ordered]@{ guid = "$g"; description = $M::PtrToStringUni([IntPtr]::Add($p, 16)); state = $M::ReadInt32($p, 528) }
        if ($if.state -eq 1 -or $if.state -eq 2) {
          $size = 0; $data = $Z
          $c = $W::WlanQueryInterface($h, [ref]$g, 7, $Z, [ref]$size, [ref]$data, $Z)
          if ($c -eq 0) {
            $n = [Math]::Min($M::ReadInt32($data, 520), 32); $b = New-Object byte[] $n; $M::Copy([IntPtr]::Add($data, 524), $b, 0, $n)
            $if.connection = [ordered]@{ code = 0; profile = $M::PtrToStringUni([IntPtr]::Add($data, 8)); ssid = [Text.Encoding]::UTF8.GetString($b); bssType = $M::ReadInt32($data, 556); oneX = $M::ReadInt32($data, 592) -ne 0; auth = $M::ReadInt32($data, 596); cipher = $M::ReadInt32($data, 600) }
            $W::WlanFreeMemory($data)
          } else { $if.connection = [ordered]@{ code = $c } }
        }
        $ifs += [pscustomobject]$if
        $pl = $Z
        $c = $W::WlanGetProfileList($h, [ref]$g, $Z, [ref]$pl)
        if ($c -ne 0) { $profiles += [pscustomobject]@{ interface = "$g"; code = $c }; continue }
        for ($j = 0; $j -lt $M::ReadInt32($pl, 0); $j++) {
          $q = [IntPtr]::Add($pl, 8 + 516 * $j)
          $o = [ordered]@{ interface = "$g"; name = $M::PtrToStringUni($q); flags = $M::ReadInt32($q, 512) }
          $x = $Z
          $o.code = $W::WlanGetProfile($h, [ref]$g, $o.name, $Z, [ref]$x, $Z, $Z)
          if ($o.code -eq 0) {
            $xml = [xml]$M::PtrToStringUni($x); $W::WlanFreeMemory($x)
            $ns = New-Object Xml.XmlNamespaceManager $xml.NameTable
            $ns.AddNamespace('w', 'http://www.microsoft.com/networking/WLAN/profile/v1')
            $v = { param($path) $e = $xml.SelectSingleNode("/w:WLANProfile/$path", $ns); if ($e) { $e.InnerText } else { $null } }
            $o.ssid = & $v 'w:SSIDConfig/w:SSID/w:name'
            $o.connectionType = & $v 'w:connectionType'
            $o.connectionMode = & $v 'w:connectionMode'
            $o.authentication = & $v 'w:MSM/w:security/w:authEncryption/w:authentication'
            $o.encryption = & $v 'w:MSM/w:security/w:authEncryption/w:encryption'
            $o.useOneX = & $v 'w:MSM/w:security/w:authEncryption/w:useOneX'
          }
          $profiles += [pscustomobject]$o
        }
        $W::WlanFreeMemory($pl)
      }
      $W::WlanFreeMemory($list)
    }
    $r.interfaces = $ifs; $r.profiles = $profiles
    [void]$W::WlanCloseHandle($h, $Z)
  }
} catch { $r.error = $_.Exception.Message }
if ($r.code -ne 0) {
  try { $r.adapters = @(Get-CimInstance -Namespace root/StandardCimv2 -ClassName MSFT_NetAdapter -Filter 'NdisPhysicalMedium = 9').Count } catch { $r.adaptersError = $_.Exception.Message }
}
[pscustomobject]$r`;

const Connection = z.union([
  z.strictObject({
    code: z.literal(0),
    profile: z.string(),
    ssid: z.string(),
    bssType: z.int(),
    oneX: z.boolean(),
    auth: z.int(),
    cipher: z.int(),
  }),
  z.strictObject({ code: z.int().refine((c) => c !== 0) }),
]);
const Interface = z.strictObject({ guid: z.string(), description: z.string(), state: z.int(), connection: Connection.optional() });
const Profile = z.union([
  z.strictObject({
    interface: z.string(),
    name: z.string(),
    flags: z.int(),
    code: z.literal(0),
    ssid: z.string().nullable(),
    connectionType: z.string().nullable(),
    connectionMode: z.string().nullable(),
    authentication: z.string().nullable(),
    encryption: z.string().nullable(),
    useOneX: z.string().nullable(),
  }),
  z.strictObject({ interface: z.string(), name: z.string().optional(), flags: z.int().optional(), code: z.int().refine((c) => c !== 0) }),
]);
export const WifiAnswer = z.strictObject({
  code: z.int().optional(),
  interfaces: z.array(Interface).optional(),
  profiles: z.array(Profile).optional(),
  error: z.string().optional(),
  adapters: z.int().nonnegative().optional(),
  adaptersError: z.string().optional(),
});
export type WifiAnswer = z.infer<typeof WifiAnswer>;

/** Win32 error codes the WLAN functions return (winerror.h); the message text itself is localized, so the script returns the code. */
const ERROR_ACCESS_DENIED = 5;
const ERROR_SERVICE_NOT_ACTIVE = 1062;
export function win32ErrorReason(code: number, call: string): Reason {
  if (code === ERROR_SERVICE_NOT_ACTIVE) return because('wlan.service-stopped', { call });
  if (code === ERROR_ACCESS_DENIED) return because('wlan.location-denied', { call });
  return because('wlan.failed', { call, code });
}

/** WLAN_INTERFACE_STATE (wlanapi.h): 1 connected, 2 ad hoc network formed; 0 not ready, 3–7 on the way in or out. */
const CONNECTED_STATES = new Set([1, 2]);

/** DOT11_CIPHER_ALGORITHM values that are WEP: WEP40, WEP104 and WEP (windot11.h). */
const WEP_CIPHERS = new Set([0x01, 0x05, 0x101]);
const CIPHER_TKIP = 0x02;
/** DOT11_CIPHER_ALGORITHM_WPA_USE_GROUP / RSN_USE_GROUP: the pairwise cipher is the group cipher, which is not reported. */
const CIPHER_USE_GROUP = 0x100;

/** The connection's security from DOT11_AUTH_ALGORITHM and DOT11_CIPHER_ALGORITHM (learn.microsoft.com nativewifi/dot11-auth-algorithm). */
export function classifyConnection(auth: number, cipher: number): { security: Security; mode: AuthMode | null } | null {
  switch (auth) {
    case 1: // DOT11_AUTH_ALGO_80211_OPEN: open system, with or without a static WEP key
      if (cipher === 0) return { security: 'open', mode: null };
      return WEP_CIPHERS.has(cipher) ? { security: 'wep', mode: 'personal' } : null;
    case 2: // DOT11_AUTH_ALGO_80211_SHARED_KEY
      return { security: 'wep', mode: 'personal' };
    case 3: // DOT11_AUTH_ALGO_WPA
      return { security: 'wpa', mode: 'enterprise' };
    case 4: // DOT11_AUTH_ALGO_WPA_PSK
    case 5: // DOT11_AUTH_ALGO_WPA_NONE (ad hoc)
      return { security: 'wpa', mode: 'personal' };
    case 6: // DOT11_AUTH_ALGO_RSNA
      return { security: 'wpa2', mode: 'enterprise' };
    case 7: // DOT11_AUTH_ALGO_RSNA_PSK
      return { security: 'wpa2', mode: 'personal' };
    case 8: // DOT11_AUTH_ALGO_WPA3 (= WPA3_ENT_192)
    case 11: // DOT11_AUTH_ALGO_WPA3_ENT
      return { security: 'wpa3', mode: 'enterprise' };
    case 9: // DOT11_AUTH_ALGO_WPA3_SAE
      return { security: 'wpa3', mode: 'personal' };
    case 10: // DOT11_AUTH_ALGO_OWE
      return { security: 'owe', mode: null };
    default: // IHV-defined (0x80000000 and up) or newer than this probe
      return null;
  }
}

/** A profile's security from its XML authEncryption (learn.microsoft.com nativewifi/wlan-profileschema-authentication-authencryption-element). */
export function classifyProfile(authentication: string | null, encryption: string | null, useOneX: boolean | null): { security: Security; mode: AuthMode | null } | null {
  switch (authentication) {
    case 'open':
      if (encryption === 'none') return { security: 'open', mode: null };
      return encryption === 'WEP' ? { security: 'wep', mode: useOneX ? 'enterprise' : 'personal' } : null;
    case 'shared':
      return { security: 'wep', mode: 'personal' };
    case 'WPA':
      return { security: 'wpa', mode: 'enterprise' };
    case 'WPAPSK':
      return { security: 'wpa', mode: 'personal' };
    case 'WPA2':
      return { security: 'wpa2', mode: 'enterprise' };
    case 'WPA2PSK':
      return { security: 'wpa2', mode: 'personal' };
    case 'WPA3': // the older name of WPA3ENT192
    case 'WPA3ENT192':
    case 'WPA3ENT':
      return { security: 'wpa3', mode: 'enterprise' };
    case 'WPA3SAE':
      return { security: 'wpa3', mode: 'personal' };
    case 'OWE':
      return { security: 'owe', mode: null };
    default:
      return null;
  }
}

/** DOT11_BSS_TYPE: 1 infrastructure, 2 independent (ad hoc). Profile XML connectionType: ESS or IBSS. */
const bssMode = (t: number) => (t === 1 ? 'infrastructure' : t === 2 ? 'adhoc' : null);
const connectionTypeMode = (t: string | null) => (t === 'IBSS' ? 'adhoc' : 'infrastructure');
const bool = (s: string | null) => (s === 'true' ? true : s === 'false' ? false : null);

const WLAN_PROFILE_GROUP_POLICY = 0x1;
const WLAN_PROFILE_USER = 0x2;

export async function collectWin32(ctx: ProbeContext): Promise<WifiEvidence> {
  const why = reasons();
  const fail = (reason: Reason): WifiEvidence => {
    for (const path of ['wirelessDevices', 'connected', 'current', 'savedNetworks', 'savedOpenNetworks', 'savedOpenAutoconnectCount']) why.set(path, reason);
    return { wirelessDevices: null, connected: null, current: null, savedNetworks: null, savedOpenNetworks: null, savedOpenAutoconnectCount: null, unknown: why.map };
  };

  const answer = await runPowerShell(ctx, WIFI_SCRIPT);
  if (!answer.ok) return fail(answer.reason);
  const parsed = WifiAnswer.safeParse(answer.value);
  if (!parsed.success) return fail(because('command.unexpected-output', { command: 'PowerShell' }, `${parsed.error.issues[0]?.message ?? 'invalid'} at ${parsed.error.issues[0]?.path.join('.') ?? ''}`));
  const a = parsed.data;

  // 1. No usable WLAN service: the Native 802.11 adapters still say whether there is any Wi-Fi at all.
  if (a.code !== 0 || !a.interfaces || !a.profiles) {
    const problem = a.error ? because('wlan.unusable', {}, a.error) : win32ErrorReason(a.code ?? -1, 'WlanOpenHandle/WlanEnumInterfaces');
    const evidence = fail(problem);
    if (a.adapters === 0) {
      // No Wi-Fi hardware: there is nothing to connect with and nothing saved that could be joined.
      return { wirelessDevices: 0, connected: false, current: null, savedNetworks: null, savedOpenNetworks: null, savedOpenAutoconnectCount: null, unknown: { savedNetworks: problem, savedOpenNetworks: problem, savedOpenAutoconnectCount: problem } };
    }
    if (a.adapters !== undefined) return { ...evidence, wirelessDevices: a.adapters, unknown: (({ wirelessDevices: _w, ...rest }) => rest)(why.map) };
    if (a.adaptersError) why.set('wirelessDevices', because('query.failed', { source: 'MSFT_NetAdapter' }, a.adaptersError));
    return evidence;
  }

  // 2. Interfaces and the current connection.
  const wirelessDevices = a.interfaces.length;
  const active = a.interfaces.find((i) => CONNECTED_STATES.has(i.state));
  const connected = active !== undefined;
  let current: WifiEvidence['current'] = null;
  if (active) {
    const c = active.connection;
    if (c && 'profile' in c) {
      ctx.identifying('ssid', c.profile);
      if (c.ssid) ctx.identifying('ssid', c.ssid);
      const sec = classifyConnection(c.auth, c.cipher);
      if (!sec) {
        const problem = because('wifi.unknown-security', { value: `auth ${c.auth}, cipher ${c.cipher}` });
        why.set('current.security', problem);
        why.set('current.mode', problem);
      }
      let tkipOnly: boolean | null = c.cipher === CIPHER_TKIP;
      if (c.cipher === CIPHER_USE_GROUP) tkipOnly = why.set('current.tkipOnly', because('wifi.group-cipher'));
      current = {
        device: active.description,
        name: c.profile,
        ssid: c.ssid,
        security: sec?.security ?? null,
        mode: sec?.mode ?? null,
        tkipOnly,
        wirelessMode: bssMode(c.bssType),
        windows: { authAlgorithm: c.auth, cipherAlgorithm: c.cipher, oneX: c.oneX },
      };
    } else {
      const problem = win32ErrorReason(c?.code ?? -1, 'WlanQueryInterface(current_connection)');
      current = { device: active.description, name: null, ssid: null, security: null, mode: null, tkipOnly: null, wirelessMode: null };
      for (const path of ['name', 'ssid', 'security', 'mode', 'tkipOnly', 'wirelessMode']) why.set(`current.${path}`, problem);
    }
  }

  // 3. Saved profiles: the same profile is listed once per interface.
  const failed = a.profiles.filter((p) => p.code !== 0);
  let savedNetworks: WifiEvidence['savedNetworks'] = null;
  if (failed.length > 0) {
    const f = failed[0]!;
    why.set('savedNetworks', win32ErrorReason(f.code, f.name === undefined ? 'WlanGetProfileList' : `WlanGetProfile(${f.name})`));
  } else {
    const seen = new Set<string>();
    savedNetworks = [];
    for (const p of a.profiles) {
      if (!('ssid' in p) || seen.has(p.name)) continue;
      seen.add(p.name);
      ctx.identifying('ssid', p.name);
      if (p.ssid) ctx.identifying('ssid', p.ssid);
      const useOneX = bool(p.useOneX);
      const sec = classifyProfile(p.authentication, p.encryption, useOneX);
      if (!sec) why.set(`savedNetworks.${savedNetworks.length}.security`, because('wifi.unknown-security', { value: `${p.authentication} / ${p.encryption}` }));
      savedNetworks.push({
        name: p.name,
        ssid: p.ssid ?? '',
        security: sec?.security ?? null,
        // connectionMode is optional in the schema and defaults to auto (wlan-profileschema-connectionmode-wlanprofile-element).
        autoconnect: p.connectionMode !== 'manual',
        wirelessMode: connectionTypeMode(p.connectionType),
        windows: {
          authentication: p.authentication,
          encryption: p.encryption,
          useOneX,
          groupPolicy: (p.flags & WLAN_PROFILE_GROUP_POLICY) !== 0,
          perUser: (p.flags & WLAN_PROFILE_USER) !== 0,
        },
      });
    }
  }
  const savedOpenNetworks =
    savedNetworks?.filter((n) => n.security === 'open').map(({ name, ssid, autoconnect, wirelessMode }) => ({ name, ssid, autoconnect, wirelessMode })) ?? null;
  if (!savedOpenNetworks) why.set('savedOpenNetworks', why.map.savedNetworks!);
  const savedOpenAutoconnectCount = savedOpenNetworks?.filter((n) => n.autoconnect).length ?? why.set('savedOpenAutoconnectCount', why.map.savedNetworks!);

  return { wirelessDevices, connected, current, savedNetworks, savedOpenNetworks, savedOpenAutoconnectCount, unknown: why.map };
}
