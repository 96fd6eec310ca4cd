import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveStaticFile } from './static-files';

describe('resolveStaticFile', () => {
  const root = mkdtempSync(join(tmpdir(), 'et-static-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  writeFileSync(join(root, 'assets', 'app.js'), '');
  writeFileSync(join(tmpdir(), 'et-secret.txt'), 'secret');

  it('serves index.html for the root path', () => {
    expect(resolveStaticFile(root, '/')?.contentType).toBe('text/html; charset=utf-8');
  });

  it('serves assets with their content type', () => {
    expect(resolveStaticFile(root, '/assets/app.js?v=1')).toEqual({
      file: join(root, 'assets', 'app.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
  });

  it('refuses paths that climb out of the root, encoded or not', () => {
    expect(resolveStaticFile(root, '/../et-secret.txt')).toBeNull();
    expect(resolveStaticFile(root, '/%2e%2e/et-secret.txt')).toBeNull();
    expect(resolveStaticFile(root, '/assets/..%2f..%2fet-secret.txt')).toBeNull();
  });

  it('refuses missing files, folders, NUL bytes and bad escapes', () => {
    expect(resolveStaticFile(root, '/nope.js')).toBeNull();
    expect(resolveStaticFile(root, '/assets')).toBeNull();
    expect(resolveStaticFile(root, '/index.html%00.js')).toBeNull();
    expect(resolveStaticFile(root, '/%E0%A4%A')).toBeNull();
  });
});
