import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRecording, type Recording } from '../../src/host/recording.ts';
import { createReplayHost } from '../../src/host/replay-host.ts';
import { silentLogger } from '../../src/log.ts';
import { parsePowerShellJson } from '../../src/powershell.ts';
import { reasons } from '../../src/probe.ts';
import { runProbe } from '../../src/scan/run-probes.ts';
import { OFFICE_MACHINE_DEFAULTS } from './darwin.ts';
import probe, { type OfficeMacrosEvidence } from './office-macros.ts';
import { appsWhere, judgeLibreOffice, judgeMacState, judgeWindowsApp, officeBuild, windowsDefaultBlocks, xcuScriptingValue } from './office-macros.ts';
import { windowsFacts, windowsOfficeMacrosScript, WindowsOfficeAnswer } from './win32.ts';

const C2R = { clickToRun: true, volumeLicensed: false };
const none = { policyBlock: undefined, policyVbaWarnings: undefined, userVbaWarnings: undefined };

/** The script's answer as a fixture recorded it. */
async function recordedAnswer(fixture: string) {
  const rec = await loadRecording(join(import.meta.dirname, 'fixtures', fixture));
  const answer = rec.sections['office-macros']?.find((a) => 'run' in a && a.run[0] === 'powershell.exe');
  if (!answer || !('stdout' in answer)) throw new Error(`no PowerShell answer in ${fixture}`);
  const json = parsePowerShellJson(answer.stdout);
  if (!json.ok) throw new Error('unparsable');
  return WindowsOfficeAnswer.parse(json.value);
}

describe('the default block of macros from the internet (Windows)', () => {
  it('reads the build of 16.0.<build>.<revision>', () => {
    expect(officeBuild('16.0.18129.20158')).toBe(18129);
    expect(officeBuild('16.0.18129')).toBeNull();
    expect(officeBuild(null)).toBeNull();
  });

  it('is on from build 15601 on every install, off before 15028 on Click-to-Run retail, and not guessed in between', () => {
    expect(windowsDefaultBlocks('16.0.15601.20088', C2R)).toBe(true);
    expect(windowsDefaultBlocks('16.0.17932.20114', { clickToRun: true, volumeLicensed: true })).toBe(true);
    expect(windowsDefaultBlocks('16.0.15601.20088', { clickToRun: false, volumeLicensed: false })).toBe(true);
    expect(windowsDefaultBlocks('16.0.15027.20000', C2R)).toBe(false);
    expect(windowsDefaultBlocks('16.0.15330.20196', C2R)).toMatchObject({ code: 'office-macros.default-channel' });
    expect(windowsDefaultBlocks('16.0.15028.20050', C2R)).toMatchObject({ code: 'office-macros.default-channel' });
  });

  it('does not assume the default of volume-licensed or MSI Office older than 15601, nor of an unreadable version', () => {
    expect(windowsDefaultBlocks('16.0.14332.20771', { clickToRun: true, volumeLicensed: true })).toMatchObject({ code: 'office-macros.default-volume' });
    expect(windowsDefaultBlocks('16.0.5461.1000', { clickToRun: false, volumeLicensed: false })).toMatchObject({ code: 'office-macros.default-msi' });
    expect(windowsDefaultBlocks('', C2R)).toMatchObject({ code: 'office-macros.version-unknown' });
  });
});

