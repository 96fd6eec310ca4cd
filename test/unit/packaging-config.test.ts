import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>;

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s own configuration schema', () => {
    const schema = JSON.parse(readFileSync(join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('builds AppImage and deb for Linux, NSIS for Windows and dmg for macOS', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('keeps the native modules unpacked so their .node files load', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['node_modules/onnxruntime-node/**', 'node_modules/better-sqlite3-multiple-ciphers/**']),
    );
  });

  it('flips the Electron fuses: no running as Node, no NODE_OPTIONS or --inspect, encrypted cookies, code only from a checked asar', () => {
    const expected = {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    };
    expect(config.electronFuses).toEqual(expected);
    // Each is a fuse this electron-builder knows (its schema) and passes to @electron/fuses (its packager).
    const schema = JSON.parse(readFileSync(join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8'));
    const packager = readFileSync(join(root, 'node_modules', 'app-builder-lib', 'out', 'platformPackager.js'), 'utf8');
    for (const fuse of Object.keys(expected)) {
      expect(schema.definitions.FuseOptionsV1.properties, fuse).toHaveProperty(fuse);
      expect(packager, fuse).toContain(`fuses.${fuse} != null`);
    }
    expect(config.asar).toBe(true); // onlyLoadAppFromAsar needs the archive
  });

  it('ships the bundles package.json points at, and the resources (models, graphs) beside the archive', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('dist/main/electron-main.cjs');
    expect(config.files).toContain('dist/**');
    expect(config.extraResources[0]).toMatchObject({ from: 'resources', to: 'resources' });
    for (const external of ['onnxruntime-node', 'better-sqlite3-multiple-ciphers']) expect(pkg.dependencies[external]).toBeTruthy();
  });

  it('finds the app icons where electron-builder looks (buildResources): a PNG of at least 512 px and a Windows ICO', () => {
    const dir = join(root, config.directories.buildResources);
    const png = readFileSync(join(dir, 'icon.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    expect(width).toBe(height);
    expect(width).toBeGreaterThanOrEqual(512); // macOS needs 512 px to build icns from a PNG
    const ico = readFileSync(join(dir, 'icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1); // type 1 = icon
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + 16 * i] || 256); // 0 means 256
    expect(sizes).toContain(256);
  });
});
