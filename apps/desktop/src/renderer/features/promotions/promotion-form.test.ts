import { createPromotionInput } from '@crossdock/domain/promotions';
import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../../lib/form-errors';
import { type PromotionRecord, promotionFormValues, promotionInput } from './promotion-form';

const record: PromotionRecord = {
  name: { en: 'Spend more, save more', 'zh-CN': '多买多省' },
  requiresCoupon: false,
  benefit: {
    kind: 'tiered',
    tiers: [
      { threshold: 10000, amount: 1000 },
      { threshold: 20000, amount: 3000 },
    ],
  },
  target: { kind: 'order' },
  stacking: 'exclusive',
  priority: 5,
  startsAt: null,
  endsAt: null,
  minSpend: null,
  firstOrderOnly: false,
  usageLimit: 1000,
  perCustomerLimit: 1,
  budget: 500000,
};

describe('the promotion editor', () => {
  it('shows amounts as decimals and percentages as percent, and sends them back unchanged', () => {
    const values = promotionFormValues(record, 'USD');
    expect(values.benefit?.tiers).toEqual([
      { threshold: '100.00', amount: '10.00' },
      { threshold: '200.00', amount: '30.00' },
    ]);
    expect(values.budget).toBe('5000.00');
    const { input, errors } = promotionInput(values, 'USD');
    expect(errors).toEqual([]);
    expect(createPromotionInput.parse(input)).toMatchObject(record);
    const percent = promotionInput(
      { name: { en: 'Ten' }, benefit: { kind: 'percent_off', basisPoints: 12.5 } },
      'USD',
    );
    expect(percent.input.benefit).toEqual({ kind: 'percent_off', basisPoints: 1250 });
    expect(
      promotionFormValues({ ...record, benefit: { kind: 'percent_off', basisPoints: 1250 } }, 'USD').benefit
        ?.basisPoints,
    ).toBe(12.5);
  });

  it('puts an amount that is not one on its field, and leaves the rest to the contract', () => {
    const { input, errors } = promotionInput(
      {
        name: { en: '' },
        benefit: { kind: 'tiered', tiers: [{ threshold: 'lots', amount: '5' }] },
        budget: '1.234',
      },
      'USD',
    );
    expect(errors.map((e) => e.name)).toEqual([['benefit', 'tiers', 0, 'threshold'], ['budget']]);
    expect(fieldErrors(createPromotionInput, input).map((e) => e.name)).toContainEqual(['name', 'en']);
  });

  it('asks for a percentage when none is given, and for products when the target is products', () => {
    const { input } = promotionInput(
      {
        name: { en: 'X' },
        benefit: { kind: 'percent_off', basisPoints: null },
        target: { kind: 'products', ids: [] },
      },
      'USD',
    );
    const names = fieldErrors(createPromotionInput, input).map((e) => e.name.join('.'));
    expect(names).toContain('benefit.basisPoints');
    expect(names).toContain('target.ids');
  });
});

describe('free shipping', () => {
  it('keeps the shipping methods it is for, and sends none for every method', () => {
    const standard: PromotionRecord = {
      ...record,
      benefit: { kind: 'free_shipping', methodCodes: ['standard'] },
    };
    const values = promotionFormValues(standard, 'USD');
    expect(values.benefit?.methodCodes).toEqual(['standard']);
    expect(promotionInput(values, 'USD').input.benefit).toEqual({
      kind: 'free_shipping',
      methodCodes: ['standard'],
    });
    const any = promotionFormValues({ ...record, benefit: { kind: 'free_shipping' } }, 'USD');
    expect(promotionInput(any, 'USD').input.benefit).toEqual({ kind: 'free_shipping' });
  });
});
