import type { Permission } from '@crossdock/domain/permissions';

/**
 * Where the top bar's search goes: an order number to orders, an email to customers, anything
 * else to products (by title or SKU) — each only if the user may read it.
 */
export function searchTarget(raw: string, permissions: ReadonlySet<Permission>): string | null {
  const value = raw.trim();
  if (!value) return null;
  const q = encodeURIComponent(value);
  if (/^so-/i.test(value) && permissions.has('orders:read')) return `/orders?q=${q}`;
  if (value.includes('@') && permissions.has('customers:read')) return `/customers?search=${q}`;
  if (permissions.has('catalog:read')) return `/products?search=${q}`;
  return permissions.has('orders:read') ? `/orders?q=${q}` : null;
}
