/**
 * The probe registry: one import per probe folder (test/registry.test.ts fails when a folder is missing here).
 */
import type { Probe } from '../src/probe.ts';
import antivirus from './antivirus/antivirus.ts';
import clockSync from './clock-sync/clock-sync.ts';
import diskEncryption from './disk-encryption/disk-encryption.ts';
import firewall from './firewall/firewall.ts';
import officeMacros from './office-macros/office-macros.ts';
import osUpdates from './os-updates/os-updates.ts';
import screenLock from './screen-lock/screen-lock.ts';
import signIn from './sign-in/sign-in.ts';
import wifi from './wifi/wifi.ts';

export const probes: readonly Probe[] = [antivirus, clockSync, diskEncryption, firewall, officeMacros, osUpdates, screenLock, signIn, wifi];
