/**
 * The parse option for a schema a process uses about once (a scan's evidence, its report, a bundled list):
 * zod compiles an object schema's fast path with `new Function` on its first parse, which pays back over many
 * parses (the collector's) but costs a one-shot CLI more than it saves: ~40 ms of CPU per scan (issue 16).
 * The same validation either way; only how zod runs it differs.
 */
export const PARSE_ONCE = { jitless: true } as const;
