import { describe, expect, it } from 'vitest';
import { listInput, readFilters, savedFilters, searchField, writeFilters } from './order-filters';

class MemoryStorage {
  items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

describe('order list filters in the URL', () => {
  it('read back what they wrote, dropping defaults and anything unknown', () => {
    const filters = readFilters(
      new URLSearchParams('q=ben@x.test&status=paid,bogus,shipped&from=2026-11-01&to=nope&sort=total_desc'),
    );
    expect(filters).toEqual({
      q: 'ben@x.test',
      status: ['paid', 'shipped'],
      from: '2026-11-01',
      to: null,
      channel: null,
      shop: null,
      sort: 'total_desc',
    });
    expect(writeFilters(filters).toString()).toBe(
      'q=ben%40x.test&status=paid%2Cshipped&from=2026-11-01&sort=total_desc',
    );
    expect(writeFilters(readFilters(new URLSearchParams(''))).toString()).toBe('');
  });

  it('send the search box as an email, an order number or a SKU code', () => {
    expect(searchField('ben@x.test')).toBe('customer');
    expect(searchField('SO-2026-000123')).toBe('number');
    expect(searchField('000123')).toBe('number');
    expect(searchField('#1001')).toBe('number');
    expect(searchField('113-1234567-1234567')).toBe('number');
    expect(searchField('TEE-RED-M')).toBe('sku');
    expect(listInput(readFilters(new URLSearchParams('q=CD0152-BLK')))).toEqual({
      sort: 'newest',
      sku: 'CD0152-BLK',
    });
  });

  it('filter by channel and shop, ignoring a channel or shop id that is not one', () => {
    const shop = '3f2c1b6a-9d2e-4f5a-8b7c-6d5e4f3a2b1c';
    const filters = readFilters(new URLSearchParams(`channel=shopify&shop=${shop}`));
    expect(listInput(filters)).toEqual({ sort: 'newest', channel: 'shopify', shopId: shop });
    expect(writeFilters(filters).toString()).toBe(`channel=shopify&shop=${shop}`);
    expect(readFilters(new URLSearchParams('channel=myspace&shop=1%20or%201'))).toMatchObject({
      channel: null,
      shop: null,
    });
  });

  it('turn days into the whole local day', () => {
    const input = listInput(readFilters(new URLSearchParams('from=2026-11-01&to=2026-11-02')));
    expect(input.from).toEqual(new Date(2026, 10, 1, 0, 0, 0, 0));
    expect(input.to).toEqual(new Date(2026, 10, 2, 23, 59, 59, 999));
  });
});

describe('saved order filters', () => {
  it('are kept by name, replaced by the same name, removed, and survive damaged storage', () => {
    const storage = new MemoryStorage();
    const saved = savedFilters(storage, 'k');
    expect(saved.list()).toEqual([]);
    saved.save(' To ship ', 'status=paid');
    saved.save('Refunds', 'status=refund_requested');
    expect(saved.save('To ship', 'status=paid,processing')).toEqual([
      { name: 'Refunds', query: 'status=refund_requested' },
      { name: 'To ship', query: 'status=paid,processing' },
    ]);
    expect(saved.remove('Refunds')).toEqual([{ name: 'To ship', query: 'status=paid,processing' }]);
    expect(saved.save('   ', 'x')).toHaveLength(1);
    storage.setItem('k', '{not json');
    expect(saved.list()).toEqual([]);
    storage.setItem('k', '[{"name":1},{"name":"ok","query":"q=1"}]');
    expect(saved.list()).toEqual([{ name: 'ok', query: 'q=1' }]);
  });
});