describe('one Windows app', () => {
  it('blocks by the block policy even where a policy enables all macros', () => {
    const j = judgeWindowsApp({ policyBlock: 1, policyVbaWarnings: 1, userVbaWarnings: undefined }, false);
    expect(j).toMatchObject({ internetMacrosBlocked: true, internetRule: 'block-policy', macroSetting: 'enable-all', macroSettingSource: 'policy' });
  });

  it('runs internet macros when a policy enables all macros, even on a build that blocks them by default', () => {
    expect(judgeWindowsApp({ ...none, policyVbaWarnings: 1 }, true)).toMatchObject({ internetMacrosBlocked: false, internetRule: 'macro-policy', macroSetting: 'enable-all' });
  });

  it('blocks them when a policy disables unsigned or all macros without notification', () => {
    expect(judgeWindowsApp({ ...none, policyVbaWarnings: 3 }, false)).toMatchObject({ internetMacrosBlocked: true, internetRule: 'macro-policy', macroSetting: 'signed-only' });
    expect(judgeWindowsApp({ ...none, policyVbaWarnings: 4 }, false)).toMatchObject({ internetMacrosBlocked: true, macroSetting: 'disable-all' });
  });

  it('leaves it to the macro setting when the block policy is Disabled: notification is not a block', () => {
    expect(judgeWindowsApp({ ...none, policyBlock: 0 }, true)).toMatchObject({ internetMacrosBlocked: false, internetRule: 'block-policy-off', macroSetting: 'notify', macroSettingSource: 'default' });
    expect(judgeWindowsApp({ ...none, policyBlock: 0, userVbaWarnings: 4 }, true)).toMatchObject({ internetMacrosBlocked: true, internetRule: 'block-policy-off', macroSettingSource: 'user' });
  });

  it('follows the default where nothing is set, and the user setting where the default does not block', () => {
    expect(judgeWindowsApp(none, true)).toMatchObject({ internetMacrosBlocked: true, internetRule: 'default', macroSetting: 'notify', macroSettingSource: 'default' });
    expect(judgeWindowsApp(none, false)).toMatchObject({ internetMacrosBlocked: false, internetRule: 'macro-setting' });
    // The user's "Enable all macros" does not undo the default block (only a policy does, step 5 of Microsoft's flow).
    expect(judgeWindowsApp({ ...none, userVbaWarnings: 1 }, true)).toMatchObject({ internetMacrosBlocked: true, macroSetting: 'enable-all', macroSettingSource: 'user' });
  });

  it('is unknown where the default is not known, unless the macro setting blocks unsigned macros anyway', () => {
    const reason = windowsDefaultBlocks('16.0.14332.20771', { clickToRun: true, volumeLicensed: true });
    const j = judgeWindowsApp(none, reason);
    expect(j.internetMacrosBlocked).toBeNull();
    expect(j.unknown.internetMacrosBlocked).toMatchObject({ code: 'office-macros.default-volume' });
    expect(judgeWindowsApp({ ...none, userVbaWarnings: 3 }, reason)).toMatchObject({ internetMacrosBlocked: true, internetRule: 'macro-setting' });
  });

  it('takes a policy value over the user\'s, and says so when a value is not one of the four', () => {
    expect(judgeWindowsApp({ ...none, policyVbaWarnings: 2, userVbaWarnings: 1 }, true)).toMatchObject({ macroSetting: 'notify', macroSettingSource: 'policy' });
    expect(judgeWindowsApp({ ...none, userVbaWarnings: '1' }, true)).toMatchObject({ macroSetting: 'enable-all' });
    const odd = judgeWindowsApp({ ...none, userVbaWarnings: 7 }, false);
    expect(odd).toMatchObject({ macroSetting: null, macroSettingSource: null, internetMacrosBlocked: null });
    expect(odd.unknown.macroSetting).toMatchObject({ code: 'value.unexpected', detail: '7' });
    expect(judgeWindowsApp({ ...none, policyBlock: 2 }, true).unknown.internetMacrosBlocked).toMatchObject({ code: 'value.unexpected' });
  });
});

describe('Office for Mac', () => {
  it('only "disabled without warnings" keeps a mailed macro from running; unset is the default, with warnings', () => {
    expect(judgeMacState(undefined, 'user')).toMatchObject({ internetMacrosBlocked: false, macroSetting: 'notify', macroSettingSource: 'default' });
    expect(judgeMacState('DisabledWithoutWarnings', 'policy')).toMatchObject({ internetMacrosBlocked: true, macroSetting: 'disable-all', macroSettingSource: 'policy' });
    expect(judgeMacState('EnabledWithoutWarnings', 'user')).toMatchObject({ internetMacrosBlocked: false, macroSetting: 'enable-all' });
    expect(judgeMacState('Sometimes', 'user')).toMatchObject({ internetMacrosBlocked: null, macroSetting: null });
  });
});

