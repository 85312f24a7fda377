/**
 * Finds English sentences in Japanese text: runs of three or more English words in a row. What is allowed
 * to stay in the Roman alphabet is not a sentence — the operating system's own words quoted 「…」, code spans,
 * command lines people type (they start with the command), product names, paths and identifiers (a token
 * with a dot, a dash, a slash, a colon or a digit is not a word, so it breaks a run).
 */

/** Product names of more than two words, written as their vendors write them (and OCSF's event class names). */
const PRODUCT_NAMES = [
  'Microsoft Defender for Endpoint',
  'Microsoft Defender Antivirus',
  'ESET Endpoint Antivirus for Linux',
  'Sophos Protection for Linux',
  'Cisco Secure Endpoint',
  'GNOME Remote Desktop',
  'IoT Enterprise LTSC',
  'Device Inventory Info',
  'Compliance Finding',
];

/** A run that starts with one of these is a command line to type, not a sentence. */
const COMMANDS = new Set(['sudo', 'apt', 'dnf', 'systemctl', 'nmcli', 'ufw', 'tenken', 'freshclam', 'gsettings', 'kwriteconfig', 'defaults', 'fdesetup', 'powercfg', 'diskutil', 'nft', 'npm']);

export function englishRuns(japanese: string): string[] {
  let text = japanese.replace(/「[^」\n]*」/g, ' ').replace(/`[^`\n]*`/g, ' ');
  for (const name of PRODUCT_NAMES) text = text.replaceAll(name, ' ');
  const runs: string[] = [];
  for (const m of text.matchAll(/(?<![\w.\-/\\:])[A-Za-z]+(?: [A-Za-z]+){2,}(?![\w.\-/\\:])/g)) {
    if (!COMMANDS.has(m[0].split(' ')[0]!)) runs.push(m[0]);
  }
  return runs;
}
