/**
 * Where the self-check answers are kept between runs, by the conventions of each OS: per user for an
 * ordinary user (XDG state on Linux, Application Support on macOS), machine-wide for root, and ProgramData
 * on Windows (a self-check is the organisation's, not one user's). Decided from the Host, never from
 * process.platform (test/architecture.test.ts).
 */
import { access, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../atomic-write.ts';
import type { Host } from '../host/host.ts';
import { InvalidInputError } from '../source-errors.ts';
import { loadYamlFile } from '../yaml-source.ts';
import { joinStatePath, userStateDir } from '../state-dirs.ts';
import { SelfCheckResult } from './result.ts';

export const STATE_FILE_NAME = 'selfcheck.json';

export const defaultStatePath = (host: Pick<Host, 'platform' | 'isAdmin'>, env: NodeJS.ProcessEnv): string =>
  joinStatePath(userStateDir(host, env), STATE_FILE_NAME);

/** A saved self-check (`tenken scan --attach-selfcheck`), checked like any input: file:line: message, exit 2. */
export async function loadSelfCheckFile(file: string): Promise<SelfCheckResult> {
  try {
    await access(file);
  } catch {
    throw new InvalidInputError([{ file, line: 0, column: 0, message: 'no self-check saved here: run `tenken selfcheck` first, or name the file: --attach-selfcheck FILE' }]);
  }
  return (await loadYamlFile(file, SelfCheckResult, 'answers')).value;
}

/** Writes the answers where they are kept; the folder is made on first use. */
export async function saveSelfCheck(file: string, result: SelfCheckResult): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(result, null, 2)}\n`);
}
