/**
 * Logs go to stderr through pino: stdout is for the report or the human summary.
 *
 * pino is loaded when a logger first writes, not when this module is: with what it loads (worker_threads and
 * assert for its transports) it cost a scan ~7 ms of CPU before its first OS command, and a scan logs only when
 * something went wrong (at error level) or with -v.
 */
import type { Logger as PinoLogger } from 'pino';

const LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LEVELS)[number];

interface LogFn {
  (obj: object, msg?: string): void;
  (msg: string): void;
}

/** What tenken's own code logs through; a pino logger is one too (tests and the collector pass pino's). */
export interface Logger {
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
  child(bindings: Record<string, unknown>): Logger;
}

/** pino itself, for what needs all of it (fastify's logger in the collector). */
export async function createPinoLogger(level: LogLevel = 'warn'): Promise<PinoLogger> {
  // The default export: pino is CommonJS, and the bundle's chunk for a CommonJS module exports module.exports alone.
  const { default: pino } = await import('pino');
  return pino({ level, base: undefined }, pino.destination(2));
}

/**
 * A logger at `level` that loads pino at its first line at or above that level. Lines keep their order (each
 * waits for the same load); a line below the level costs one comparison. The load is a module import, which
 * the process waits for before it exits on its own.
 */
export function createLogger(level: LogLevel = 'warn'): Logger {
  const threshold = LEVELS.indexOf(level);
  let root: Promise<PinoLogger> | undefined;
  const make = (bindings: Record<string, unknown> | undefined): Logger => {
    const at =
      (name: Exclude<LogLevel, 'silent'>): LogFn =>
      (...args: [object | string, string?]) => {
        if (threshold === 0 || LEVELS.indexOf(name) > threshold) return;
        root ??= createPinoLogger(level);
        void root.then((pino) => {
          const to = bindings ? pino.child(bindings) : pino;
          if (typeof args[0] === 'string') to[name](args[0]);
          else to[name](args[0], args[1]);
        });
      };
    return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug'), child: (more) => make({ ...bindings, ...more }) };
  };
  return make(undefined);
}

const ignore: LogFn = () => {};
/** Writes nothing (tests, and callers that have no one to tell). */
export const silentLogger: Logger = { error: ignore, warn: ignore, info: ignore, debug: ignore, child: () => silentLogger };
