/** Which HKEY_USERS hives the Windows scripts read as a person's (src/windows-registry.ts). */
import { describe, expect, it } from 'vitest';
import { BROWSERS_WINDOWS_SCRIPT } from '../probes/browsers/win32.ts';
import { P2P_WINDOWS_SCRIPT } from '../probes/p2p-software/win32.ts';
import { LOADED_USER_SIDS, USER_HIVE_SID } from '../src/windows-registry.ts';

describe('loaded user hives', () => {
  it('takes local, domain and Entra ID accounts, not service or _Classes hives', () => {
    const names = ['.DEFAULT', 'S-1-5-18', 'S-1-5-19', 'S-1-5-20', 'S-1-5-21-1111111111-2222222222-3333333333-1001', 'S-1-5-21-1111111111-2222222222-3333333333-1001_Classes', 'S-1-12-1-797902961-1250002609-2090226073-616445738', 'S-1-12-1-797902961-1250002609-2090226073-616445738_Classes'];
    expect(names.filter((n) => USER_HIVE_SID.test(n))).toEqual(['S-1-5-21-1111111111-2222222222-3333333333-1001', 'S-1-12-1-797902961-1250002609-2090226073-616445738']);
  });

  it('lists hive names without opening the hives, which a standard user may not (S-1-5-19, another user)', () => {
    expect(LOADED_USER_SIDS).toContain('[Microsoft.Win32.Registry]::Users.GetSubKeyNames()');
    expect(LOADED_USER_SIDS).toContain(`'${USER_HIVE_SID.source}'`);
    for (const script of [BROWSERS_WINDOWS_SCRIPT, P2P_WINDOWS_SCRIPT]) {
      expect(script).toContain(`$sids = ${LOADED_USER_SIDS}`);
      expect(script).not.toMatch(/Get-ChildItem -LiteralPath 'Registry::HKEY_USERS'/);
    }
  });
});
