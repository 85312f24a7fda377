/**
 * Pure parsers for `/usr/libexec/ApplicationFirewall/socketfilterfw --get…` (macOS application firewall).
 * socketfilterfw is not localized, but its sentences changed between releases, so each parser accepts every
 * wording found in published outputs and returns null for anything else (never a guess):
 *   --getglobalstate  "Firewall is enabled. (State = 1)", "Firewall is disabled. (State = 0)",
 *                     "Firewall is enabled. (State = 2)" (block all, macOS 11, rgcr/m-cli#161),
 *                     "Firewall is blocking all non-essential incoming connections. (State = 2)" (2025,
 *                     dan-snelson/Mac-Health-Check#8)
 *   --getblockall     "Block all DISABLED!" (2023, ParetoSecurity/pareto-mac#139),
 *                     "Firewall has block all state set to disabled." / "… enabled.",
 *                     "Firewall is set to block all non-essential incoming connections" (krypted.com)
 *   --getstealthmode  "Stealth mode enabled" / "Stealth mode disabled" (older), "Firewall stealth mode is on" /
 *                     "… is off" (macOS 15, wazuh/wazuh#27751)
 *   --getallowsigned  "Automatically allow signed built-in software ENABLED" (also "built-in signed", with or
 *                     without a final period) and "Automatically allow downloaded signed software ENABLED"
 */

/** The global state: 0 off, 1 on, 2 on and blocking all incoming connections (com.apple.alf `globalstate`). */
export function parseAlfGlobalState(text: string): 0 | 1 | 2 | null {
  const m = /\(State = ([0-2])\)/.exec(text);
  return m ? (Number(m[1]) as 0 | 1 | 2) : null;
}

/** Whether "Block all incoming connections" is on. */
export function parseAlfBlockAll(text: string): boolean | null {
  const state = /block all state set to (enabled|disabled)\b/i.exec(text)?.[1] ?? /^\s*Block all (ENABLED|DISABLED)!/im.exec(text)?.[1];
  if (state) return state.toLowerCase() === 'enabled';
  if (/^\s*Firewall (is set to block|is blocking) all non-essential incoming connections/im.test(text)) return true;
  return null;
}

/** Whether stealth mode is on (no answer to pings and to probes of closed ports). */
export function parseAlfStealthMode(text: string): boolean | null {
  const m = /^\s*(?:Firewall )?stealth mode (?:is )?(on|off|enabled|disabled)\b/im.exec(text);
  if (!m) return null;
  const v = m[1]!.toLowerCase();
  return v === 'on' || v === 'enabled';
}

export interface AlfAllowSigned {
  /** "Automatically allow built-in software to receive incoming connections". */
  readonly builtIn: boolean | null;
  /** "Automatically allow downloaded signed software to receive incoming connections". */
  readonly downloaded: boolean | null;
}

export function parseAlfAllowSigned(text: string): AlfAllowSigned {
  const builtIn = /Automatically allow (?:signed built-in|built-in signed) software (ENABLED|DISABLED)\b/i.exec(text)?.[1];
  const downloaded = /Automatically allow downloaded signed software (ENABLED|DISABLED)\b/i.exec(text)?.[1];
  return {
    builtIn: builtIn ? builtIn.toUpperCase() === 'ENABLED' : null,
    downloaded: downloaded ? downloaded.toUpperCase() === 'ENABLED' : null,
  };
}
