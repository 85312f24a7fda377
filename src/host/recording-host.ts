/**
 * Wraps a live host and writes down every answer, section by section, so that a user on a machine we got
 * wrong can send us the recording and `tenken scan --replay` reproduces their scan here.
 */
import { userInfo } from 'node:os';
import { lookupConsoleUser } from './console-user.ts';
import { CommandNotFoundError, CommandTimedOutError, PermissionDeniedError } from './errors.ts';
import type { ConsoleUserLookup, Host, IdentifyingKind, SiCall, SiCalls } from './host.ts';
import type { Answer, Recording } from './recording.ts';
import { redactRecording } from './redact.ts';

export interface RecordingHost extends Host {
  /** The recording so far; identifying values replaced unless `redact` is false. */
  recording(options: { readonly source: string; readonly redact: boolean }): Recording;
}

export function createRecordingHost(live: Host, rootSection = 'identity'): RecordingHost {
  const recordedAt = live.now().toISOString();
  const utcOffsetMinutes = live.utcOffsetMinutes();
  const sections = new Map<string, Answer[]>();
  const identifying = new Map<string, IdentifyingKind>();
  let consoleUser: Promise<ConsoleUserLookup> | undefined;
  // The agent's own account appears in paths and outputs as much as the console user's does.
  const self = userInfo();
  identifying.set(self.username, 'user');
  identifying.set(self.homedir, 'home');

  function view(section: string): RecordingHost {
    const push = (answer: Answer) => {
      let list = sections.get(section);
      if (!list) sections.set(section, (list = []));
      list.push(answer);
    };
    /** Records the outcome of `call`, including the named failures, then hands it on unchanged. */
    async function capture<T>(call: () => Promise<T>, ok: (value: T) => Answer, failed: (error: Error) => Answer | undefined): Promise<T> {
      try {
        const value = await call();
        push(ok(value));
        return value;
      } catch (e) {
        const answer = failed(e as Error);
        if (answer) push(answer);
        throw e;
      }
    }
    const fsError = (e: Error) => (e instanceof PermissionDeniedError ? 'denied' : undefined);
    const host: RecordingHost = {
      platform: live.platform,
      isAdmin: live.isAdmin,
      linuxIdentity: live.linuxIdentity,
      now: () => live.now(),
      utcOffsetMinutes: () => utcOffsetMinutes,
      run: (file, args, options = {}) => {
        const base = { run: [file, ...args], ...(options.asConsoleUser ? { asConsoleUser: true as const } : {}) };
        return capture(
          () => live.run(file, args, options),
          (r) => ({ ...base, exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr }),
          (e) => ({
            ...base,
            error: e instanceof CommandNotFoundError ? 'not-found' : e instanceof CommandTimedOutError ? 'timed-out' : 'failed',
            message: e.message,
          }),
        );
      },
      readFile: (path, options = {}) => {
        const base = { read: path, ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}) };
        return capture(
          () => live.readFile(path, options),
          (text) => (text === undefined ? { ...base, error: 'missing' } : { ...base, text }),
          (e) => (fsError(e) ? { ...base, error: 'denied' } : undefined),
        );
      },
      listDir: (path) =>
        capture(
          () => live.listDir(path),
          (entries) => (entries === undefined ? { list: path, error: 'missing' } : { list: path, entries }),
          (e) => (fsError(e) ? { list: path, error: 'denied' } : undefined),
        ),
      stat: (path) =>
        capture(
          () => live.stat(path),
          (s) => (s === undefined ? { stat: path, error: 'missing' } : { stat: path, ...s }),
          (e) => (fsError(e) ? { stat: path, error: 'denied' } : undefined),
        ),
      si: <K extends SiCall>(call: K): Promise<SiCalls[K]> =>
        capture(
          () => live.si(call),
          (result) => ({ si: call, result: JSON.parse(JSON.stringify(result)) as unknown }),
          () => undefined,
        ),
      consoleUser: () => (consoleUser ??= lookupConsoleUser(view('console-user'))),
      identifying: (kind, value) => {
        if (value.trim().length > 0) identifying.set(value, kind);
      },
      section: (name) => view(name),
      recording: ({ source, redact }) => {
        const recording: Recording = {
          tenkenRecording: 1,
          source,
          platform: live.platform,
          isAdmin: live.isAdmin,
          recordedAt,
          ...(utcOffsetMinutes === null ? {} : { utcOffsetMinutes }),
          redacted: redact,
          sections: Object.fromEntries([...sections].sort(([a], [b]) => a.localeCompare(b))),
        };
        return redact ? redactRecording(recording, identifying) : recording;
      },
    };
    return host;
  }
  return view(rootSection);
}
