/**
 * agent.json holds the enroll secret (RT-17): on POSIX a file that others may read or write is refused before
 * the first enrollment (like ssh refuses a private key others can read), and a leftover one on an enrolled PC
 * is warned about on every run. Windows keeps access in ACLs the mode bits do not show: nothing is checked
 * there (the README says which ACL to set). In-process CLI runs against a real collector.
 */
import { chmod, chown, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recording } from '../../src/host/recording.ts';
import { createReplayHost } from '../../src/host/replay-host.ts';
import { configFileProblem } from '../../src/transport/agent-state.ts';
import type { TestCollector } from '../support/collector.ts';
import { collectorAndLaptopNow } from '../support/delivery.ts';
import { runTenken } from '../support/run-cli.ts';

let collector: TestCollector;
let machine: Recording;
beforeAll(async () => ({ collector, machine } = await collectorAndLaptopNow()));
afterAll(() => collector?.close());

async function deployed(mode: number) {
  const dir = await mkdtemp(join(tmpdir(), 'tenken-config-'));
  const config = join(dir, 'agent.json');
  await writeFile(config, JSON.stringify({ collector: collector.url, enrollSecret: collector.enrollSecret }));
  await chmod(config, mode);
  const env = { LANG: 'en_US.UTF-8', TENKEN_STATE_DIR: join(dir, 'state'), TENKEN_AGENT_CONFIG: config };
  const cli = (args: string[], lang = 'en_US.UTF-8') => runTenken(args, { createHost: async () => createReplayHost({ ...machine, isAdmin: true }), env: { ...env, LANG: lang } });
  return { config, cli };
}

describe('agent.json and its enroll secret', () => {
  it('readable by others: refused before scanning (exit 2), with the chmod and the advice to rotate the secret', async () => {
    const { config, cli } = await deployed(0o644);
    const r = await cli(['scan', '--send']);
    expect(r.code).toBe(2);
    expect(r.stdout, 'not scanned').toBe('');
    expect(r.stderr).toBe(
      `tenken: ${config} holds the enroll secret but others than its owner may read or change it (mode 644); with that secret anyone can enroll devices, so tenken does not use it. Run sudo chown root ${config} && sudo chmod 600 ${config}, then rotate the secret on the collector (tenken collector enroll-secret --rotate) and deploy the new one.\n`,
    );
    expect((await cli(['scan', '--send'], 'ja_JP.UTF-8')).stderr).toMatch(/登録シークレットを含むのに、所有者以外も読み取りや書き込みができます（モード 644）/);
    for (const mode of [0o640, 0o604, 0o620, 0o602]) {
      await chmod(config, mode);
      expect((await cli(['scan', '--send'])).code, `mode ${mode.toString(8)}`).toBe(2);
    }
  });

  // Giving a file to another user takes root.
  it.skipIf(process.getuid?.() !== 0)('owned by another user: refused, since that user could send the reports elsewhere', async () => {
    const { config, cli } = await deployed(0o600);
    await chown(config, 4242, 4242);
    const r = await cli(['scan', '--send']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${config} is not owned by root (uid 4242)`);
  });

  it('600: enrolls and sends; left 644 after enrolling, it is warned about on every run and the report still goes', async () => {
    const { config, cli } = await deployed(0o600);
    const first = await cli(['scan', '--send']);
    expect(first.stderr).toMatch(/^tenken: sent to /);
    await chmod(config, 0o644);
    const later = await cli(['scan', '--send']);
    expect(later.stderr).toMatch(new RegExp(`^tenken: ${config.replace(/[.]/g, '\\.')} still holds the enroll secret, and others than its owner may read or change it \\(mode 644\\)\\. This PC is enrolled and no longer uses the file: delete it, or run .*rotate it on the collector .*\\ntenken: sent to `));
  });

  it('Windows: the mode bits say nothing of its ACL, so nothing is checked', async () => {
    const { config } = await deployed(0o644);
    expect(await configFileProblem(config, 'win32', false)).toBeNull();
    expect(await configFileProblem(config, 'linux', false)).not.toBeNull();
    expect(await configFileProblem(join(config, '..', 'absent.json'), 'linux', false)).toBeNull();
  });
});
