/**
 * The probe registry: one import per probe folder (test/registry.test.ts fails when a folder is missing here).
 */
import type { Probe } from '../src/probe.ts';
import antivirus from './antivirus/antivirus.ts';
import backup from './backup/backup.ts';
import browsers from './browsers/browsers.ts';
import clockSync from './clock-sync/clock-sync.ts';
import diskEncryption from './disk-encryption/disk-encryption.ts';
import firewall from './firewall/firewall.ts';
import officeMacros from './office-macros/office-macros.ts';
import osUpdates from './os-updates/os-updates.ts';
import p2pSoftware from './p2p-software/p2p-software.ts';
import remoteAccess from './remote-access/remote-access.ts';
import screenLock from './screen-lock/screen-lock.ts';
import sharing from './sharing/sharing.ts';
import signIn from './sign-in/sign-in.ts';
import wifi from './wifi/wifi.ts';

export const probes: readonly Probe[] = [antivirus, backup, browsers, clockSync, diskEncryption, firewall, officeMacros, osUpdates, p2pSoftware, remoteAccess, screenLock, sharing, signIn, wifi];
