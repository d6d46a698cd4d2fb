import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import {
  notificationFresh,
  planAmountRefund,
  planLineRefund,
  type RefundableLine,
  returnWindowOpen,
} from './payments';

const line = (over: Partial<RefundableLine> = {}): RefundableLine => ({
  id: '00000000-0000-4000-8000-000000000001',
  title: 'Longjing',
  quantity: 3,
  charged: 1000,
  refundedQuantity: 0,
  refundedAmount: 0,
  ...over,
});

const reason = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (error) {
    return error instanceof DomainError ? error.reason : String(error);
  }
};

describe('refund by lines', () => {
  it('refunds each unit its share, the last unit taking what is left', () => {
    const first = planLineRefund([line()], [{ orderLineId: line().id, quantity: 1 }], 5000);
    expect(first.amount).toBe(333);
    const rest = planLineRefund(
      [line({ refundedQuantity: 1, refundedAmount: 333 })],
      [{ orderLineId: line().id, quantity: 2 }],
      5000,
    );
    expect(rest.amount).toBe(667);
  });

  it('refuses a line already refunded, more units than are left, and more than was captured', () => {
    const id = line().id;
    expect(
      reason(() =>
        planLineRefund(
          [line({ refundedQuantity: 3, refundedAmount: 1000 })],
          [{ orderLineId: id, quantity: 1 }],
          5000,
        ),
      ),
    ).toBe('LINE_ALREADY_REFUNDED');
    expect(reason(() => planLineRefund([line()], [{ orderLineId: id, quantity: 4 }], 5000))).toBe(
      'REFUND_TOO_LARGE',
    );
    expect(reason(() => planLineRefund([line()], [{ orderLineId: id, quantity: 3 }], 999))).toBe(
      'REFUND_TOO_LARGE',
    );
    expect(
      reason(() => planLineRefund([line()], [{ orderLineId: crypto.randomUUID(), quantity: 1 }], 5000)),
    ).toBe('NOT_FOUND');
  });

  it('adds up exactly to the line, however it is split (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 50 }),
        (quantity, charged, parts) => {
          let state = line({ quantity, charged });
          let refunded = 0;
          for (const part of parts) {
            const left = quantity - state.refundedQuantity;
            if (left === 0) break;
            const q = Math.min(part, left);
            const plan = planLineRefund(
              [state],
              [{ orderLineId: state.id, quantity: q }],
              Number.MAX_SAFE_INTEGER,
            );
            expect(plan.amount).toBeGreaterThanOrEqual(0);
            refunded += plan.amount;
            state = { ...state, refundedQuantity: state.refundedQuantity + q, refundedAmount: refunded };
          }
          if (state.refundedQuantity === quantity) expect(refunded).toBe(charged);
          else expect(refunded).toBeLessThanOrEqual(charged);
        },
      ),
    );
  });
});

describe('refund by amount', () => {
  it('allows up to what is left, never zero or more', () => {
    expect(planAmountRefund(500, 500).amount).toBe(500);
    expect(reason(() => planAmountRefund(501, 500))).toBe('REFUND_TOO_LARGE');
    expect(reason(() => planAmountRefund(1, 0))).toBe('REFUND_TOO_LARGE');
  });
});

describe('windows', () => {
  it('keeps the return window open for 14 days after delivery', () => {
    const delivered = new Date('2026-11-01T00:00:00Z');
    expect(returnWindowOpen(delivered, new Date('2026-11-15T00:00:00Z'))).toBe(true);
    expect(returnWindowOpen(delivered, new Date('2026-11-15T00:00:01Z'))).toBe(false);
    expect(returnWindowOpen(null, new Date())).toBe(false);
  });

  it('accepts notifications up to 5 minutes old (or early)', () => {
    const now = new Date('2026-11-22T10:00:00Z');
    expect(notificationFresh(now.getTime() - 300_000, now)).toBe(true);
    expect(notificationFresh(now.getTime() - 300_001, now)).toBe(false);
    expect(notificationFresh(now.getTime() + 300_001, now)).toBe(false);
    expect(notificationFresh(Number.NaN, now)).toBe(false);
  });
});
