/**
 * The Japanese descriptions of every probe's evidence fields, by probe id: read by `tenken probes` alone, which
 * imports this module when it lists in Japanese; a scan never loads it (test/start-up.test.ts). One static map
 * rather than an import built from the id, so that the bundler sees every catalogue.
 */
import { EVIDENCE_JA as antivirus } from './antivirus/evidence-ja.ts';
import { EVIDENCE_JA as backup } from './backup/evidence-ja.ts';
import { EVIDENCE_JA as browsers } from './browsers/evidence-ja.ts';
import { EVIDENCE_JA as clockSync } from './clock-sync/evidence-ja.ts';
import { EVIDENCE_JA as diskEncryption } from './disk-encryption/evidence-ja.ts';
import { EVIDENCE_JA as firewall } from './firewall/evidence-ja.ts';
import { EVIDENCE_JA as officeMacros } from './office-macros/evidence-ja.ts';
import { EVIDENCE_JA as osUpdates } from './os-updates/evidence-ja.ts';
import { EVIDENCE_JA as p2pSoftware } from './p2p-software/evidence-ja.ts';
import { EVIDENCE_JA as remoteAccess } from './remote-access/evidence-ja.ts';
import { EVIDENCE_JA as screenLock } from './screen-lock/evidence-ja.ts';
import { EVIDENCE_JA as sharing } from './sharing/evidence-ja.ts';
import { EVIDENCE_JA as signIn } from './sign-in/evidence-ja.ts';
import { EVIDENCE_JA as wifi } from './wifi/evidence-ja.ts';

export const EVIDENCE_JA: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  antivirus,
  backup,
  browsers,
  'clock-sync': clockSync,
  'disk-encryption': diskEncryption,
  firewall,
  'office-macros': officeMacros,
  'os-updates': osUpdates,
  'p2p-software': p2pSoftware,
  'remote-access': remoteAccess,
  'screen-lock': screenLock,
  sharing,
  'sign-in': signIn,
  wifi,
};
