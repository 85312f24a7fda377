/** The door to the machine: real processes with timeouts, strict replay both ways, recordings that redact. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommandNotFoundError, CommandTimedOutError, NotRecordedError, PermissionDeniedError } from '../src/host/errors.ts';
import { exec } from '../src/host/exec.ts';
import { createLiveHost } from '../src/host/live-host.ts';
import { createRecordingHost } from '../src/host/recording-host.ts';
import { Recording, loadRecording, recordingToYaml, type RecordingInput } from '../src/host/recording.ts';
import { redactRecording } from '../src/host/redact.ts';
import { createReplayHost } from '../src/host/replay-host.ts';
import { InvalidInputError } from '../src/source-errors.ts';
import { because } from '../src/probe.ts';

const recording = (sections: RecordingInput['sections']): Recording =>
  Recording.parse({ tenkenRecording: 1, source: 'hand-made for host.test.ts', platform: 'linux', isAdmin: false, recordedAt: '2026-11-20T09:00:00.000Z', sections });

describe('exec (real processes)', () => {
  it('returns non-zero exits as results, with the C locale', async () => {
    const r = await exec('sh', ['-c', 'echo "$LC_ALL"; exit 3']);
    expect(r).toEqual({ stdout: 'C\n', stderr: '', exitCode: 3 });
  });

  it('names a missing command', async () => {
    await expect(exec('tenken-no-such-command', [])).rejects.toBeInstanceOf(CommandNotFoundError);
  });

  it('kills a hanging command at its timeout', async () => {
    await expect(exec('sleep', ['5'], { timeoutMs: 100 })).rejects.toBeInstanceOf(CommandTimedOutError);
  });

  it('says when a program has started, before it ends, and never for a missing one', async () => {
    const events: string[] = [];
    await exec('sh', ['-c', 'exit 4'], { onStarted: () => events.push('started') }).then(() => events.push('ended'));
    expect(events).toEqual(['started', 'ended']);
    await expect(exec('tenken-no-such-command', [], { onStarted: () => events.push('started again') })).rejects.toBeInstanceOf(CommandNotFoundError);
    expect(events).toEqual(['started', 'ended']);
  });

  it('passes arguments without a shell', async () => {
    const r = await exec('printf', ['%s|', '$(id)', 'a b', ';ls']);
    expect(r.stdout).toBe('$(id)|a b|;ls|');
  });
});

describe('live host', () => {
  it('reads files, heads of files, directories and stats; missing is undefined', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tenken-'));
    await writeFile(join(dir, 'a.txt'), 'ClamAV-VDB:header\nrest');
    const host = await createLiveHost();
    expect(await host.readFile(join(dir, 'a.txt'), { maxBytes: 10 })).toBe('ClamAV-VDB');
    expect(await host.readFile(join(dir, 'missing'))).toBeUndefined();
    expect(await host.listDir(dir)).toEqual(['a.txt']);
    expect((await host.stat(join(dir, 'a.txt')))?.type).toBe('file');
    expect(await host.stat(join(dir, 'nope'))).toBeUndefined();
  });
});

describe('exec (node:child_process)', () => {
  const sh = (script: string) => ['sh', ['-c', script]] as const;

  it('gives stdout, stderr and the exit code as the program wrote them, in the C locale', async () => {
    const { exec } = await import('../src/host/exec.ts');
    expect(await exec(...sh('printf "a\\r\\nb"; printf err >&2; echo "$LC_ALL"; exit 3'))).toEqual({ stdout: 'a\r\nbC\n', stderr: 'err', exitCode: 3 });
  });

  it('names a missing program, a timeout and a cancellation', async () => {
    const { exec } = await import('../src/host/exec.ts');
    await expect(exec('tenken-no-such-program', [])).rejects.toBeInstanceOf(CommandNotFoundError);
    await expect(exec(...sh('sleep 5'), { timeoutMs: 100 })).rejects.toThrow(new CommandTimedOutError('sh -c sleep 5', 100));
    const abort = new AbortController();
    const run = exec(...sh('sleep 5'), { signal: abort.signal });
    abort.abort();
    await expect(run).rejects.toThrow(new CommandTimedOutError('sh -c sleep 5', null));
  });

  it('hands each stdout line to onStdoutLine as it comes (CRLF, a last line without newline, a character split between writes)', async () => {
    const { exec } = await import('../src/host/exec.ts');
    const lines: string[] = [];
    let started = false;
    // 「点」 is e7 82 b9: its first byte is written apart from the rest.
    const r = await exec(...sh("printf 'one\\r\\n'; printf '\\347'; sleep 0.05; printf '\\202\\271\\ntwo'"), { onStdoutLine: (l) => lines.push(l), onStarted: () => (started = true) });
    expect(lines).toEqual(['one', '点', 'two']);
    expect(r.stdout).toBe('one\r\n点\ntwo');
    expect(started).toBe(true);
  });
});

describe('replay host', () => {
  it('answers recorded calls, each once, and names unused answers', async () => {
    const host = createReplayHost(
      recording({
        p: [
          { run: ['echo', 'hi'], stdout: 'hi\n' },
          { read: '/etc/x', text: 'x' },
          { read: '/etc/gone', error: 'missing' },
          { stat: '/etc/x', type: 'file', size: 1, mtime: '2026-11-01T00:00:00.000Z' },
        ],
      }),
      'p',
    );
    expect(await host.run('echo', ['hi'])).toEqual({ stdout: 'hi\n', stderr: '', exitCode: 0 });
    await expect(host.run('echo', ['hi'])).rejects.toBeInstanceOf(NotRecordedError);
    expect(await host.readFile('/etc/gone')).toBeUndefined();
    expect(host.unused()).toEqual(['p: read /etc/x', 'p: stat /etc/x']);
  });

  it('fails on a call it does not hold, and keeps sections apart', async () => {
    const host = createReplayHost(recording({ a: [{ run: ['true'] }] }), 'b');
    await expect(host.run('true', [])).rejects.toThrow('the recording has no answer in section "b" for run true');
    expect(await host.section('a').run('true', [])).toMatchObject({ exitCode: 0 });
  });

  it('replays named failures: not found, timed out, permission denied', async () => {
    const host = createReplayHost(
      recording({ p: [{ run: ['clamscan', '--version'], error: 'not-found' }, { run: ['dnf'], error: 'timed-out' }, { read: '/var/lib/x', error: 'denied' }] }),
      'p',
    );
    await expect(host.run('clamscan', ['--version'])).rejects.toBeInstanceOf(CommandNotFoundError);
    await expect(host.run('dnf', [])).rejects.toBeInstanceOf(CommandTimedOutError);
    await expect(host.readFile('/var/lib/x')).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  it('says a recorded program started unless it could not start', async () => {
    const host = createReplayHost(recording({ p: [{ run: ['apt', 'list'], stdout: '' }, { run: ['dnf'], error: 'timed-out' }, { run: ['zypper'], error: 'not-found' }] }), 'p');
    const started: string[] = [];
    await host.run('apt', ['list'], { onStarted: () => started.push('apt') });
    await host.run('dnf', [], { onStarted: () => started.push('dnf') }).catch(() => {});
    await host.run('zypper', [], { onStarted: () => started.push('zypper') }).catch(() => {});
    expect(started).toEqual(['apt', 'dnf']);
  });

  it('distinguishes a run as the console user from a plain run', async () => {
    const host = createReplayHost(recording({ p: [{ run: ['gsettings', 'get', 'a', 'b'], asConsoleUser: true, stdout: 'true\n' }] }), 'p');
    await expect(host.run('gsettings', ['get', 'a', 'b'])).rejects.toBeInstanceOf(NotRecordedError);
    expect((await host.run('gsettings', ['get', 'a', 'b'], { asConsoleUser: true })).stdout).toBe('true\n');
  });
});

describe('recordings', () => {
  it('round-trip through YAML byte-exact, including CRLF and trailing spaces', async () => {
    const rec = recording({ p: [{ run: ['x'], stdout: 'line 1\r\nline 2  \n\n', stderr: '\tindented' }] });
    const file = join(await mkdtemp(join(tmpdir(), 'tenken-')), 'r.yaml');
    await writeFile(file, recordingToYaml(rec, 'test'));
    expect(await loadRecording(file)).toEqual(rec);
  });

  it('reports a malformed recording with its file and line', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'tenken-')), 'bad.yaml');
    await writeFile(file, 'tenkenRecording: 1\nsource: x\nplatform: beos\nisAdmin: false\nrecordedAt: "2026-11-20T09:00:00.000Z"\nsections: {}\n');
    const error = await loadRecording(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).errors[0]).toMatchObject({ file, line: 3 });
    expect((error as Error).message).toContain('platform');
  });

  it('records what a live host answered, including named failures', async () => {
    const host = createRecordingHost(await createLiveHost());
    await host.section('p').run('sh', ['-c', 'echo out; echo err >&2; exit 2']);
    await expect(host.section('p').run('tenken-no-such-command', [])).rejects.toBeInstanceOf(CommandNotFoundError);
    const rec = host.recording({ source: 'test', redact: false });
    expect(rec.sections.p).toEqual([
      { run: ['sh', '-c', 'echo out; echo err >&2; exit 2'], exitCode: 2, stdout: 'out\n', stderr: 'err\n' },
      { run: ['tenken-no-such-command'], error: 'not-found', message: 'command not found: tenken-no-such-command' },
    ]);
  });

  it("keeps the clock's UTC offset in the recording (JavaScript's, not `date +%z`'s) and replays it", async () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Asia/Tokyo';
    try {
      const host = createRecordingHost(await createLiveHost());
      expect(host.utcOffsetMinutes()).toBe(540);
      const rec = host.recording({ source: 'test', redact: false });
      expect(rec.utcOffsetMinutes).toBe(540);
      const file = join(await mkdtemp(join(tmpdir(), 'tenken-')), 'r.yaml');
      await writeFile(file, recordingToYaml(rec, 'test'));
      expect(createReplayHost(await loadRecording(file)).utcOffsetMinutes()).toBe(540);
      process.env.TZ = 'UTC';
      expect(Object.is((await createLiveHost()).utcOffsetMinutes(), 0)).toBe(true);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('replays the UTC offset of a recording from before from its `date +%z` answer, and uses that answer up', () => {
    const old = createReplayHost(recording({ 'os-updates': [{ run: ['date', '+%z'], stdout: '-0330\n' }] }), 'os-updates');
    expect(old.utcOffsetMinutes()).toBe(-210);
    expect(old.unused()).toEqual([]);
    const unreadable = createReplayHost(recording({ 'os-updates': [{ run: ['date', '+%z'], stdout: 'JST\n' }] }), 'os-updates');
    expect(unreadable.utcOffsetMinutes()).toBeNull();
    expect(() => createReplayHost(recording({ 'os-updates': [] }), 'os-updates').utcOffsetMinutes()).toThrow(NotRecordedError);
  });

  it('redacts identifying values everywhere, consistently, so the recording still replays', async () => {
    const rec = recording({
      wifi: [
        { run: ['nmcli', 'connection', 'show', 'OfficeNet'], stdout: 'ssid: OfficeNet\nbssid: A4:2B:B0:11:22:33\n' },
        { read: '/home/alice/.config/kscreenlockerrc', text: '[Daemon]\nTimeout=10\n' },
      ],
      identity: [{ si: 'osInfo', result: { hostname: 'PC-SALES-012', serial: 'abc' } }],
    });
    const out = redactRecording(rec, new Map([['OfficeNet', 'ssid'], ['alice', 'user'], ['/home/alice', 'home'], ['PC-SALES-012', 'hostname']]));
    const text = JSON.stringify(out);
    for (const secret of ['OfficeNet', 'alice', 'PC-SALES-012', 'A4:2B:B0:11:22:33']) expect(text).not.toContain(secret);
    expect(out.sections.wifi![0]).toMatchObject({ run: ['nmcli', 'connection', 'show', 'ssid-1'], stdout: 'ssid: ssid-1\nbssid: 02:00:00:00:00:01\n' });
    expect(out.sections.wifi![1]).toMatchObject({ read: '/home/user-home-1/.config/kscreenlockerrc' });
    expect(out.redacted).toBe(true);
  });

  it("keeps only the security settings of LibreOffice's registrymodifications.xcu (recent documents are personal)", () => {
    const xcu = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<oor:items xmlns:oor="http://openoffice.org/2001/registry">',
      '<item oor:path="/org.openoffice.Office.Histories/Histories/org.openoffice.Office.Histories:HistoryInfo[\'PickList\']/OrderList"><node oor:name="0" oor:op="replace"><prop oor:name="HistoryItemRef" oor:op="fuse"><value>file:///home/alice/給与明細.ods</value></prop></node></item>',
      '<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>0</value></prop></item>',
      '</oor:items>',
    ].join('\n');
    const rec = recording({ 'office-macros': [{ read: '/home/alice/.config/libreoffice/4/user/registrymodifications.xcu', text: xcu }] });
    const out = redactRecording(rec, new Map([['alice', 'user'], ['/home/alice', 'home']]));
    const text = (out.sections['office-macros']![0] as { text: string }).text;
    expect(text).not.toContain('給与明細');
    expect(text).not.toContain('Histories');
    expect(text).toContain('<prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>0</value></prop>');
    expect(text.split('\n')).toHaveLength(4);
  });
});

describe('PowerShell runs in recordings', () => {
  it('are written as their readable script and replayed as the exact encoded command line', async () => {
    const { runPowerShell, powershellArgs } = await import('../src/powershell.ts');
    const script = String.raw`Get-ItemProperty -LiteralPath "HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion" | Select-Object CurrentBuild, UBR`;
    const rec = recording({ p: [{ run: ['powershell.exe', ...powershellArgs(script)], stdout: '\uFEFF{"CurrentBuild":"26100","UBR":4946}\r\n' }] });
    const yaml = recordingToYaml(rec, 'test');
    expect(yaml).toContain('powershell: Get-ItemProperty -LiteralPath "HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"');
    expect(yaml).not.toContain('-EncodedCommand');
    const file = join(await mkdtemp(join(tmpdir(), 'tenken-')), 'ps.yaml');
    await writeFile(file, yaml);
    const host = createReplayHost(await loadRecording(file), 'p');
    expect(await runPowerShell(host, script)).toEqual({ ok: true, value: { CurrentBuild: '26100', UBR: 4946 } });
    expect(host.unused()).toEqual([]);
  });

  // What powershell.exe really writes on stderr when tenken starts it (-EncodedCommand, -NonInteractive, stderr
  // redirected): CLIXML. The progress record is verbatim from inspec/inspec#4552 (Windows PowerShell's
  // "Preparing modules for first use."); the two error strings are in the `<S S="Error">…_x000D__x000A_</S>`
  // shape of the real failed runs quoted there and in ansible/ansible#67964, with the message Get-MpComputerStatus
  // gives when a third-party antivirus has switched Defender's components off (microsoft/CSS-Exchange#2297).
  // Assembled from those sources, not captured whole.
  const CLIXML_FAILURE =
    '#< CLIXML\r\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><Obj S="progress" RefId="0"><TN RefId="0"><T>System.Management.Automation.PSCustomObject</T><T>System.Object</T></TN><MS><I64 N="SourceId">1</I64><PR N="Record"><AV>Preparing modules for first use.</AV><AI>0</AI><Nil /><PI>-1</PI><PC>-1</PC><T>Completed</T><SR>-1</SR><SD> </SD></PR></MS></Obj>' +
    '<S S="Error">Get-MpComputerStatus : 0x800106ba_x000D__x000A_</S><S S="Error">At line:1 char:1_x000D__x000A_</S><S S="Error">+ Get-MpComputerStatus_x000D__x000A_</S><S S="Error">+ ~~~~~~~~~~~~~~~~~~~~_x000D__x000A_</S><S S="Error">    + CategoryInfo          : NotSpecified: (MSFT_MpComputerStatus:ROOT\\Microsoft\\...pComputerStatus) [Get-MpComputerStatus], CimException_x000D__x000A_</S><S S="Error">    + FullyQualifiedErrorId : HRESULT 0x800106ba,Get-MpComputerStatus_x000D__x000A_</S><S S="Error"> _x000D__x000A_</S></Objs>';

  it('reads the CLIXML powershell.exe writes on stderr: the error message, without progress records or XML', async () => {
    const { runPowerShell, powershellArgs, powershellErrorText } = await import('../src/powershell.ts');
    const host = createReplayHost(recording({ p: [{ run: ['powershell.exe', ...powershellArgs('Get-MpComputerStatus')], exitCode: 1, stderr: CLIXML_FAILURE }] }), 'p');
    expect(await runPowerShell(host, 'Get-MpComputerStatus')).toEqual({ ok: false, reason: because('command.failed', { command: 'PowerShell', exitCode: 1 }, 'Get-MpComputerStatus : 0x800106ba') });
    const text = powershellErrorText(CLIXML_FAILURE);
    expect(text.split('\n')).toHaveLength(6);
    expect(text).toContain('FullyQualifiedErrorId : HRESULT 0x800106ba,Get-MpComputerStatus');
    expect(text).not.toMatch(/CLIXML|<Obj|Preparing modules|_x000D_/);
    // XML entities and escaped underscores come back as the characters PowerShell meant.
    expect(powershellErrorText('#< CLIXML\r\n<Objs Version="1.1.0.1"><S S="Error">Cannot find path &apos;C:\\a&amp;b&apos; _x005F_x_x000A_</S></Objs>')).toBe("Cannot find path 'C:\\a&b' _x");
    // A message ConsoleHost wrapped at the console width comes back whole (the wrap of a real failed run quoted in
    // a public test: "…Check _x000D__x000A_" then "the spelling of the name…").
    const { powershellErrorMessage } = await import('../src/powershell.ts');
    expect(
      powershellErrorMessage(
        '#< CLIXML\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><S S="Error">cargo : The term \'cargo\' is not recognized as the name of a cmdlet, function, script file, or operable program. Check _x000D__x000A_</S><S S="Error">the spelling of the name, or if a path was included, verify that the path is correct and try again._x000D__x000A_</S><S S="Error">At line:1 char:1_x000D__x000A_</S></Objs>',
      ),
    ).toBe("cargo : The term 'cargo' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.");
    // Only progress (a successful run that still wrote to stderr): nothing to say.
    expect(powershellErrorText(CLIXML_FAILURE.replace(/<S S="Error">[\s\S]*<\/S>/, ''))).toBe('');
  });

  it('run at most POWERSHELL_AT_ONCE at a time, and a run that fails or times out hands its place on', async () => {
    const { runPowerShell, POWERSHELL_AT_ONCE } = await import('../src/powershell.ts');
    const { CommandTimedOutError } = await import('../src/host/errors.ts');
    let running = 0;
    let most = 0;
    const finish: (() => void)[] = [];
    const host = {
      async run(_file: string, args: readonly string[]) {
        running++;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => finish.push(resolve));
        running--;
        const n = Number(Buffer.from(args.at(-1)!, 'base64').toString('utf16le').match(/& \{(\d+)\}/)![1]);
        if (n % 5 === 0) throw new CommandTimedOutError('powershell.exe', 20_000);
        if (n % 3 === 0) return { exitCode: 1, stdout: '', stderr: 'failed' };
        return { exitCode: 0, stdout: String(n), stderr: '' };
      },
    };
    const runs = Array.from({ length: 16 }, (_, n) => runPowerShell(host, String(n)));
    // Let the queue settle, then finish the runs one by one, as they started.
    for (let done = 0; done < 16; done++) {
      await new Promise((r) => setImmediate(r));
      expect(running).toBeLessThanOrEqual(POWERSHELL_AT_ONCE);
      finish.shift()!();
    }
    const answers = await Promise.all(runs);
    expect(most).toBe(POWERSHELL_AT_ONCE);
    expect(answers.filter((a) => a.ok).map((a) => (a.ok ? a.value : null))).toEqual([1, 2, 4, 7, 8, 11, 13, 14]);
  });

  it('turn every failure into a reason', async () => {
    const { runPowerShell, powershellArgs } = await import('../src/powershell.ts');
    const host = createReplayHost(
      recording({
        p: [
          { run: ['powershell.exe', ...powershellArgs('Get-MpComputerStatus')], exitCode: 1, stderr: 'Get-MpComputerStatus : The term is not recognized\r\n' },
          { run: ['powershell.exe', ...powershellArgs('Get-Date')], stdout: 'not json' },
          { run: ['powershell.exe', ...powershellArgs('Get-Nothing')], error: 'not-found' },
        ],
      }),
      'p',
    );
    expect(await runPowerShell(host, 'Get-MpComputerStatus')).toEqual({ ok: false, reason: because('command.failed', { command: 'PowerShell', exitCode: 1 }, 'Get-MpComputerStatus : The term is not recognized') });
    expect(await runPowerShell(host, 'Get-Date')).toMatchObject({ ok: false, reason: { code: 'command.unexpected-output' } });
    expect(await runPowerShell(host, 'Get-Nothing')).toEqual({ ok: false, reason: because('command.missing', { command: 'Windows PowerShell (powershell.exe)' }) });
  });
});

describe('Windows scripts that every scan runs', () => {
  // Identity runs before any probe: an unguarded CIM or registry read that throws (a broken WMI repository, a
  // refused key) stops the script, and with it the scan. Each read must be inside its own try.
  it('guard every CIM and registry read of the identity and console-user scripts', async () => {
    const { WINDOWS_IDENTITY_SCRIPT } = await import('../src/scan/identity.ts');
    const { WINDOWS_CONSOLE_USER_SCRIPT } = await import('../src/host/console-user.ts');
    const unguarded = (script: string) => script.split('\n').filter((l) => /Get-CimInstance|Get-ItemProperty|\.Translate\(/.test(l) && !/try \{|^\s*@\(Get-CimInstance|ErrorAction SilentlyContinue/.test(l));
    expect(unguarded(WINDOWS_IDENTITY_SCRIPT)).toEqual([]);
    // The console user's name itself may fail: the lookup then says why and the per-user facts are unknown.
    expect(unguarded(WINDOWS_CONSOLE_USER_SCRIPT)).toEqual(['$u = (Get-CimInstance -ClassName Win32_ComputerSystem).UserName']);
  });
});

describe('console user', () => {
  it('on macOS is the owner of /dev/console, with uid and home', async () => {
    const { lookupConsoleUser } = await import('../src/host/console-user.ts');
    const rec = Recording.parse({
      tenkenRecording: 1,
      source: 'hand-made: stat/id/dscl answers in the forms macOS prints',
      platform: 'darwin',
      isAdmin: true,
      recordedAt: '2026-11-20T09:00:00.000Z',
      sections: {
        c: [
          { run: ['stat', '-f', '%Su', '/dev/console'], stdout: 'hanako\n' },
          { run: ['id', '-u', 'hanako'], stdout: '501\n' },
          { run: ['id', '-g', 'hanako'], stdout: '20\n' },
          { run: ['dscl', '.', '-read', '/Users/hanako', 'NFSHomeDirectory'], stdout: 'NFSHomeDirectory: /Users/hanako\n' },
        ],
      },
    });
    expect(await lookupConsoleUser(createReplayHost(rec, 'c'))).toEqual({
      found: true,
      user: { name: 'hanako', uid: 501, gid: 20, sid: null, home: '/Users/hanako', sessionType: 'aqua', desktop: 'aqua', graphical: true },
    });
  });

  it('on macOS is nobody when the login window owns the console', async () => {
    const { lookupConsoleUser } = await import('../src/host/console-user.ts');
    const rec = Recording.parse({ tenkenRecording: 1, source: 'hand-made', platform: 'darwin', isAdmin: true, recordedAt: '2026-11-20T09:00:00.000Z', sections: { c: [{ run: ['stat', '-f', '%Su', '/dev/console'], stdout: 'root\n' }] } });
    expect(await lookupConsoleUser(createReplayHost(rec, 'c'))).toMatchObject({ found: false, reason: because('console-user.none') });
  });

  it('on Windows comes with the SID of the registry hive to read', async () => {
    const { lookupConsoleUser, WINDOWS_CONSOLE_USER_SCRIPT } = await import('../src/host/console-user.ts');
    const { powershellArgs } = await import('../src/powershell.ts');
    const rec = Recording.parse({
      tenkenRecording: 1,
      source: 'hand-made: the ConvertTo-Json -Compress form of the console-user query',
      platform: 'win32',
      isAdmin: true,
      recordedAt: '2026-11-20T09:00:00.000Z',
      sections: { c: [{ run: ['powershell.exe', ...powershellArgs(WINDOWS_CONSOLE_USER_SCRIPT)], stdout: '{"userName":"DESKTOP-7Q2K1AB\\\\taro","sid":"S-1-5-21-3623811015-3361044348-30300820-1001","profile":"C:\\\\Users\\\\taro"}\r\n' }] },
    });
    expect(await lookupConsoleUser(createReplayHost(rec, 'c'))).toEqual({
      found: true,
      user: { name: 'taro', uid: null, gid: null, sid: 'S-1-5-21-3623811015-3361044348-30300820-1001', home: 'C:\\Users\\taro', sessionType: 'console', desktop: 'windows', graphical: true },
    });
  });
});

describe('redacting Windows recordings', () => {
  it('replaces SIDs and JSON-escaped profile paths, inside PowerShell scripts too, so the recording still replays', async () => {
    const { powershellArgs, scriptOf } = await import('../src/powershell.ts');
    const sid = 'S-1-5-21-3623811015-3361044348-30300820-1001';
    const rec = recording({
      'console-user': [{ run: ['powershell.exe', ...powershellArgs('Get-Console')], stdout: `{"userName":"PC\\\\taro","sid":"${sid}","profile":"C:\\\\Users\\\\taro"}` }],
      'screen-lock': [{ run: ['powershell.exe', ...powershellArgs(`Get-ItemProperty -LiteralPath 'Registry::HKEY_USERS\\${sid}\\Control Panel\\Desktop'`)], stdout: '{}' }],
    });
    const out = redactRecording(rec, new Map([['taro', 'user'], ['C:\\Users\\taro', 'home']]));
    const text = JSON.stringify(out);
    expect(text).not.toContain('taro');
    expect(text).not.toContain('3623811015');
    const answer = out.sections['console-user']![0] as { stdout: string };
    expect(answer.stdout).toBe('{"userName":"PC\\\\user1","sid":"S-1-5-21-1000000000-1000000000-1000000000-1001","profile":"C:\\\\Users\\\\user-home-1"}');
    const run = (out.sections['screen-lock']![0] as { run: string[] }).run;
    expect(scriptOf(run[0]!, run.slice(1))).toBe(String.raw`Get-ItemProperty -LiteralPath 'Registry::HKEY_USERS\S-1-5-21-1000000000-1000000000-1000000000-1001\Control Panel\Desktop'`);
  });
});
