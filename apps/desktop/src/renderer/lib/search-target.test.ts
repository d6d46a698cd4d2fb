import type { Permission } from '@crossdock/domain/permissions';
import { describe, expect, it } from 'vitest';
import { searchTarget } from './search-target';

const all = new Set<Permission>(['orders:read', 'customers:read', 'catalog:read']);

describe('global search', () => {
  it('sends order numbers to orders, emails to customers, the rest to products', () => {
    expect(searchTarget(' SO-2026-000001 ', all)).toBe('/orders?q=SO-2026-000001');
    expect(searchTarget('ben@example.com', all)).toBe('/customers?search=ben%40example.com');
    expect(searchTarget('longjing tea', all)).toBe('/products?search=longjing%20tea');
    expect(searchTarget('   ', all)).toBeNull();
  });

  it('only where the user may look', () => {
    expect(searchTarget('ben@example.com', new Set<Permission>(['orders:read']))).toBe(
      '/orders?q=ben%40example.com',
    );
    expect(searchTarget('SO-1', new Set<Permission>(['catalog:read']))).toBe('/products?search=SO-1');
    expect(searchTarget('anything', new Set<Permission>())).toBeNull();
  });
});
