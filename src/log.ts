/** pino to stderr: stdout is for the report or the human summary. */
import { pino, type Logger } from 'pino';

export function createLogger(level: 'silent' | 'error' | 'warn' | 'info' | 'debug' = 'warn'): Logger {
  return pino({ level, base: undefined }, pino.destination(2));
}

export const silentLogger: Logger = pino({ level: 'silent' });
