/**
 * Windows: a Task Scheduler task \tenken\scan that runs as SYSTEM, defined as task XML (schema 1.2, Windows
 * Vista and later) and registered with `schtasks /Create /XML`. The trigger's RandomDelay does the splay;
 * StartWhenAvailable runs a scan the PC missed while it was off. Its state comes back from
 * Get-ScheduledTask / Get-ScheduledTaskInfo as JSON (locale-free: enum names, numbers, /Date(ms)/).
 */
import { z } from 'zod';
import { AGENT_NODE_FLAGS } from '../node-flags.ts';
import { scanArguments, type ScheduleJob, type ScheduleRuntime } from './job.ts';

export const TASK_FOLDER = '\\tenken\\';
export const TASK_NAME = 'scan';
export const TASK_URI = `${TASK_FOLDER}${TASK_NAME}`;
export const TASK_NAMESPACE = 'http://schemas.microsoft.com/windows/2004/02/mit/task';
/** The well-known SID of LocalSystem: locale-free, unlike the account name ("SYSTEM", "NT AUTHORITY\SYSTEM"). */
export const SYSTEM_SID = 'S-1-5-18';
export const TASK_TIME_LIMIT = 'PT1H';

/** xs:duration as Task Scheduler writes it: P1D, PT1H30M, PT15M. */
export function isoDuration(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
  const body = `${d ? `${d}D` : ''}${time ? `T${time}` : ''}`;
  return body ? `P${body}` : 'PT0S';
}

/**
 * One argument of a Windows command line as CommandLineToArgvW and the C runtime split it: quoted when it has
 * a space, a tab or a quote; backslashes are literal except before a quote, where they are doubled.
 */
export function windowsArg(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  return `"${arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1')}"`;
}

const xmlText = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * The task definition. `start` is the first StartBoundary (local time, no zone, as Task Scheduler keeps it):
 * midnight of the day of installation, so a daily scan lands in the first hour of each day plus its delay,
 * or, for a PC that was off, as soon as it is on.
 */
export function renderTaskXml(runtime: ScheduleRuntime, job: ScheduleJob, start: Date): string {
  const boundary = `${start.toISOString().slice(0, 10)}T00:00:00`;
  const delay = job.splaySeconds > 0 ? [`      <RandomDelay>${isoDuration(job.splaySeconds)}</RandomDelay>`] : [];
  const trigger =
    job.everySeconds % 86_400 === 0
      ? [
          '    <CalendarTrigger>',
          `      <StartBoundary>${boundary}</StartBoundary>`,
          '      <Enabled>true</Enabled>',
          ...delay,
          `      <ScheduleByDay><DaysInterval>${job.everySeconds / 86_400}</DaysInterval></ScheduleByDay>`,
          '    </CalendarTrigger>',
        ]
      : [
          '    <TimeTrigger>',
          // No Duration: the repetition goes on indefinitely.
          `      <Repetition><Interval>${isoDuration(job.everySeconds)}</Interval><StopAtDurationEnd>false</StopAtDurationEnd></Repetition>`,
          `      <StartBoundary>${boundary}</StartBoundary>`,
          '      <Enabled>true</Enabled>',
          ...delay,
          '    </TimeTrigger>',
        ];
  const command = windowsArg(runtime.node);
  const args = [...AGENT_NODE_FLAGS, runtime.script, ...scanArguments(job, false)].map(windowsArg).join(' ');
  return [
    '<?xml version="1.0" encoding="UTF-16"?>',
    `<Task version="1.2" xmlns="${TASK_NAMESPACE}">`,
    '  <RegistrationInfo>',
    '    <Author>tenken</Author>',
    '    <Description>tenken (点検) posture scan. Written by `tenken schedule install`; `tenken schedule remove` deletes it.</Description>',
    `    <URI>${xmlText(TASK_URI)}</URI>`,
    '  </RegistrationInfo>',
    '  <Triggers>',
    ...trigger,
    '  </Triggers>',
    '  <Principals>',
    '    <Principal id="Author">',
    `      <UserId>${SYSTEM_SID}</UserId>`,
    '      <RunLevel>HighestAvailable</RunLevel>',
    '    </Principal>',
    '  </Principals>',
    '  <Settings>',
    '    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>',
    '    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>',
    '    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>',
    '    <AllowHardTerminate>true</AllowHardTerminate>',
    '    <StartWhenAvailable>true</StartWhenAvailable>',
    // A report that cannot be sent is queued; the scan itself needs no network.
    '    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>',
    '    <IdleSettings>',
    '      <StopOnIdleEnd>false</StopOnIdleEnd>',
    '      <RestartOnIdle>false</RestartOnIdle>',
    '    </IdleSettings>',
    '    <AllowStartOnDemand>true</AllowStartOnDemand>',
    '    <Enabled>true</Enabled>',
    '    <Hidden>false</Hidden>',
    '    <RunOnlyIfIdle>false</RunOnlyIfIdle>',
    '    <WakeToRun>false</WakeToRun>',
    `    <ExecutionTimeLimit>${TASK_TIME_LIMIT}</ExecutionTimeLimit>`,
    // 7: below normal, the default for tasks; the scan should not compete with the person at the PC.
    '    <Priority>7</Priority>',
    '  </Settings>',
    '  <Actions Context="Author">',
    '    <Exec>',
    `      <Command>${xmlText(command)}</Command>`,
    `      <Arguments>${xmlText(args)}</Arguments>`,
    '    </Exec>',
    '  </Actions>',
    '</Task>',
    '',
  ].join('\r\n');
}

