import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ChannelOrderLine,
  channelCatchUp,
  channelOrderTotals,
  isHistoryOrder,
  listingAvailability,
  listingDrift,
  orderBookStatus,
  platformLinesByParcel,
  resolveLines,
  settledPlatformFees,
} from './channel-orders';

const line = (over: Partial<ChannelOrderLine> = {}): ChannelOrderLine => ({
  externalId: 'L1',
  sellerSku: 'MUG-BLUE',
  listingExternalId: null,
  title: 'Blue mug',
  barcode: null,
  quantity: 2,
  unitPrice: 1000,
  discount: 0,
  tax: 0,
  ...over,
});

describe('resolveLines', () => {
  it('names every seller SKU that has no link, once', () => {
    const result = resolveLines(
      {
        currency: 'USD',
        lines: [line(), line({ externalId: 'L2' }), line({ externalId: 'L3', sellerSku: 'OK' })],
      },
      (sku) => (sku === 'OK' ? [{ skuId: 's1', quantity: 1 }] : undefined),
    );
    expect(result).toEqual({ ok: false, unlinked: ['MUG-BLUE'] });
  });

  it('counts a listing with no components as not linked', () => {
    expect(resolveLines({ currency: 'USD', lines: [line()] }, () => [])).toEqual({
      ok: false,
      unlinked: ['MUG-BLUE'],
    });
  });

  it('maps a plain link one to one', () => {
    const result = resolveLines({ currency: 'USD', lines: [line({ discount: 150, tax: 90 })] }, () => [
      { skuId: 's1', quantity: 1 },
    ]);
    expect(result).toEqual({
      ok: true,
      lines: [
        {
          skuId: 's1',
          externalLineId: 'L1',
          title: 'Blue mug',
          quantity: 2,
          unitPrice: 1000,
          discount: 150,
          tax: 90,
        },
      ],
    });
  });

  it('splits a bundle over its parts by units, summing exactly to the line', () => {
    // 2 bundles of (2 × mug + 1 × lid) sold at 10.01 each: 20.02 over 6 units.
    const result = resolveLines(
      { currency: 'USD', lines: [line({ unitPrice: 1001, tax: 101, discount: 5 })] },
      () => [
        { skuId: 'mug', quantity: 2 },
        { skuId: 'lid', quantity: 1 },
      ],
    );
    if (!result.ok) throw new Error('expected resolved');
    const [mug, lid] = result.lines;
    expect(mug!.quantity).toBe(4);
    expect(lid!.quantity).toBe(2);
    const totals = result.lines.map((l) => l.unitPrice * l.quantity - l.discount);
    expect(totals.reduce((a, b) => a + b)).toBe(2002 - 5);
    expect(result.lines.reduce((a, l) => a + l.tax, 0)).toBe(101);
    for (const l of result.lines) expect(l.discount).toBeGreaterThanOrEqual(0);
  });

  it('keeps whole units in a currency without minor units', () => {
    const result = resolveLines({ currency: 'JPY', lines: [line({ unitPrice: 1000, quantity: 1 })] }, () => [
      { skuId: 'a', quantity: 3 },
    ]);
    if (!result.ok) throw new Error('expected resolved');
    expect(result.lines[0]).toMatchObject({ quantity: 3, unitPrice: 334, discount: 2 });
  });
});

describe('channel statuses in the order book', () => {
  it('puts each platform status where it belongs', () => {
    expect(orderBookStatus('pending')).toBe('pending_payment');
    expect(orderBookStatus('unshipped')).toBe('paid');
    expect(orderBookStatus('cancelled')).toBe('cancelled');
  });

  it('catches up with the platform and never moves an order back', () => {
    expect(channelCatchUp('pending_payment', 'unshipped')).toEqual(['pay']);
    expect(channelCatchUp('pending_payment', 'shipped')).toEqual(['pay']);
    expect(channelCatchUp('paid', 'pending')).toEqual([]);
    expect(channelCatchUp('shipped', 'unshipped')).toEqual([]);
    expect(channelCatchUp('paid', 'cancelled')).toEqual(['cancel_by_channel']);
    expect(channelCatchUp('shipped', 'cancelled')).toEqual([]);
    expect(channelCatchUp('cancelled', 'cancelled')).toEqual([]);
  });
});

describe('channelOrderTotals', () => {
  const lines = [
    {
      skuId: 's1',
      externalLineId: 'L1',
      title: 'Mug',
      quantity: 2,
      unitPrice: 1000,
      discount: 200,
      tax: 144,
    },
    { skuId: 's2', externalLineId: 'L2', title: 'Tea', quantity: 1, unitPrice: 500, discount: 0, tax: 40 },
  ];
  it('adds tax on top where prices exclude it', () => {
    expect(channelOrderTotals({ shipping: 500, shippingTax: 40, taxIncluded: false }, lines)).toEqual({
      subtotal: 2500,
      lineDiscount: 200,
      shipping: 500,
      tax: 224,
      total: 3024,
    });
  });
  it('does not add tax the prices already hold', () => {
    expect(channelOrderTotals({ shipping: 500, shippingTax: 40, taxIncluded: true }, lines).total).toBe(2800);
  });
});

