/**
 * Windows PowerShell as a data source: one process runs a whole script and answers with one JSON document,
 * because starting powershell.exe is what costs time on Windows (0.2–1 s each; research/probes.md §0.4).
 * Locale-free by construction: objects serialised with ConvertTo-Json, dates as ISO 8601 strings, output in
 * UTF-8. PowerShell 5.1 writes enums as integers; the probe maps them.
 */
import { z } from 'zod';
import type { CommandResult, RunOptions } from './host/host.ts';
import { CommandNotFoundError, CommandTimedOutError } from './host/errors.ts';
import { because, type Reason } from './i18n/reason.ts';

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

/** What a part of a script answers when its own try/catch caught an error: one failed source costs only its facts. */
export const Failed = z.object({ error: z.string() });

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

/**
 * How long one script may take, powershell.exe's start included. Published starts of Windows PowerShell 5.1:
 * ~0.6 s on a developer PC, ~1 s after KB4025342 (PowerShell/PowerShell#4239), 2.2 s on a Server 2019 build
 * (PowerShell/PowerShell#12843); with POWERSHELL_AT_ONCE running together on a 2-core PC, a start may wait for
 * the others: 4 × 2.2 s / 2 cores ≈ 4.4 s, then a first run's "Preparing modules for first use" and the CIM
 * queries themselves; 20 s leaves room for both. Not measured on a Windows PC here: a timeout says so by name
 * ("PowerShell did not finish within 20000 ms").
 */
export const POWERSHELL_TIMEOUT_MS = 20_000;

/**
 * How many powershell.exe run at once. A scan asks for about sixteen (one per Windows probe, two for os-updates,
 * identity and the console user): started together on a 2-core PC, each start waits for all the others and every
 * run nears its time limit at the same moment. Four at a time keep both cores busy, and a run's limit counts from
 * its own start, not from its wait in line. One line for the whole process: an agent runs one scan at a time.
 */
export const POWERSHELL_AT_ONCE = 4;
const line = { running: 0, waiting: [] as (() => void)[] };

async function inLine<T>(run: () => Promise<T>): Promise<T> {
  if (line.running < POWERSHELL_AT_ONCE) line.running++;
  else await new Promise<void>((resolve) => line.waiting.push(resolve));
  try {
    return await run();
  } finally {
    // The slot passes to the next in line, or is given back.
    const next = line.waiting.shift();
    if (next) next();
    else line.running--;
  }
}

/** Runs one script (at most POWERSHELL_AT_ONCE at a time); every way it can go wrong is a reason, never a crash. */
export async function runPowerShell(host: Runner, script: string, options: { readonly timeoutMs?: number } = {}): Promise<PowerShellAnswer> {
  let r: CommandResult;
  try {
    r = await inLine(() => host.run('powershell.exe', powershellArgs(script), { timeoutMs: POWERSHELL_TIMEOUT_MS, ...options }));
  } catch (e) {
    if (e instanceof CommandNotFoundError) return { ok: false, reason: because('command.missing', { command: 'Windows PowerShell (powershell.exe)' }) };
    // Not e.message: it carries the whole -EncodedCommand line, which helps nobody reading the report.
    if (e instanceof CommandTimedOutError) {
      return { ok: false, reason: because('command.timed-out', { command: 'PowerShell' }) };
    }
    throw e;
  }
  if (r.exitCode !== 0) {
    return { ok: false, reason: because('command.failed', { command: 'PowerShell', exitCode: r.exitCode }, powershellErrorMessage(r.stderr)) };
  }
  return parsePowerShellJson(r.stdout);
}

/** Runs one script and checks its answer against `schema`: the answer, or the reason there is none. */
export async function askPowerShell<S extends z.ZodType>(host: Runner, script: string, schema: S): Promise<{ readonly ok: true; readonly value: z.infer<S> } | { readonly ok: false; readonly reason: Reason }> {
  const answer = await runPowerShell(host, script);
  if (!answer.ok) return answer;
  const parsed = schema.safeParse(answer.value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: because('command.unexpected-output', { command: 'PowerShell' }) };
}

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * What powershell.exe wrote on stderr, as the lines a person reads. With -EncodedCommand, -NonInteractive and a
 * redirected stderr — exactly how tenken starts it — ConsoleHost switches its error format to XML: stderr is
 * `#< CLIXML` and one `<Objs>` document holding progress records (`<Obj S="progress">`, e.g. "Preparing modules
 * for first use.") and one `<S S="Error">` string per error line, with XML entities and PowerShell's `_xHHHH_`
 * escapes for control characters (PowerShell/PowerShell ConsoleHost.cs; seen in inspec/inspec#4552,
 * ansible/ansible#67964, diyan/pywinrm#245). Progress is dropped; plain-text stderr is returned as it is.
 */
export function powershellErrorText(stderr: string): string {
  const text = stderr.replace(/^\uFEFF/, '');
  const marker = text.indexOf('#< CLIXML');
  if (marker < 0) return lines(text);
  const errors = [...text.slice(marker).matchAll(/<S S="Error">([\s\S]*?)<\/S>/g)].map((m) => decodeCliXmlString(m[1]!));
  // Text before the marker (rare: a native command's own stderr) is kept ahead of the decoded errors.
  return lines(`${text.slice(0, marker)}\n${errors.join('')}`);
}

/**
 * The error's message alone: ConsoleHost wraps a long message over several lines at the console width, then
 * adds the position ("At line:1 char:1", "At C:\\…ps1:3 char:5") and "+ CategoryInfo …" lines.
 */
export function powershellErrorMessage(stderr: string): string {
  const all = powershellErrorText(stderr).split('\n');
  const end = all.findIndex((l) => /^(At line:\d|At [A-Za-z]:\\|\+ )/.test(l));
  return all.slice(0, end < 0 ? all.length : end).join(' ');
}

function decodeCliXmlString(s: string): string {
  return s
    .replace(/&(lt|gt|amp|quot|apos);|&#x([0-9a-fA-F]+);|&#(\d+);/g, (_, name: string | undefined, hex: string | undefined, dec: string | undefined) =>
      name ? XML_ENTITIES[name]! : String.fromCodePoint(hex ? parseInt(hex, 16) : Number(dec)),
    )
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, code: string) => String.fromCharCode(parseInt(code, 16)));
}

const lines = (s: string): string =>
  s
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');
