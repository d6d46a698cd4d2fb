// The orders list's filters live in the URL (so back/forward and saved filters are just query
// strings): `q` (an order number — ours or a marketplace's — a customer's email or a SKU code),
// `status` (comma list), `from`/`to` (days, inclusive, in the user's time zone), `channel` (the
// storefront or a platform), `shop` (one marketplace shop's id) and `sort`.
import { type Platform, platforms } from '@crossdock/domain/channels';
import { type OrderStatus, orderStatuses } from '@crossdock/domain/order-states';

export const orderChannels = ['storefront', ...platforms] as const;
export type OrderChannel = 'storefront' | Platform;

export const orderSorts = ['newest', 'oldest', 'total_desc', 'total_asc'] as const;
export type OrderSort = (typeof orderSorts)[number];

export interface OrderFilters {
  q: string;
  status: OrderStatus[];
  from: string | null;
  to: string | null;
  channel: OrderChannel | null;
  shop: string | null;
  sort: OrderSort;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const day = /^\d{4}-\d{2}-\d{2}$/;

export function readFilters(params: URLSearchParams): OrderFilters {
  const statuses = (params.get('status') ?? '').split(',');
  const sort = params.get('sort') as OrderSort | null;
  const from = params.get('from');
  const to = params.get('to');
  const channel = params.get('channel') as OrderChannel | null;
  const shop = params.get('shop');
  return {
    q: params.get('q')?.trim() ?? '',
    status: orderStatuses.filter((s) => statuses.includes(s)),
    from: from && day.test(from) ? from : null,
    to: to && day.test(to) ? to : null,
    channel: channel && orderChannels.includes(channel) ? channel : null,
    shop: shop && uuid.test(shop) ? shop : null,
    sort: sort && orderSorts.includes(sort) ? sort : 'newest',
  };
}

/** The query string for these filters, leaving out what is the default. */
export function writeFilters(filters: OrderFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.status.length) params.set('status', filters.status.join(','));
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  if (filters.channel) params.set('channel', filters.channel);
  if (filters.shop) params.set('shop', filters.shop);
  if (filters.sort !== 'newest') params.set('sort', filters.sort);
  return params;
}

/**
 * What the search box holds: an email, an order number (SO-…, digits, a Shopify #1001 or an
 * Amazon 113-…), else a SKU code.
 */
export function searchField(q: string): 'customer' | 'number' | 'sku' {
  if (q.includes('@')) return 'customer';
  if (/^(#|so-)?[\d-]+$/i.test(q)) return 'number';
  return 'sku';
}

/** The API's list input for these filters (days become the start and end of the local day). */
export function listInput(filters: OrderFilters) {
  return {
    sort: filters.sort,
    ...(filters.status.length ? { status: filters.status } : {}),
    ...(filters.q ? { [searchField(filters.q)]: filters.q } : {}),
    ...(filters.from ? { from: new Date(`${filters.from}T00:00:00`) } : {}),
    ...(filters.to ? { to: new Date(`${filters.to}T23:59:59.999`) } : {}),
    ...(filters.channel ? { channel: filters.channel } : {}),
    ...(filters.shop ? { shopId: filters.shop } : {}),
  };
}

// ---- saved filters --------------------------------------------------------------------------

export interface SavedFilter {
  name: string;
  query: string;
}

/** Saved filters of one user on one server, in the given storage (localStorage in the app). */
export function savedFilters(storage: Pick<Storage, 'getItem' | 'setItem'>, key: string) {
  const read = (): SavedFilter[] => {
    try {
      const value = JSON.parse(storage.getItem(key) ?? '[]') as unknown;
      return Array.isArray(value)
        ? value.filter((f): f is SavedFilter => typeof f?.name === 'string' && typeof f?.query === 'string')
        : [];
    } catch {
      return [];
    }
  };
  return {
    list: read,
    /** Saves under `name`, replacing a filter of the same name; names are trimmed. */
    save(name: string, query: string): SavedFilter[] {
      const trimmed = name.trim().slice(0, 60);
      if (!trimmed) return read();
      const next = [...read().filter((f) => f.name !== trimmed), { name: trimmed, query }].sort((a, b) =>
        a.name.localeCompare(b.name),
      );
      storage.setItem(key, JSON.stringify(next));
      return next;
    },
    remove(name: string): SavedFilter[] {
      const next = read().filter((f) => f.name !== name);
      storage.setItem(key, JSON.stringify(next));
      return next;
    },
  };
}
