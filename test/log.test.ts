/**
 * The logger a scan writes through (src/log.ts): pino loads at the first line written at an enabled level, so the
 * lines must come out as pino writes them, in the order they were logged, with their child bindings, and none
 * may be lost when the program ends right after logging. Runs a small program in a process of its own, because
 * the lines go to file descriptor 2.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const LOG_MODULE = pathToFileURL(join(import.meta.dirname, '..', 'src', 'log.ts')).href;

/** Runs `body` (an ES module that has `createLogger` and `silentLogger` in scope) and answers its stderr, line by line. */
function stderrOf(body: string): Promise<{ lines: Record<string, unknown>[]; stdout: string }> {
  const program = `import { createLogger, silentLogger } from ${JSON.stringify(LOG_MODULE)};\n${body}`;
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['--input-type=module', '-e', program], { env: { PATH: process.env.PATH } }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${error.message}\n${stderr}`));
      resolve({ lines: stderr.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>), stdout });
    }),
  );
}

describe('createLogger', () => {
  it('writes the enabled lines as pino does, in order, with child bindings, up to the very last line before the program ends', async () => {
    const { lines } = await stderrOf(`
      const log = createLogger('warn');
      log.debug('not at warn');
      log.info({ a: 1 }, 'not at warn either');
      log.warn({ n: 1 }, 'first');
      const probe = log.child({ probe: 'wifi' });
      probe.error({ err: new Error('boom') }, 'second');
      probe.child({ step: 2 }).warn('third');
      log.error('fourth');
    `);
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [40, 'first'],
      [50, 'second'],
      [40, 'third'],
      [50, 'fourth'],
    ]);
    expect(lines[0]).toMatchObject({ n: 1 });
    expect(lines[0]).not.toHaveProperty('probe');
    // pino's own serializer for errors, and no pid/hostname (base: undefined, as before).
    expect(lines[1]).toMatchObject({ probe: 'wifi', err: { type: 'Error', message: 'boom' } });
    expect((lines[1]!.err as { stack: string }).stack).toContain('Error: boom');
    expect(lines[2]).toMatchObject({ probe: 'wifi', step: 2 });
    expect(lines[0]).not.toHaveProperty('pid');
    expect(typeof lines[0]!.time).toBe('number');
  });

  it('loads pino only when a line is written at an enabled level', async () => {
    const { stdout, lines } = await stderrOf(`
      import { registerHooks } from 'node:module';
      const loaded = [];
      registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
      const pino = () => loaded.some((u) => u.includes('/node_modules/pino/'));
      const log = createLogger('error');
      log.warn('below the level'); log.child({ probe: 'x' }).info('also below');
      createLogger('silent').error('silent writes nothing');
      silentLogger.error('neither does this');
      await new Promise((r) => setTimeout(r, 50));
      const before = pino();
      log.error('now');
      // At exit the line is written, however long the import took.
      process.on('exit', () => console.log(JSON.stringify({ before, after: pino() })));
    `);
    expect(JSON.parse(stdout)).toEqual({ before: false, after: true });
    expect(lines.map((l) => l.msg)).toEqual(['now']);
  });
});
