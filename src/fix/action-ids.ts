/**
 * The ids of the fixes `tenken fix --yes` accepts, in the order fix/actions.ts offers them. Apart from the
 * actions themselves so that `tenken fix --help` can list them without loading the fix and probe code
 * (test/fix.test.ts checks that both lists agree).
 */
export const ACTION_IDS = [
  'clamav-update',
  'clamav-scan',
  'defender-update',
  'defender-full-scan',
  'windows-update-open',
  'macos-software-update-open',
  'macos-xprotect-update',
  'gnome-software-updates',
  'apt-upgrade',
  'dnf-upgrade',
  'ufw-enable',
  'firewalld-enable',
  'windows-firewall-enable',
  'macos-firewall-enable',
] as const;
export type ActionId = (typeof ACTION_IDS)[number];
