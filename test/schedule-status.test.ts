/**
 * The status parsers on published scheduler outputs (test/fixtures/schedule/README.md says where each is
 * from); hand-made inputs are marked.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKeyValueLines } from '../src/host/console-user.ts';
import { parseLaunchctlPrint } from '../src/schedule/launchd.ts';
import { parseSystemdState } from '../src/schedule/systemd.ts';
import { neverRan, SCHED_S_TASK_HAS_NOT_RUN, TaskInfo, TaskStatusAnswer } from '../src/schedule/task-scheduler.ts';

const fixture = (name: string) => readFile(join(import.meta.dirname, 'fixtures', 'schedule', name), 'utf8');

describe('systemctl show', () => {
  it('reads a real timer: loaded, active, enabled, when it fired and fires next', async () => {
    const timer = parseKeyValueLines(await fixture('systemctl-show-logrotate-timer.txt'));
    // Hand-made service answer: a oneshot that ended with exit 1 counted as success (SuccessExitStatus=1 3).
    const service = parseKeyValueLines('ActiveState=inactive\nResult=success\nExecMainStartTimestamp=Tue 2022-07-05 00:00:03 AEST\nExecMainExitTimestamp=Tue 2022-07-05 00:00:41 AEST\nExecMainStatus=1\n');
    expect(parseSystemdState(timer, service)).toEqual({
      timerLoaded: true,
      timerActive: true,
      timerEnabled: true,
      lastTrigger: 'Mon 2022-07-04 18:56:33 AEST',
      nextElapse: 'Tue 2022-07-05 00:00:00 AEST',
      running: false,
      lastStart: 'Tue 2022-07-05 00:00:03 AEST',
      lastExit: 'Tue 2022-07-05 00:00:41 AEST',
      exitStatus: 1,
      result: 'success',
    });
  });

  it('does not take ExecMainStatus=0 of a service that never started for an exit code (hand-made)', () => {
    const s = parseSystemdState(parseKeyValueLines('LoadState=loaded\nActiveState=active\nUnitFileState=enabled\nLastTriggerUSec=n/a\n'), parseKeyValueLines('ExecMainStartTimestamp=\nExecMainStatus=0\nResult=success\n'));
    expect(s.lastStart).toBeNull();
    expect(s.exitStatus).toBeNull();
    expect(s.result).toBeNull();
    expect(s.lastTrigger).toBeNull();
  });
});

describe('launchctl print', () => {
  it('reads the service’s own lines of a real StartInterval job, not the nested blocks', async () => {
    expect(parseLaunchctlPrint(await fixture('launchctl-print-interval-agent.txt'))).toEqual({ state: 'not running', runs: 86, lastExitCode: 0, runIntervalSeconds: 300 });
  });

  it('a real capture of a job whose last run exited 1; nested `state = active` lines are ignored', async () => {
    const text = await fixture('launchctl-print-failed-agent.txt');
    expect(parseLaunchctlPrint(text)).toEqual({ state: 'not running', runs: 4, lastExitCode: 1, runIntervalSeconds: null });
    expect(parseLaunchctlPrint(`${text}\n\tendpoints = {\n\t\t"x" = {\n\t\t\tstate = active\n\t\t}\n\t}\n`).state).toBe('not running');
  });

  it('reads sysexits names and "(never exited)" (hand-made lines in the shapes published launchd tools show)', () => {
    expect(parseLaunchctlPrint('system/x = {\n\tstate = not running\n\truns = 3\n\tlast exit code = 78: EX_CONFIG\n}\n').lastExitCode).toBe(78);
    expect(parseLaunchctlPrint('system/x = {\n\tstate = running\n\tlast exit code = (never exited)\n}\n')).toEqual({ state: 'running', runs: null, lastExitCode: null, runIntervalSeconds: null });
  });
});

describe('Get-ScheduledTaskInfo as JSON', () => {
  it('reads Windows PowerShell 5.1 dates (/Date(ms)/) and a null NextRunTime from a published output', async () => {
    const info = TaskInfo.parse(JSON.parse(await fixture('get-scheduledtaskinfo-ps51.json')));
    expect(info.LastRunTime).toEqual({ display: '2025-05-04T16:13:13.000Z', year: 2025 });
    expect(info.NextRunTime).toBeNull();
    expect(info.LastTaskResult).toBe(0);
    expect(neverRan(info.LastRunTime)).toBe(false);
  });

  it('recognizes a task that has not run yet (1999-11-30 and SCHED_S_TASK_HAS_NOT_RUN)', async () => {
    const info = TaskInfo.parse(JSON.parse(await fixture('get-scheduledtaskinfo-never-ran.json')));
    expect(neverRan(info.LastRunTime)).toBe(true);
    expect(info.LastTaskResult).toBe(SCHED_S_TASK_HAS_NOT_RUN);
    expect(info.NextRunTime).not.toBeNull();
  });

  it('no task is null; an answer of another shape is refused', () => {
    expect(TaskStatusAnswer.parse(null)).toBeNull();
    expect(TaskStatusAnswer.safeParse({ state: 'Ready' }).success).toBe(false);
  });
});