describe('LibreOffice', () => {
  // The line a user's profile held after choosing Low (Sakura286/libreoffice-riscv64-performance-testing doc/memo.md).
  const low = '<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>0</value></prop></item>';

  it('reads a Scripting value from registrymodifications.xcu, the last line winning, and no other path\'s', () => {
    expect(xcuScriptingValue(low, 'MacroSecurityLevel')).toBe('0');
    expect(xcuScriptingValue(`${low}\n${low.replace('<value>0<', '<value>2<')}`, 'MacroSecurityLevel')).toBe('2');
    expect(xcuScriptingValue(low.replace('/Security/Scripting', '/Misc'), 'MacroSecurityLevel')).toBeUndefined();
    expect(xcuScriptingValue(low, 'DisableMacrosExecution')).toBeUndefined();
  });

  it('takes High, the default, where the user never changed it; only High and above keep mailed macros from running', () => {
    expect(judgeLibreOffice(undefined)).toMatchObject({ internetMacrosBlocked: true, macroSetting: 'signed-only', macroSettingSource: 'default' });
    expect(judgeLibreOffice('<oor:items></oor:items>')).toMatchObject({ macroSettingSource: 'default' });
    expect(judgeLibreOffice(low)).toMatchObject({ internetMacrosBlocked: false, macroSetting: 'enable-all', macroSettingSource: 'user' });
    expect(judgeLibreOffice(low.replace('<value>0<', '<value>1<'))).toMatchObject({ internetMacrosBlocked: false, macroSetting: 'notify' });
    expect(judgeLibreOffice(low.replace('<value>0<', '<value>3<'))).toMatchObject({ internetMacrosBlocked: true, macroSetting: 'disable-all' });
  });

  it('turns every macro off with DisableMacrosExecution, and says so when a level is not one of the four', () => {
    const off = low.replace('MacroSecurityLevel', 'DisableMacrosExecution').replace('<value>0<', '<value>true<');
    expect(judgeLibreOffice(`${low}\n${off}`)).toMatchObject({ internetMacrosBlocked: true, macroSetting: 'disable-all' });
    const odd = judgeLibreOffice(low.replace('<value>0<', '<value>9<'));
    expect(odd).toMatchObject({ internetMacrosBlocked: null, macroSetting: null });
    expect(odd.unknown.macroSetting).toMatchObject({ code: 'value.unexpected', detail: '9' });
  });
});

describe('lists of apps', () => {
  const why = { code: 'office-macros.app-unknown', params: { app: 'word' } } as const;
  it('is settled by an app known to be bad, unknown when the others are only unknown', () => {
    const apps = [
      { app: 'word' as const, bad: null },
      { app: 'excel' as const, bad: true },
    ];
    expect(appsWhere(apps, (a) => a.bad, () => why)).toEqual(['excel']);
    expect(appsWhere(apps.slice(0, 1), (a) => a.bad, () => why)).toEqual(why);
    expect(appsWhere([{ app: 'visio' as const, bad: false }], (a) => a.bad, () => why)).toEqual([]);
  });
});

