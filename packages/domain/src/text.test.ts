import { describe, expect, it } from 'vitest';
import { safeString } from './text';

describe('safeString', () => {
  it('refuses NUL and other control characters, keeps tabs, line breaks and every script', () => {
    const s = safeString();
    for (const bad of [
      'a\u0000b',
      '\u0007',
      'x\u001b[31m',
      'del\u007f',
      'c1\u0085',
      'lone \uD800 half',
      '\uDC00',
    ]) {
      expect(s.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    for (const good of ['Line one\nLine two\r\n\tindented', '龙井茶', 'مرحبا', 'Crème brûlée', '🙂']) {
      expect(s.safeParse(good).success, good).toBe(true);
    }
  });

  it('chains like z.string()', () => {
    expect(safeString().trim().min(1).max(3).safeParse('  ab ').data).toBe('ab');
  });
});
