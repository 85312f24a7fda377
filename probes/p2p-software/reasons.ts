/** Why a fact of the p2p-software probe is unknown, in Japanese and English (src/i18n/reasons.ts has the shared ones). */
import { template as t } from '../../src/i18n/message.ts';

export const P2P_SOFTWARE_REASONS = {
  'p2p-software.no-package-database': t(
    (_) => 'パッケージの一覧を読み取るコマンド（dpkg-query、rpm）がありません',
    (_) => 'no command to read the installed packages (dpkg-query, rpm)',
  ),
};
