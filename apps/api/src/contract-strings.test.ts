// The contracts' strings all refuse control characters: no bare `z.string()` in packages/domain
// (outside the helper itself), so a new contract cannot forget it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('safeString and safeDate are the only string and date schemas in the contracts', () => {
  const dir = join(import.meta.dirname, '../../../packages/domain/src');
  const offenders = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'text.ts')
    .filter((f) => /\bz\s*\.(string|date)\(/.test(readFileSync(join(dir, f), 'utf8')));
  expect(offenders).toEqual([]);
});
