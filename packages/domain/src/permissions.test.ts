import { describe, expect, it } from 'vitest';
import { allPermissions, isPermission, OWNER_ROLE, permissionModules, presetRoles } from './permissions';

describe('permissions', () => {
  it('covers every module of the product with module:action strings', () => {
    expect(permissionModules).toEqual([
      'catalog',
      'orders',
      'customers',
      'promotions',
      'inventory',
      'purchasing',
      'logistics',
      'channels',
      'finance',
      'analytics',
      'reports',
      'staff',
      'settings',
      'system',
    ]);
    for (const p of allPermissions) expect(p).toMatch(/^[a-z]+:[a-z]+$/);
    expect(new Set(allPermissions).size).toBe(allPermissions.length);
    expect(isPermission('orders:refund')).toBe(true);
    expect(isPermission('orders:fly')).toBe(false);
  });

  it('has the seven preset roles, each granting only known permissions', () => {
    expect(presetRoles.map((r) => r.name)).toEqual([
      'Owner',
      'Administrator',
      'Operations',
      'Warehouse',
      'Finance',
      'Customer service',
      'Read-only analyst',
    ]);
    for (const role of presetRoles) {
      expect(role.permissions.length).toBeGreaterThan(0);
      for (const p of role.permissions) expect(isPermission(p), `${role.name}: ${p}`).toBe(true);
      expect(new Set(role.permissions).size, role.name).toBe(role.permissions.length);
    }
  });

  it('gives the Owner everything and the analyst nothing that writes', () => {
    expect(presetRoles.find((r) => r.name === OWNER_ROLE)!.permissions).toEqual(allPermissions);
    const analyst = presetRoles.find((r) => r.name === 'Read-only analyst')!;
    for (const p of analyst.permissions) expect(p).toMatch(/:read$/);
    expect(analyst.permissions).not.toContain('staff:read');
  });
});