describe('the Windows answer', () => {
  it('refuses anything but a SID in the script', () => {
    expect(() => windowsOfficeMacrosScript("S-1-5-21'; Remove-Item C:\\")).toThrow(/not a SID/);
    expect(windowsOfficeMacrosScript('S-1-5-21-1-2-3-1001')).toContain("$sid = 'S-1-5-21-1-2-3-1001'");
    // Without a console user the script still lists the installed apps, and reads no hive.
    expect(windowsOfficeMacrosScript(null)).toContain("$sid = ''");
  });

  it('reads Click-to-Run products and tells volume licences apart', async () => {
    const why = reasons();
    const facts = windowsFacts(await recordedAnswer('win32-10-ltsc2021-excel-enable-all.yaml'), why);
    expect(facts.clickToRun).toEqual({ version: '16.0.14332.20771', products: ['Standard2021Volume'] });
    expect(facts.officeApps).toEqual(['word', 'excel', 'powerpoint']);
    expect(why.map['apps.0.internetRule']).toMatchObject({ code: 'office-macros.default-volume' });
  });

  it('costs one app its facts when its keys cannot be read, and every list when its installation cannot be checked', async () => {
    const a = await recordedAnswer('win32-11-pro-ja.yaml');
    const why = reasons();
    const broken = { ...a, apps: a.apps.map((x) => (x.app === 'excel' && 'version' in x ? { ...x, policy: { error: 'Requested registry access is not allowed.' } } : x)) };
    const facts = windowsFacts(broken, why);
    expect(facts.apps.find((x) => x.app === 'excel')).toMatchObject({ internetMacrosBlocked: null, macroSetting: null });
    expect(facts.appsRunningInternetMacros).toBeNull();
    expect(why.map.appsRunningInternetMacros).toMatchObject({ code: 'registry.unreadable', detail: 'Requested registry access is not allowed.' });

    const why2 = reasons();
    const failed = { ...a, apps: [...a.apps.filter((x) => x.app !== 'visio'), { app: 'visio' as const, error: 'Access is denied' }] };
    const facts2 = windowsFacts(failed, why2);
    expect(facts2.officeApps).toBeNull();
    expect(facts2.appsRunningInternetMacros).toBeNull();
    expect(why2.map.officeApps).toMatchObject({ code: 'query.failed' });
  });

  it('reads nobody\'s settings from a hive that is not loaded', async () => {
    const why = reasons();
    const facts = windowsFacts({ ...(await recordedAnswer('win32-11-pro-ja.yaml')), hive: false }, why);
    expect(facts.apps.every((x) => x.internetMacrosBlocked === null)).toBe(true);
    expect(why.map.appsEnablingAllMacros).toMatchObject({ code: 'office-macros.hive-not-loaded' });
  });
});

describe('Office for Mac\'s machine-wide default', async () => {
  const base = await loadRecording(join(import.meta.dirname, 'fixtures', 'darwin-14-default-with-warnings.yaml'));
  /** The fixture with the answer of one `defaults read <domain>` replaced. */
  const answering = (domain: string, answer: { stdout?: string; stderr?: string; exitCode?: number }): Recording => ({
    ...base,
    sections: {
      ...base.sections,
      'office-macros': base.sections['office-macros']!.map((a) => ('run' in a && a.run[0] === 'defaults' && a.run[2] === domain ? { run: a.run, ...('asConsoleUser' in a ? { asConsoleUser: a.asConsoleUser } : {}), stdout: '', stderr: '', exitCode: 0, ...answer } : a)),
    },
  });
  const run = async (recording: Recording) => {
    const host = createReplayHost(recording, 'office-macros');
    const outcome = await runProbe(probe, host, silentLogger);
    return { evidence: outcome.status === 'ok' ? (outcome.evidence as OfficeMacrosEvidence) : undefined, unused: host.unused() };
  };

  it('applies a value an administrator wrote to /Library/Preferences when the user has none of their own', async () => {
    const { evidence, unused } = await run(answering(OFFICE_MACHINE_DEFAULTS, { stdout: 'EnabledWithoutWarnings\n' }));
    expect(unused).toEqual([]);
    expect(evidence?.apps[0]).toMatchObject({ macroSetting: 'enable-all', macroSettingSource: 'default', internetMacrosBlocked: false });
    expect(evidence?.appsEnablingAllMacros).toEqual(['word', 'excel']);
  });

  it('lets the user\'s own value win over it, without reading it', async () => {
    const own = answering('com.microsoft.office', { stdout: 'DisabledWithoutWarnings\n' });
    const { evidence, unused } = await run(own);
    expect(evidence?.apps[0]).toMatchObject({ macroSetting: 'disable-all', macroSettingSource: 'user' });
    expect(unused.join('\n')).toContain(OFFICE_MACHINE_DEFAULTS);
  });

  it('is unknown, not the built-in default, when the machine-wide file cannot be read', async () => {
    const { evidence } = await run(answering(OFFICE_MACHINE_DEFAULTS, { exitCode: 1, stderr: 'Could not open file\n' }));
    expect(evidence?.apps[0]).toMatchObject({ macroSetting: null, macroSettingSource: null });
  });
});
