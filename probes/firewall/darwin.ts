/**
 * The macOS collector of the firewall probe: the application firewall (ALF) read with socketfilterfw, which
 * any user may query. The plist /Library/Preferences/com.apple.alf.plist is not read: macOS 15 no longer keeps
 * the settings there ("Application Firewall settings are no longer contained in a property list", macOS 15
 * release notes, 124405935). pf is not read: macOS ships it with Apple's anchors only and enables it on demand.
 *
 * How ALF maps onto the cross-platform facts. ALF filters per application, not per port (Apple, "Change
 * Firewall settings on Mac"): with the firewall on, incoming connections are refused for apps that are not
 * allowed (the user is asked; built-in and, by default, downloaded signed software are allowed automatically,
 * reported in `macos.allowSigned*`); "Block all incoming connections" refuses them for everything but the
 * basic services (DHCP, Bonjour, IPsec). So: state 0 → not active, unsolicited inbound traffic `allow`;
 * state 1 or 2 → active, `deny` for what nothing allows. The raw state, block-all, stealth and allow-signed
 * settings are reported as facts so that a policy can ask for more.
 *
 * On a Mac whose firewall an MDM profile sets, socketfilterfw may refuse to answer ("Firewall settings cannot
 * be modified from command line on managed Mac computers."); the profile's own settings are then read from
 * its managed preferences (the com.apple.security.firewall payload: EnableFirewall, BlockAllIncoming,
 * EnableStealthMode, AllowSigned, AllowSignedApp; apple/device-management), which is what the Mac enforces.
 */
import { parsePlist } from '../../src/plist.ts';
import { because, firstLine, reasons, runIfInstalled, type ProbeContext } from '../../src/probe.ts';
import type { z } from 'zod';
import type { FirewallEvidence } from './firewall.ts';
import { parseAlfAllowSigned, parseAlfBlockAll, parseAlfGlobalState, parseAlfStealthMode } from './parse-darwin.ts';

type Evidence = z.input<typeof FirewallEvidence>;

export const SOCKETFILTERFW = '/usr/libexec/ApplicationFirewall/socketfilterfw';
export const MANAGED_FIREWALL_PLIST = '/Library/Managed Preferences/com.apple.security.firewall.plist';
const MANAGED_REFUSAL = /cannot be modified from command line on managed Mac computers/i;

type Profile = { dict: Record<string, unknown> } | { unreadable: 'missing' | 'unreadable' };

/** The firewall profile's settings, or why they are not there. */
async function readProfile(ctx: ProbeContext): Promise<Profile> {
  if ((await ctx.stat(MANAGED_FIREWALL_PLIST)) === undefined) return { unreadable: 'missing' };
  const r = await ctx.run('plutil', ['-convert', 'xml1', '-o', '-', MANAGED_FIREWALL_PLIST]);
  if (r.exitCode !== 0) return { unreadable: 'unreadable' };
  let value: unknown;
  try {
    value = parsePlist(r.stdout);
  } catch {
    value = undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { dict: value as Record<string, unknown> } : { unreadable: 'unreadable' };
}

export async function collectDarwin(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  const ask = async (flag: string): Promise<{ text: string } | { missing: true }> => {
    const r = await runIfInstalled(ctx, SOCKETFILTERFW, [flag]);
    // Errors such as "ALF: Error, kStealthEnableKey does not return the correct type." are printed instead
    // of the answer; read both streams so that the reason can quote them.
    return r ? { text: `${r.stdout}\n${r.stderr}` } : { missing: true };
  };
  const [state, blockAll, stealth, signed] = await Promise.all([
    ask('--getglobalstate'),
    ask('--getblockall'),
    ask('--getstealthmode'),
    ask('--getallowsigned'),
  ]);

  const refused = [state, blockAll, stealth, signed].some((a) => 'text' in a && MANAGED_REFUSAL.test(a.text));
  const profile = refused ? await readProfile(ctx) : undefined;
  const flag = (key: string): boolean | null => (profile && 'dict' in profile && typeof profile.dict[key] === 'boolean' ? (profile.dict[key] as boolean) : null);
  const read = <T>(answer: typeof state, option: string, path: string, parse: (text: string) => T | null, managed: () => T | null): T | null => {
    if ('missing' in answer) return why.set(path, because('command.missing', { command: SOCKETFILTERFW }));
    const parsed = parse(answer.text);
    if (parsed !== null) return parsed;
    if (!MANAGED_REFUSAL.test(answer.text)) return why.set(path, because('command.unexpected-output', { command: `socketfilterfw ${option}` }, firstLine(answer.text)));
    const fromProfile = managed();
    if (fromProfile !== null) return fromProfile;
    const setting = profile && 'unreadable' in profile ? profile.unreadable : 'unset';
    return why.set(path, because('firewall.managed-refusal', { option, profile: setting, file: MANAGED_FIREWALL_PLIST }, firstLine(answer.text)));
  };
  const enabled = flag('EnableFirewall');
  const globalState = read(state, '--getglobalstate', 'macos.globalState', parseAlfGlobalState, () => (enabled === null ? null : !enabled ? 0 : flag('BlockAllIncoming') ? 2 : 1));
  const allow = 'missing' in signed ? null : parseAlfAllowSigned(signed.text);
  const macos: NonNullable<Evidence['macos']> = {
    globalState,
    blockAll: read(blockAll, '--getblockall', 'macos.blockAll', parseAlfBlockAll, () => flag('BlockAllIncoming')),
    stealthMode: read(stealth, '--getstealthmode', 'macos.stealthMode', parseAlfStealthMode, () => flag('EnableStealthMode')),
    allowSignedBuiltIn: read(signed, '--getallowsigned', 'macos.allowSignedBuiltIn', () => allow?.builtIn ?? null, () => flag('AllowSigned')),
    allowSignedDownloaded: read(signed, '--getallowsigned', 'macos.allowSignedDownloaded', () => allow?.downloaded ?? null, () => flag('AllowSignedApp')),
    settingsFrom: globalState === null ? why.set('macos.settingsFrom', why.map['macos.globalState']!) : 'text' in state && parseAlfGlobalState(state.text) !== null ? 'socketfilterfw' : 'managed-profile',
  };

  if (globalState === null) {
    const reason = why.map['macos.globalState']!;
    why.set('frontend', reason);
    why.set('active', reason);
    why.set('defaultInbound', reason);
  }
  return {
    // 'none' when the firewall is off, as on Linux: nothing filters inbound traffic.
    frontend: globalState === null ? null : globalState > 0 ? 'macos-application-firewall' : 'none',
    active: globalState === null ? null : globalState > 0,
    defaultInbound: globalState === null ? null : globalState > 0 ? 'deny' : 'allow',
    macos,
    unknown: why.map,
  };
}
