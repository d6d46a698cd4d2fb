import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { changedPaths, fieldErrors } from './form-errors';

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

  it('names nested fields by their whole path, and a bad item of a plain list by the list', () => {
    const schema = z.strictObject({
      title: z.strictObject({ en: z.string().min(1, 'Enter the English text') }),
      options: z.array(
        z.strictObject({ values: z.array(z.strictObject({ code: z.string().min(1, 'Code') })) }),
      ),
      tags: z.array(z.string().max(3, 'Short tags')),
    });
    expect(
      fieldErrors(schema, {
        title: { en: '' },
        options: [{ values: [{ code: 'a' }, { code: '' }] }],
        tags: ['long'],
      }),
    ).toEqual([
      { name: ['title', 'en'], errors: ['Enter the English text'] },
      { name: ['options', 0, 'values', 1, 'code'], errors: ['Code'] },
      { name: ['tags'], errors: ['Short tags'] },
    ]);
  });

  it('finds the edited fields in a form change, list items included', () => {
    expect(changedPaths({ title: { en: 'Tee' } })).toEqual([['title', 'en']]);
    // biome-ignore lint/suspicious/noSparseArray: form lists send holes for unchanged items
    expect(changedPaths({ options: [, { values: [, , { code: 'L' }] }] })).toEqual([
      ['options', 1, 'values', 2, 'code'],
    ]);
    expect(changedPaths({ roleIds: ['a', 'b'], brandId: null })).toEqual([['roleIds'], ['brandId']]);
  });
});
