/**
 * The V8 flags an agent run of tenken starts Node with, wherever it is started from: the executable's shebang
 * (src/main.ts: npx and npm installs; a test keeps the two the same) and every scheduled scan (systemd, cron,
 * launchd, Task Scheduler: src/schedule/), which start the shipped runtime with the bundle directly and so never
 * read the shebang. A 2 MB semi-space keeps the young generation small: a scan allocates much that dies at once
 * and little that lives, and V8's default young generation (sized for a large heap on a 64-bit machine) cost
 * 6 MB more peak RSS for the same CPU (live scan 87 → 81 MB; Debian 12, Node 24.21).
 *
 * The collector's service (packaging/linux/tenken-collector.service) runs without them: its verify workers
 * allocate about 1 MB per report, and with a 2 MB semi-space they spend 10–20 % more CPU collecting it.
 */
export const AGENT_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];
