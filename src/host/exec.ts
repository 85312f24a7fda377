/**
 * The only module that starts processes (test/architecture.test.ts enforces it). Argument arrays,
 * never a shell; every command has a timeout; the C locale so that output is not translated.
 * node:child_process directly: execa and its 136 modules cost a live scan about 60 ms and 8 MB of start-up
 * (issue 16), for the few things needed here — a timeout that ends in SIGKILL, cancellation, lines as they come.
 */
import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import type { CommandResult, ConsoleUser } from './host.ts';
import { CommandFailedError, CommandNotFoundError, CommandTimedOutError } from './errors.ts';

export const DEFAULT_TIMEOUT_MS = 10_000;
/** A program that ignores SIGTERM at its timeout gets SIGKILL this much later (execa's default, which tenken had). */
const KILL_AFTER_MS = 5_000;
/** Output beyond this is not kept: the command fails instead of filling the agent's memory. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export interface ExecOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Run with this user's uid/gid and session environment (the agent must be root to switch). */
  readonly user?: ConsoleUser | undefined;
  /** Extra environment, e.g. the fixed PATH the live host imposes. */
  readonly env?: Readonly<Record<string, string>>;
  /** Each stdout line as it arrives, without its line ending; the buffered result is unchanged. */
  readonly onStdoutLine?: ((line: string) => void) | undefined;
  /** The program has started (Node's 'spawn' event): it exists and runs. */
  readonly onStarted?: (() => void) | undefined;
}

export function exec(file: string, args: readonly string[], options: ExecOptions = {}): Promise<CommandResult> {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, signal, user, onStdoutLine, onStarted } = options;
  const command = [file, ...args].join(' ');
  const env: Record<string, string | undefined> = { ...process.env, LC_ALL: 'C', LANG: 'C', LANGUAGE: 'C', ...options.env };
  if (user?.uid != null) {
    // gsettings/kreadconfig read the user's dconf database and config files through these.
    Object.assign(env, {
      HOME: user.home ?? '/',
      USER: user.name,
      LOGNAME: user.name,
      XDG_RUNTIME_DIR: `/run/user/${user.uid}`,
      DBUS_SESSION_BUS_ADDRESS: `unix:path=/run/user/${user.uid}/bus`,
    });
  }
  if (signal?.aborted) return Promise.reject(new CommandTimedOutError(command, null));

  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
      ...(user?.uid != null && user.gid != null ? { uid: user.uid, gid: user.gid } : {}),
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let bytes = 0;
    let ended: 'timed-out' | 'cancelled' | 'too-much-output' | undefined;
    let settled = false;
    let killer: NodeJS.Timeout | undefined;

    const stop = (why: NonNullable<typeof ended>) => {
      if (ended || child.exitCode !== null) return;
      ended = why;
      child.kill('SIGTERM');
      killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
      killer.unref();
    };
    const timer = setTimeout(() => stop('timed-out'), timeoutMs);
    const onAbort = () => stop('cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killer);
      signal?.removeEventListener('abort', onAbort);
      fn();
    };

    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_OUTPUT_BYTES) return stop('too-much-output');
      into.push(chunk);
    };
    child.stdout.on('data', collect(stdout));
    child.stderr.on('data', collect(stderr));
    if (onStdoutLine) {
      // Lines as the program writes them; a multi-byte character split between chunks is joined first.
      const decoder = new StringDecoder('utf8');
      let pending = '';
      const emit = (text: string, last: boolean) => {
        pending += text;
        const lines = pending.split('\n');
        pending = last ? '' : lines.pop()!;
        for (const line of last && lines.at(-1) === '' ? lines.slice(0, -1) : lines) onStdoutLine(line.replace(/\r$/, ''));
      };
      child.stdout.on('data', (chunk: Buffer) => emit(decoder.write(chunk), false));
      child.stdout.on('end', () => emit(decoder.end(), true));
    }
    if (onStarted) child.once('spawn', onStarted);

    child.once('error', (e: NodeJS.ErrnoException) =>
      settle(() => reject(e.code === 'ENOENT' ? new CommandNotFoundError(file) : new CommandFailedError(command, e.message, { cause: e }))),
    );
    const finish = (code: number | null, killedBy: NodeJS.Signals | null) =>
      settle(() => {
        if (ended === 'timed-out') return reject(new CommandTimedOutError(command, timeoutMs));
        if (ended === 'cancelled') return reject(new CommandTimedOutError(command, null));
        if (ended === 'too-much-output') return reject(new CommandFailedError(command, `printed more than ${MAX_OUTPUT_BYTES} bytes`));
        if (code === null) return reject(new CommandFailedError(command, `ended by ${killedBy ?? 'a signal'}`));
        resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), exitCode: code });
      });
    // All output is in once the pipes close. A program stopped for its time limit is done when it exits: a child
    // of its own may still hold the pipes open, and nothing it writes is wanted any more.
    child.once('close', finish);
    child.once('exit', (code, killedBy) => {
      if (!ended) return;
      child.stdout.destroy();
      child.stderr.destroy();
      finish(code, killedBy);
    });
  });
}
