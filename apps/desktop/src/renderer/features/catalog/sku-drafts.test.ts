import { money } from '@crossdock/domain/money';
import { describe, expect, it } from 'vitest';
import { bulkSet, draftOf, type EditableSku, patchOf, sameDraft } from './sku-drafts';

const id = '0190a0e0-0000-7000-8000-000000000001';
const sku: EditableSku = {
  id,
  code: 'TEE-RED-M',
  barcode: null,
  basePrice: 1999,
  compareAtPrice: null,
  weightGrams: 180,
  status: 'active',
  prices: [
    { currency: 'USD', price: money(1999, 'USD'), compareAtPrice: null, source: 'base' },
    { currency: 'EUR', price: money(1800, 'EUR'), compareAtPrice: money(2000, 'EUR'), source: 'override' },
    { currency: 'JPY', price: money(3000, 'JPY'), compareAtPrice: null, source: 'converted' },
  ],
};

describe('SKU matrix rows', () => {
  it('shows prices as decimals in their currency and own prices only where set', () => {
    expect(draftOf(sku, 'USD')).toEqual({
      code: 'TEE-RED-M',
      barcode: '',
      price: '19.99',
      compareAt: '',
      weight: '180',
      status: 'active',
      overrides: { EUR: '18.00' },
    });
  });

  it('sends nothing when nothing changed, and only the changed fields otherwise', () => {
    const draft = draftOf(sku, 'USD');
    expect(patchOf(sku, draft, 'USD')).toEqual({ patch: null, errors: {} });
    expect(patchOf(sku, { ...draft, price: '24.5', weight: '' }, 'USD')).toEqual({
      patch: { id, basePrice: 2450, weightGrams: null },
      errors: {},
    });
  });

  it('sets, changes (keeping its compare-at price) and removes prices in other currencies', () => {
    const draft = draftOf(sku, 'USD');
    expect(patchOf(sku, { ...draft, overrides: { EUR: '17.5', JPY: '2980' } }, 'USD').patch).toEqual({
      id,
      prices: { EUR: { price: 1750, compareAtPrice: 2000 }, JPY: { price: 2980, compareAtPrice: null } },
    });
    expect(patchOf(sku, { ...draft, overrides: { EUR: '' } }, 'USD').patch).toEqual({
      id,
      prices: { EUR: null },
    });
  });

  it('puts each bad value on its field: amounts, decimals a currency lacks, weight, code, barcode', () => {
    const draft = draftOf(sku, 'USD');
    const { errors } = patchOf(
      sku,
      {
        ...draft,
        price: 'abc',
        weight: '1.5',
        overrides: { JPY: '10.5' },
        code: 'bad code!',
        barcode: '12',
      },
      'USD',
    );
    expect(Object.keys(errors).sort()).toEqual(['barcode', 'code', 'override:JPY', 'price', 'weight']);
    expect(patchOf(sku, { ...draft, price: '-1' }, 'USD').errors.price).toMatch(/negative/);
  });

  it('bulk edit sets one field on the chosen rows only', () => {
    const other = '0190a0e0-0000-7000-8000-000000000002';
    const drafts = { [id]: draftOf(sku, 'USD'), [other]: draftOf({ ...sku, id: other }, 'USD') };
    const next = bulkSet(drafts, [id], 'price', '9.99');
    expect(next[id]?.price).toBe('9.99');
    expect(next[other]?.price).toBe('19.99');
    expect(bulkSet(next, [id, other], 'override:GBP', '8')[other]?.overrides).toEqual({
      EUR: '18.00',
      GBP: '8',
    });
    expect(bulkSet(next, [other], 'status', 'inactive')[other]?.status).toBe('inactive');
  });

  it('tells an edited row from an untouched one, a blank price in another currency being no price', () => {
    const draft = draftOf(sku, 'USD');
    expect(sameDraft(draft, { ...draft, overrides: { ...draft.overrides, GBP: ' ' } })).toBe(true);
    expect(sameDraft(draft, { ...draft, price: '20' })).toBe(false);
    expect(sameDraft(draft, { ...draft, overrides: { EUR: '17' } })).toBe(false);
  });
});
