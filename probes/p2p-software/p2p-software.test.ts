import { describe, expect, it } from 'vitest';
import { bundleIdOf } from './darwin.ts';
import { KNOWN_P2P, KnownP2p, linuxPackageNames, matchBundleId, matchDisplayName, matchFlatpak, matchLinuxPackage, matchLinuxProcess, matchWindowsProcess } from './known.ts';
import { parseDpkgInstalled, parseRpmInstalled } from './linux.ts';
import { summarize } from './summary.ts';

describe('the list', () => {
  it('names Winny and Share, says where its names come from, and has no name twice', () => {
    expect(KNOWN_P2P.software.map((s) => s.name)).toEqual(expect.arrayContaining(['Winny', 'Share', 'µTorrent', 'BitTorrent', 'qBittorrent', 'Transmission']));
    expect(Object.keys(KNOWN_P2P.sources)).toEqual(expect.arrayContaining(['debian', 'macos', 'windows']));
    const names = KNOWN_P2P.software.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('refuses an entry without a name', () => {
    expect(KnownP2p.safeParse({ ...KNOWN_P2P, software: [{ name: '' }] }).success).toBe(false);
  });
});

describe('matching', () => {
  it('matches an uninstall DisplayName by its leading words, not by a longer word that starts the same', () => {
    expect(matchDisplayName('qBittorrent 5.0.2')).toBe('qBittorrent');
    expect(matchDisplayName('µTorrent')).toBe('µTorrent');
    expect(matchDisplayName('BitComet 2.10 64-bit')).toBe('BitComet');
    expect(matchDisplayName('Transmission 4.0.6 (x64)')).toBe('Transmission');
    expect(matchDisplayName('Sharepoint Designer 2013')).toBeUndefined();
    expect(matchDisplayName('Transmissions Manager')).toBeUndefined();
    expect(matchDisplayName('Delugeon')).toBeUndefined();
  });

  it('matches Windows process names and macOS bundle ids case-insensitively, Linux names exactly', () => {
    expect(matchWindowsProcess('utorrent')).toBe('µTorrent');
    expect(matchWindowsProcess('Winny')).toBe('Winny');
    expect(matchWindowsProcess('chrome')).toBeUndefined();
    expect(matchBundleId('org.m0k.transmission')).toBe('Transmission');
    expect(matchBundleId('ORG.QBITTORRENT.QBITTORRENT')).toBe('qBittorrent');
    expect(matchBundleId('com.google.Chrome')).toBeUndefined();
    expect(matchLinuxPackage('qbittorrent-nox')).toBe('qBittorrent');
    expect(matchLinuxPackage('QBITTORRENT')).toBeUndefined();
    expect(matchFlatpak('com.transmissionbt.Transmission')).toBe('Transmission');
  });

  it('compares a Linux process name with the first 15 characters the kernel keeps', () => {
    expect(matchLinuxProcess('transmission-gt')).toBe('Transmission');
    expect(matchLinuxProcess('transmission-da')).toBe('Transmission');
    expect(matchLinuxProcess('transmission-gtk')).toBeUndefined();
    expect(matchLinuxProcess('rtorrent')).toBe('rTorrent');
  });

  it('asks the package database about each listed Linux package once', () => {
    const names = linuxPackageNames();
    expect(names).toContain('transmission-gtk');
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('package databases', () => {
  it('counts only installed dpkg packages (ii), not removed ones whose configuration is kept (rc)', () => {
    expect(parseDpkgInstalled('ii qbittorrent-nox\nrc transmission-gtk\niU deluge\n')).toEqual(['qbittorrent-nox']);
  });

  it('takes rpm lines that are a name asked about, not its "not installed" sentences', () => {
    expect(parseRpmInstalled('package deluge is not installed\nqbittorrent\n', ['deluge', 'qbittorrent'])).toEqual(['qbittorrent']);
  });
});

describe('macOS bundle ids', () => {
  it('reads an XML Info.plist, and finds a listed id among a binary one\'s bytes', () => {
    expect(bundleIdOf('<?xml version="1.0"?><plist version="1.0"><dict><key>CFBundleIdentifier</key><string>org.m0k.transmission</string></dict></plist>')).toBe('org.m0k.transmission');
    expect(bundleIdOf('bplist00\u00df_\u0010\u0014org.m0k.transmission')).toBe('org.m0k.transmission');
    expect(bundleIdOf('bplist00\u00df_\u0010\u0010com.apple.Safari')).toBeUndefined();
    expect(bundleIdOf('not a plist')).toBeUndefined();
  });
});

describe('summary', () => {
  it('keeps what was found even when a place was not read, and is unknown only when nothing was found', () => {
    const reason = { code: 'file.unreadable' as const, params: { path: '/home/x' } };
    const found = summarize([{ software: 'Winny', seenIn: 'process', as: 'Winny' }, { software: 'Winny', seenIn: 'process', as: 'Winny' }], [reason]);
    expect(found.software).toEqual(['Winny']);
    expect(found.findings).toHaveLength(1);
    expect(summarize([], [reason])).toEqual({ findings: null, software: null, unknown: { findings: reason, software: reason } });
    expect(summarize([], [])).toEqual({ findings: [], software: [], unknown: {} });
  });
});
