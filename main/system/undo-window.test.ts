import { describe, expect, it, vi } from 'vitest';
import { UndoWindow } from './undo-window';

describe('the undo window of deletions', () => {
  it('purges once its time passes, and the undo is refused from then on', async () => {
    const purged: string[] = [];
    const window = new UndoWindow(50, () => {});
    expect(window.open('a', () => purged.push('a'))).toEqual({ undoWindowMs: 50 });
    expect(window.isOpen('a')).toBe(true);
    await vi.waitFor(() => expect(purged).toEqual(['a']), { timeout: 2_000, interval: 10 });
    expect(window.isOpen('a')).toBe(false);
    expect(window.take('a')).toBe(false);
  });

  it('never purges what was taken back, and purges everything left when the app closes', () => {
    const purged: string[] = [];
    const window = new UndoWindow(60_000, () => {});
    window.open('kept', () => purged.push('kept'));
    window.open('gone', () => purged.push('gone'));
    expect(window.take('kept')).toBe(true);
    window.purgeAll();
    expect(purged).toEqual(['gone']);
  });

  it('logs a purge that fails instead of throwing from a timer (the tombstone finishes it at the next start)', () => {
    const lines: string[] = [];
    const window = new UndoWindow(60_000, (line) => lines.push(line));
    window.open('x', () => {
      throw new Error('disk gone');
    });
    window.purgeAll();
    expect(lines).toEqual(['undo window: purging x failed, it is purged at the next start: disk gone']);
    expect(window.isOpen('x')).toBe(false);
  });
});
