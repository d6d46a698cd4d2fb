import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertMoveKeepsTree,
  availability,
  combinationKey,
  optionValueCode,
  pickTranslation,
  publishBlockers,
  ratingSummary,
  skuMatrix,
  slugify,
} from './catalog-rules';

describe('category moves', () => {
  it('refuse a move under itself or a descendant', () => {
    expect(() => assertMoveKeepsTree('a', 'a', [])).toThrow(/under itself/);
    expect(() => assertMoveKeepsTree('a', 'c', ['c', 'b', 'a'])).toThrow(
      expect.objectContaining({ reason: 'CATEGORY_CYCLE' }),
    );
    expect(() => assertMoveKeepsTree('a', 'x', ['x', 'root'])).not.toThrow();
    expect(() => assertMoveKeepsTree('a', null, [])).not.toThrow();
  });
});

describe('SKU matrix', () => {
  it('has one combination per choice of one value from each option', () => {
    expect(skuMatrix([{ values: ['S', 'M'] }, { values: ['Red', 'Blue', 'Green'] }])).toEqual([
      ['S', 'Red'],
      ['S', 'Blue'],
      ['S', 'Green'],
      ['M', 'Red'],
      ['M', 'Blue'],
      ['M', 'Green'],
    ]);
    expect(skuMatrix([])).toEqual([[]]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 4 }), (sizes) => {
        const options = sizes.map((n, o) => ({ values: Array.from({ length: n }, (_, v) => `${o}:${v}`) }));
        const combos = skuMatrix(options);
        expect(combos).toHaveLength(sizes.reduce((p, n) => p * n, 1));
        expect(new Set(combos.map((c) => combinationKey(c))).size).toBe(combos.length);
      }),
    );
  });

  it('keys a combination independently of value order', () => {
    expect(combinationKey(['b', 'a'])).toBe(combinationKey(['a', 'b']));
  });
});

describe('publishing', () => {
  it('says exactly what is missing', () => {
    expect(publishBlockers({ title: 'Tee', skus: [] })).toEqual(['at least one active SKU']);
    expect(publishBlockers({ title: 'Tee', skus: [{ status: 'inactive', basePrice: 100 }] })).toEqual([
      'at least one active SKU',
    ]);
    expect(publishBlockers({ title: 'Tee', skus: [{ status: 'active', basePrice: null }] })).toEqual([
      'a price on at least one active SKU',
    ]);
    expect(publishBlockers({ title: ' ', skus: [{ status: 'active', basePrice: 100 }] })).toEqual([
      'a title',
    ]);
    expect(publishBlockers({ title: 'Tee', skus: [{ status: 'active', basePrice: 100 }] })).toEqual([]);
  });
});

describe('availability, translations and slugs', () => {
  it('classifies stock', () => {
    expect([0, -1, 3, 5, 6].map((n) => availability(n, 5))).toEqual(['out', 'out', 'low', 'low', 'in_stock']);
  });

  it('falls back to the default language', () => {
    const t = [
      { locale: 'en', title: 'Tea' },
      { locale: 'zh-CN', title: '茶' },
    ];
    expect(pickTranslation(t, 'zh-CN')?.title).toBe('茶');
    expect(pickTranslation(t, 'fr')?.title).toBe('Tea');
    expect(pickTranslation([{ locale: 'zh-CN', title: '茶' }], 'en')?.title).toBe('茶');
  });

  it('makes URL slugs', () => {
    expect(slugify('  Crème Brûlée Mug — 350 ml ')).toBe('creme-brulee-mug-350-ml');
    expect(slugify('茶')).toBe('');
  });

  it('makes option value codes for SKU codes from English labels', () => {
    expect(optionValueCode('Navy blue')).toBe('NAVY-BLUE');
    expect(optionValueCode(' XL ')).toBe('XL');
    expect(optionValueCode('Crème / Brûlée')).toBe('CREME-BRULEE');
    expect(optionValueCode('红色')).toBe('');
    expect(optionValueCode(`${'a'.repeat(39)} b`).length).toBeLessThanOrEqual(40);
    expect(optionValueCode(`${'a'.repeat(39)} b`)).not.toMatch(/-$/);
  });
});

describe('rating summary', () => {
  it('has no average before the first review', () => {
    expect(ratingSummary([0, 0, 0, 0, 0])).toEqual({ average: null, count: 0, stars: [0, 0, 0, 0, 0] });
  });

  it('averages stars to one decimal', () => {
    expect(ratingSummary([1, 0, 0, 0, 2])).toMatchObject({ average: 3.7, count: 3 });
    expect(ratingSummary([0, 0, 0, 1, 1])).toMatchObject({ average: 4.5, count: 2 });
  });

  it('always lies between 1 and 5 and counts every review', () => {
    const counts = fc.tuple(fc.nat(1000), fc.nat(1000), fc.nat(1000), fc.nat(1000), fc.nat(1000));
    fc.assert(
      fc.property(counts, (stars) => {
        const summary = ratingSummary(stars);
        expect(summary.count).toBe(stars.reduce((a, b) => a + b, 0));
        if (summary.count > 0) {
          expect(summary.average).toBeGreaterThanOrEqual(1);
          expect(summary.average).toBeLessThanOrEqual(5);
        }
      }),
    );
  });
});
