/** The p2p-software evidence from its sightings and the places that could not be read. */
import type { z } from 'zod';
import type { Reason } from '../../src/probe.ts';
import type { P2pFinding, P2pSoftwareEvidence } from './p2p-software.ts';

/**
 * A sighting is a fact even when another place could not be read, so findings stand; only "nothing found"
 * needs every place read, else it is unknown with the first unread place's reason.
 */
export function summarize(findings: readonly P2pFinding[], unread: readonly Reason[]): z.input<typeof P2pSoftwareEvidence> {
  const unique = [...new Map(findings.map((f) => [`${f.software}\u0000${f.seenIn}\u0000${f.as}`, f])).values()];
  if (unique.length === 0 && unread.length > 0) return { findings: null, software: null, unknown: { findings: unread[0]!, software: unread[0]! } };
  return { findings: unique, software: [...new Set(unique.map((f) => f.software))], unknown: {} };
}
