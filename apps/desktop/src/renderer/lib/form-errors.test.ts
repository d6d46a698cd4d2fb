import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrors } from './form-errors';

describe('form errors from a zod contract', () => {
  it('puts each message on its field, and none when the value passes', () => {
    const schema = z.strictObject({
      name: z.string().min(2, 'Too short'),
      permissions: z.array(z.string()).min(1, 'Pick one'),
    });
    expect(fieldErrors(schema, { name: 'x', permissions: [] })).toEqual([
      { name: ['name'], errors: ['Too short'] },
      { name: ['permissions'], errors: ['Pick one'] },
    ]);
    expect(fieldErrors(schema, { name: 'Packers', permissions: ['orders:read'] })).toEqual([]);
  });
});
