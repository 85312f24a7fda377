/**
 * macOS collector of the backup probe: Time Machine, machine-wide. `tmutil destinationinfo -X` says whether backup
 * disks are set up and needs no Full Disk Access; the dates of the completed backups are only in
 * /Library/Preferences/com.apple.TimeMachine.plist, which macOS lets only apps with Full Disk Access read, root or
 * not (osquery's time_machine_backups table: "requires Full Disk Access"). `tmutil latestbackup` needs it too
 * ("tmutil: latestbackup requires Full Disk Access privileges.") and answers only while the disk is connected,
 * so it is not used. The two commands run in parallel.
 */
import type { z } from 'zod';
import { parsePlist } from '../../src/plist.ts';
import { because, firstLine, reasons, saidBy, type ProbeContext, type Reason } from '../../src/probe.ts';
import type { BackupEvidence, BackupToolFacts } from './backup.ts';
import { destinationNames, summarise, timeMachineFacts } from './parse.ts';

type Evidence = z.input<typeof BackupEvidence>;

export const TIME_MACHINE_PLIST = '/Library/Preferences/com.apple.TimeMachine.plist';

function plistOf(stdout: string): unknown {
  try {
    return parsePlist(stdout);
  } catch {
    return undefined;
  }
}

export async function collectDarwin(ctx: ProbeContext): Promise<Evidence> {
  const why = reasons();
  why.set('user', because('backup.machine-wide'));
  const [info, prefs] = await Promise.all([
    ctx.run('tmutil', ['destinationinfo', '-X']),
    ctx.run('plutil', ['-convert', 'xml1', '-o', '-', TIME_MACHINE_PLIST]),
  ]);

  let tools: BackupToolFacts[] | Reason;
  const said = `${info.stdout}\n${info.stderr}`;
  const names = /No destinations configured/.test(said) ? [] : info.exitCode === 0 ? destinationNames(plistOf(info.stdout)) : null;
  if (names === null) {
    tools =
      info.exitCode === 0
        ? because('command.unexpected-output', { command: 'tmutil destinationinfo -X' }, firstLine(info.stdout))
        : because('command.failed', { command: 'tmutil destinationinfo -X', exitCode: info.exitCode }, saidBy(info));
  } else if (names.length === 0) {
    tools = [];
  } else if (prefs.exitCode !== 0) {
    // Without Full Disk Access the file cannot be opened ("Operation not permitted"); it exists whenever a
    // destination does.
    tools = /permission|not permitted/i.test(`${prefs.stderr}\n${prefs.stdout}`)
      ? because('backup.full-disk-access', { path: TIME_MACHINE_PLIST })
      : because('command.failed', { command: `plutil -convert xml1 ${TIME_MACHINE_PLIST}`, exitCode: prefs.exitCode }, saidBy(prefs));
  } else {
    tools = timeMachineFacts(plistOf(prefs.stdout)) ?? because('file.unexpected', { path: TIME_MACHINE_PLIST });
  }
  return { user: null, ...summarise(tools, ['time-machine'], why), unknown: why.map };
}
