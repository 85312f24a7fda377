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
 */
import { because, firstLine, reasons, runIfInstalled, type ProbeContext } from '../../src/probe.ts';
import type { z } from 'zod';
import type { FirewallEvidence } from './firewall.ts';
import { parseAlfAllowSigned, parseAlfBlockAll, parseAlfGlobalState, parseAlfStealthMode } from './parse-darwin.ts';

type Evidence = z.input<typeof FirewallEvidence>;

export const SOCKETFILTERFW = '/usr/libexec/ApplicationFirewall/socketfilterfw';

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

  const read = <T>(answer: typeof state, flag: string, path: string, parse: (text: string) => T | null): T | null => {
    if ('missing' in answer) return why.set(path, because('command.missing', { command: SOCKETFILTERFW }));
    return parse(answer.text) ?? why.set(path, because('command.unexpected-output', { command: `socketfilterfw ${flag}` }, firstLine(answer.text)));
  };
  const globalState = read(state, '--getglobalstate', 'macos.globalState', parseAlfGlobalState);
  const allow = 'missing' in signed ? null : parseAlfAllowSigned(signed.text);
  const macos: NonNullable<Evidence['macos']> = {
    globalState,
    blockAll: read(blockAll, '--getblockall', 'macos.blockAll', parseAlfBlockAll),
    stealthMode: read(stealth, '--getstealthmode', 'macos.stealthMode', parseAlfStealthMode),
    allowSignedBuiltIn: read(signed, '--getallowsigned', 'macos.allowSignedBuiltIn', () => allow?.builtIn ?? null),
    allowSignedDownloaded: read(signed, '--getallowsigned', 'macos.allowSignedDownloaded', () => allow?.downloaded ?? null),
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
