// The promotion editor's values and the API's contract, both ways. Staff type amounts as
// decimals in the base currency and percentages as percent; the contract wants minor units and
// basis points. Fields keep the contract's paths, so its messages land on the right field.
import { message } from '@crossdock/domain/messages';
import { fromDecimalString, money, toDecimalString } from '@crossdock/domain/money';
import type {
  PromotionBenefit as Benefit,
  Promotion,
  PromotionTarget as Target,
} from '@crossdock/domain/pricing';
import { cleanLocalized, type FormText } from '../../components/localized-input';
export type BenefitKind = Benefit['kind'];

export interface PromotionFormValues {
  name?: FormText;
  requiresCoupon?: boolean;
  benefit?: {
    kind?: BenefitKind;
    /** Percent, e.g. 12.5 for 12.5 %. */
    basisPoints?: number | null;
    amount?: string;
    tiers?: { threshold?: string; amount?: string }[];
    buy?: number | null;
    get?: number | null;
    /** Free shipping only on these methods (codes); empty: every method. */
    methodCodes?: string[];
  };
  target?: { kind?: Target['kind']; ids?: string[] };
  stacking?: 'exclusive' | 'stackable';
  priority?: number | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
  minSpend?: string;
  firstOrderOnly?: boolean;
  usageLimit?: number | null;
  perCustomerLimit?: number | null;
  budget?: string;
}

/** A promotion as the API returns it: the fields the editor shows. */
export type PromotionRecord = Pick<
  Promotion,
  | 'name'
  | 'requiresCoupon'
  | 'benefit'
  | 'target'
  | 'stacking'
  | 'priority'
  | 'startsAt'
  | 'endsAt'
  | 'minSpend'
  | 'firstOrderOnly'
  | 'usageLimit'
  | 'perCustomerLimit'
  | 'budget'
>;

type FieldError = { name: (string | number)[]; errors: string[] };

const decimal = (minor: number | null | undefined, base: string) =>
  minor === null || minor === undefined ? '' : toDecimalString(money(minor, base));

export function promotionFormValues(p: PromotionRecord, base: string): PromotionFormValues {
  const b = p.benefit;
  return {
    name: p.name,
    requiresCoupon: p.requiresCoupon,
    benefit: {
      kind: b.kind,
      basisPoints: 'basisPoints' in b ? b.basisPoints / 100 : null,
      amount: b.kind === 'amount_off' ? decimal(b.amount, base) : '',
      tiers:
        b.kind === 'tiered'
          ? b.tiers.map((t) => ({ threshold: decimal(t.threshold, base), amount: decimal(t.amount, base) }))
          : [],
      buy: b.kind === 'buy_x_get_y' ? b.buy : null,
      get: b.kind === 'buy_x_get_y' ? b.get : null,
      methodCodes: b.kind === 'free_shipping' ? [...(b.methodCodes ?? [])] : [],
    },
    target: { kind: p.target.kind, ids: p.target.kind === 'order' ? [] : [...p.target.ids] },
    stacking: p.stacking,
    priority: p.priority,
    startsAt: p.startsAt,
    endsAt: p.endsAt,
    minSpend: decimal(p.minSpend, base),
    firstOrderOnly: p.firstOrderOnly,
    usageLimit: p.usageLimit,
    perCustomerLimit: p.perCustomerLimit,
    budget: decimal(p.budget, base),
  };
}

/**
 * The create/update input for these values, and the errors found while converting amounts
 * (checked against the contract afterwards by the caller, for everything else).
 */
export function promotionInput(values: PromotionFormValues, base: string) {
  const errors: FieldError[] = [];
  const minor = (text: string | undefined, name: (string | number)[]): number | null => {
    if (!text?.trim()) return null;
    try {
      return fromDecimalString(text, base).amount;
    } catch {
      errors.push({ name, errors: [message('amount.decimalIn', { currency: base })] });
      return null;
    }
  };
  const v = values.benefit ?? {};
  const percent =
    v.basisPoints === null || v.basisPoints === undefined ? Number.NaN : Math.round(v.basisPoints * 100);
  const benefit = ((): unknown => {
    switch (v.kind) {
      case 'percent_off':
        return { kind: v.kind, basisPoints: percent };
      case 'amount_off':
        return { kind: v.kind, amount: minor(v.amount, ['benefit', 'amount']) };
      case 'tiered':
        return {
          kind: v.kind,
          tiers: (v.tiers ?? []).map((t, i) => ({
            threshold: minor(t.threshold, ['benefit', 'tiers', i, 'threshold']),
            amount: minor(t.amount, ['benefit', 'tiers', i, 'amount']),
          })),
        };
      case 'buy_x_get_y':
        return { kind: v.kind, buy: v.buy ?? Number.NaN, get: v.get ?? Number.NaN, basisPoints: percent };
      case 'free_shipping':
        return v.methodCodes?.length ? { kind: v.kind, methodCodes: v.methodCodes } : { kind: v.kind };
      default:
        return { kind: v.kind };
    }
  })();
  const targetKind = values.target?.kind ?? 'order';
  const input = {
    name: cleanLocalized(values.name) ?? { en: '' },
    requiresCoupon: values.requiresCoupon ?? false,
    benefit,
    target: targetKind === 'order' ? { kind: 'order' } : { kind: targetKind, ids: values.target?.ids ?? [] },
    stacking: values.stacking ?? 'stackable',
    priority: values.priority ?? 0,
    startsAt: values.startsAt ?? null,
    endsAt: values.endsAt ?? null,
    minSpend: minor(values.minSpend, ['minSpend']),
    firstOrderOnly: values.firstOrderOnly ?? false,
    usageLimit: values.usageLimit ?? null,
    perCustomerLimit: values.perCustomerLimit ?? null,
    budget: minor(values.budget, ['budget']),
  };
  return { input, errors };
}
