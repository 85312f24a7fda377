/**
 * Windows PowerShell as a data source: one process runs a whole script and answers with one JSON document,
 * because starting powershell.exe is what costs time on Windows (0.2–1 s each; research/probes.md §0.4).
 * Locale-free by construction: objects serialised with ConvertTo-Json, dates as ISO 8601 strings, output in
 * UTF-8. PowerShell 5.1 writes enums as integers; the probe maps them.
 */
import type { CommandResult, RunOptions } from './host/host.ts';
import { CommandNotFoundError, CommandTimedOutError } from './host/errors.ts';
import { because, type Reason } from './i18n/reasons.ts';
import { firstLine } from './probe.ts';

/**
 * `-EncodedCommand` (UTF-16LE base64) and not `-File`: no execution policy applies to it, and no quoting
 * rule of the Windows command line can mangle the script's quotes on the way in.
 */
export const POWERSHELL_ARGS = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand'] as const;

/** The arguments that run `script` (its body, before powershellCommand wraps it). */
export function powershellArgs(script: string): string[] {
  return [...POWERSHELL_ARGS, Buffer.from(powershellCommand(script), 'utf16le').toString('base64')];
}

/** The script body back from arguments powershellArgs made, or undefined for any other command line. */
export function scriptOf(file: string, args: readonly string[]): string | undefined {
  if (file !== 'powershell.exe' || args.length !== POWERSHELL_ARGS.length + 1 || POWERSHELL_ARGS.some((a, i) => args[i] !== a)) return undefined;
  const command = Buffer.from(args.at(-1)!, 'base64').toString('utf16le');
  const m = /^\$ErrorActionPreference='Stop';\[Console\]::OutputEncoding=\[Text\.Encoding\]::UTF8;& \{([\s\S]*)\} \| ConvertTo-Json -Compress -Depth 6$/.exec(command);
  return m && powershellCommand(m[1]!) === command ? m[1] : undefined;
}

interface Runner {
  run(file: string, args: readonly string[], options?: Omit<RunOptions, 'signal'>): Promise<CommandResult>;
}

export type PowerShellAnswer = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: Reason };

/**
 * The command line that runs `script` and prints its result as compact JSON. The script is the body of a
 * script block whose output becomes the document; errors stop it (exit 1, message on stderr).
 */
export function powershellCommand(script: string): string {
  return `$ErrorActionPreference='Stop';[Console]::OutputEncoding=[Text.Encoding]::UTF8;& {${script.trim()}} | ConvertTo-Json -Compress -Depth 6`;
}

/** Parses what powershellCommand printed: a BOM is dropped; no output is `null` (the script returned nothing). */
export function parsePowerShellJson(stdout: string): PowerShellAnswer {
  const text = stdout.replace(/^\uFEFF/, '').trim();
  if (text === '') return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: because('command.unexpected-output', { command: 'PowerShell' }, text.slice(0, 200)) };
  }
}

/** Runs one script; every way it can go wrong is a reason, never a crash. */
export async function runPowerShell(host: Runner, script: string, options: { readonly timeoutMs?: number } = {}): Promise<PowerShellAnswer> {
  let r: CommandResult;
  try {
    r = await host.run('powershell.exe', powershellArgs(script), options);
  } catch (e) {
    if (e instanceof CommandNotFoundError) return { ok: false, reason: because('command.missing', { command: 'Windows PowerShell (powershell.exe)' }) };
    // Not e.message: it carries the whole -EncodedCommand line, which helps nobody reading the report.
    if (e instanceof CommandTimedOutError) {
      return { ok: false, reason: because('command.timed-out', { command: 'PowerShell' }) };
    }
    throw e;
  }
  if (r.exitCode !== 0) {
    return { ok: false, reason: because('command.failed', { command: 'PowerShell', exitCode: r.exitCode }, firstLine(r.stderr.replace(/^\uFEFF/, ''))) };
  }
  return parsePowerShellJson(r.stdout);
}