describe('what a listing can sell', () => {
  it('is its scarcest part’s sets, less the buffer, never below zero', () => {
    expect(listingAvailability([{ quantity: 1, available: 7 }], 2)).toBe(5);
    expect(
      listingAvailability(
        [
          { quantity: 2, available: 5 },
          { quantity: 1, available: 9 },
        ],
        0,
      ),
    ).toBe(2);
    expect(listingAvailability([{ quantity: 1, available: 1 }], 3)).toBe(0);
    expect(listingAvailability([{ quantity: 1, available: -4 }], 0)).toBe(0);
    expect(listingAvailability([], 0)).toBe(0);
  });

  it('never promises more sets than every part can make (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            quantity: fc.integer({ min: 1, max: 5 }),
            available: fc.integer({ min: -3, max: 200 }),
          }),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        fc.integer({ min: 0, max: 10 }),
        (parts, buffer) => {
          const sellable = listingAvailability(parts, buffer);
          expect(sellable).toBeGreaterThanOrEqual(0);
          for (const part of parts)
            expect(sellable * part.quantity).toBeLessThanOrEqual(Math.max(part.available, 0));
        },
      ),
    );
  });
});

describe('history', () => {
  it('is an order shipped on the platform and bought before the shop joined', () => {
    const joined = new Date('2026-10-01T00:00:00Z');
    expect(isHistoryOrder({ status: 'shipped', purchasedAt: '2026-09-30T23:59:00Z' }, joined)).toBe(true);
    expect(isHistoryOrder({ status: 'shipped', purchasedAt: '2026-10-01T00:01:00Z' }, joined)).toBe(false);
    expect(isHistoryOrder({ status: 'unshipped', purchasedAt: '2026-09-01T00:00:00Z' }, joined)).toBe(false);
  });
});

describe('listingDrift', () => {
  const usd = (amount: number) => ({ amount, currency: 'USD' });
  it('is the platform’s price and count less ours', () => {
    expect(listingDrift({ price: usd(1999), quantity: 5 }, { price: usd(1899), quantity: 8 })).toEqual({
      price: 100,
      quantity: -3,
    });
    expect(listingDrift({ price: usd(1000), quantity: 0 }, { price: usd(1000), quantity: 0 })).toEqual({
      price: 0,
      quantity: 0,
    });
  });

  it('is unknown where a side is: an unlinked listing, a platform’s own count, another currency', () => {
    expect(listingDrift({ price: usd(1000), quantity: 3 }, { price: null, quantity: null })).toEqual({
      price: null,
      quantity: null,
    });
    expect(listingDrift({ price: usd(1000), quantity: null }, { price: usd(900), quantity: 4 })).toEqual({
      price: 100,
      quantity: null,
    });
    expect(
      listingDrift(
        { price: { amount: 1000, currency: 'EUR' }, quantity: 1 },
        { price: usd(1000), quantity: 1 },
      ),
    ).toEqual({ price: null, quantity: 0 });
  });
});

describe('platformLinesByParcel', () => {
  // Platform line P1: 2 mugs (our line a). P2: 1 gift set = 2 tea (b) + 1 mug (c) per set, 2 sets.
  const platform = [
    { externalId: 'P1', quantity: 2 },
    { externalId: 'P2', quantity: 2 },
  ];
  const ours = [
    { id: 'a', externalLineId: 'P1', quantity: 2 },
    { id: 'b', externalLineId: 'P2', quantity: 4 },
    { id: 'c', externalLineId: 'P2', quantity: 2 },
  ];

  it('says what each parcel completed of each platform line', () => {
    expect(
      platformLinesByParcel(platform, ours, [
        { id: 's1', lines: [{ orderLineId: 'a', quantity: 1 }] },
        {
          id: 's2',
          lines: [
            { orderLineId: 'a', quantity: 1 },
            { orderLineId: 'b', quantity: 4 },
            { orderLineId: 'c', quantity: 2 },
          ],
        },
      ]),
    ).toEqual([
      { parcelId: 's1', lines: [{ externalLineId: 'P1', quantity: 1 }] },
      {
        parcelId: 's2',
        lines: [
          { externalLineId: 'P1', quantity: 1 },
          { externalLineId: 'P2', quantity: 2 },
        ],
      },
    ]);
  });

  it('counts a bundle shipped once all of a unit’s parts have left, over parcels', () => {
    expect(
      platformLinesByParcel(platform, ours, [
        // The tea of both sets, no mugs: no set complete yet.
        { id: 's1', lines: [{ orderLineId: 'b', quantity: 4 }] },
        // One mug: one set complete.
        { id: 's2', lines: [{ orderLineId: 'c', quantity: 1 }] },
        {
          id: 's3',
          lines: [
            { orderLineId: 'c', quantity: 1 },
            { orderLineId: 'a', quantity: 2 },
          ],
        },
      ]),
    ).toEqual([
      { parcelId: 's1', lines: [] },
      { parcelId: 's2', lines: [{ externalLineId: 'P2', quantity: 1 }] },
      {
        parcelId: 's3',
        lines: [
          { externalLineId: 'P1', quantity: 2 },
          { externalLineId: 'P2', quantity: 1 },
        ],
      },
    ]);
  });

  it('never says more than the platform line holds, whatever was shipped', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.record({ line: fc.constantFrom('a', 'b', 'c'), n: fc.integer({ min: 0, max: 5 }) })),
        ),
        (shipments) => {
          const parcels = shipments.map((lines, i) => ({
            id: `s${i}`,
            lines: lines.map((l) => ({ orderLineId: l.line, quantity: l.n })),
          }));
          const told = new Map<string, number>();
          for (const parcel of platformLinesByParcel(platform, ours, parcels))
            for (const l of parcel.lines)
              told.set(l.externalLineId, (told.get(l.externalLineId) ?? 0) + l.quantity);
          return (told.get('P1') ?? 0) <= 2 && (told.get('P2') ?? 0) <= 2;
        },
      ),
    );
  });
});

describe('settledPlatformFees', () => {
  it('sums an order’s transactions, never below none', () => {
    expect(settledPlatformFees([1566, -891])).toBe(675);
    expect(settledPlatformFees([-891])).toBe(0);
    expect(settledPlatformFees([])).toBe(0);
  });
});