/** schtasks reads task XML as UTF-16 LE with a byte order mark (it refuses UTF-8 with an encoding="UTF-16" header). */
export function encodeTaskXml(xml: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
}

export const schtasksCreateArgs = (xmlFile: string) => ['/Create', '/TN', TASK_URI, '/XML', xmlFile, '/F'];
export const schtasksDeleteArgs = () => ['/Delete', '/TN', TASK_URI, '/F'];

/**
 * The task and its run information, or null when there is no such task. "Not found" is told from "access
 * denied" (a standard user may not be allowed to read a task that runs as SYSTEM) by the error's category,
 * an enum name, never localized; any other error fails the script. Get-ScheduledTaskInfo's properties are
 * selected as they are, so the answer has the shape published outputs of `Get-ScheduledTaskInfo |
 * ConvertTo-Json` have; State is the enum's name (Ready, Running, Disabled…).
 */
export const TASK_STATUS_SCRIPT = String.raw`
try { $t = Get-ScheduledTask -TaskPath '${TASK_FOLDER}' -TaskName '${TASK_NAME}' -ErrorAction Stop }
catch { if ([string]$_.CategoryInfo.Category -eq 'ObjectNotFound') { return $null } else { throw } }
$i = $t | Get-ScheduledTaskInfo | Select-Object LastRunTime, LastTaskResult, NextRunTime, NumberOfMissedRuns, TaskName, TaskPath
[pscustomobject]@{ state = [string]$t.State; info = $i }`;

/**
 * Windows PowerShell 5.1 writes a DateTime as "/Date(<ms since 1970 UTC>)/", shown here in UTC; PowerShell 7
 * and hand-written answers as ISO 8601, often without a zone (the PC's local time), shown as written rather
 * than guessed into another zone.
 */
export interface TaskTime {
  readonly display: string;
  readonly year: number;
}
const PsDate = z.union([z.string(), z.null()]).transform((v): TaskTime | null => {
  if (v === null) return null;
  const ms = /^\/Date\((-?\d+)\)\/$/.exec(v);
  if (ms) {
    const date = new Date(Number(ms[1]));
    return Number.isNaN(date.getTime()) ? null : { display: date.toISOString(), year: date.getUTCFullYear() };
  }
  const year = /^(\d{4})-\d\d-\d\dT/.exec(v);
  return year ? { display: v, year: Number(year[1]) } : null;
});

export const TaskInfo = z.object({
  LastRunTime: PsDate.optional().default(null),
  LastTaskResult: z.number().int(),
  NextRunTime: PsDate.optional().default(null),
  NumberOfMissedRuns: z.number().int().default(0),
});
export const TaskStatusAnswer = z.object({ state: z.string(), info: TaskInfo }).nullable();
export type TaskStatusAnswer = z.infer<typeof TaskStatusAnswer>;

/** Task Scheduler's own codes in LastTaskResult (winerror.h SCHED_S_*). */
export const SCHED_S_TASK_RUNNING = 0x41301;
export const SCHED_S_TASK_HAS_NOT_RUN = 0x41303;

/** Task Scheduler reports "never ran" as a LastRunTime in 1999 (30 Nov 1999, its zero date). */
export const neverRan = (lastRun: TaskTime | null) => lastRun === null || lastRun.year < 2000;
