import { describe, expect, it } from 'vitest';
import { createRoleInput, emailSchema, loginInput, registerInput } from './identity';

describe('identity contracts', () => {
  it('normalises emails: trimmed and lower-cased', () => {
    expect(emailSchema.parse('  Alice@Example.COM ')).toBe('alice@example.com');
    expect(emailSchema.safeParse('not an email').success).toBe(false);
    expect(emailSchema.safeParse(`${'a'.repeat(250)}@x.io`).success).toBe(false);
  });

  it('enforces password length 10–128 and refuses unknown fields', () => {
    const base = { email: 'a@example.com', name: 'A' };
    expect(registerInput.safeParse({ ...base, password: 'x'.repeat(9) }).success).toBe(false);
    expect(registerInput.safeParse({ ...base, password: 'x'.repeat(10) }).success).toBe(true);
    expect(registerInput.safeParse({ ...base, password: 'x'.repeat(128) }).success).toBe(true);
    expect(registerInput.safeParse({ ...base, password: 'x'.repeat(129) }).success).toBe(false);
    expect(registerInput.safeParse({ ...base, password: 'x'.repeat(12), kind: 'staff' }).success).toBe(false);
  });

  it('defaults: storefront registration uses the cookie, sign-in the body', () => {
    const reg = registerInput.parse({ email: 'a@example.com', name: 'A', password: 'x'.repeat(12) });
    expect(reg).toMatchObject({ locale: 'en', transport: 'cookie' });
    expect(loginInput.parse({ email: 'a@example.com', password: 'p', kind: 'staff' }).transport).toBe('body');
  });

  it('dedupes and sorts role permissions, refusing unknown ones', () => {
    expect(
      createRoleInput.parse({
        name: ' Packers ',
        permissions: ['orders:read', 'catalog:read', 'orders:read'],
      }),
    ).toEqual({
      name: 'Packers',
      description: '',
      permissions: ['catalog:read', 'orders:read'],
    });
    expect(createRoleInput.safeParse({ name: 'X', permissions: ['orders:teleport'] }).success).toBe(false);
  });
});
