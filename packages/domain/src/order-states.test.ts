import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import {
  allowedActions,
  nextStatus,
  type OrderActorKind,
  type OrderState,
  orderActions,
  orderStatuses,
  orderTransitions,
} from './order-states';

const at = (status: OrderState['status']): OrderState => ({ status, statusBeforeRefund: null });
const actors: OrderActorKind[] = ['customer', 'staff', 'system'];

describe('order state machine', () => {
  it('walks the happy path from placed to completed', () => {
    let state = at('pending_payment');
    state = nextStatus(state, 'pay', 'system');
    state = nextStatus(state, 'start_processing', 'staff');
    state = nextStatus(state, 'ship_partially', 'staff');
    state = nextStatus(state, 'ship', 'staff');
    state = nextStatus(state, 'deliver', 'system');
    state = nextStatus(state, 'complete', 'customer');
    expect(state).toEqual(at('completed'));
  });

  it('returns a rejected refund request to where it came from', () => {
    const requested = nextStatus(at('delivered'), 'request_refund', 'customer');
    expect(requested).toEqual({ status: 'refund_requested', statusBeforeRefund: 'delivered' });
    expect(nextStatus(requested, 'reject_refund', 'staff')).toEqual(at('delivered'));
    expect(nextStatus(requested, 'approve_refund', 'staff')).toEqual(at('refunded'));
    expect(nextStatus(requested, 'approve_partial_refund', 'staff')).toEqual(at('delivered'));
  });

  it('lets staff refund any paid order outright, but not an unpaid or cancelled one', () => {
    for (const status of ['paid', 'processing', 'shipped', 'delivered', 'completed'] as const) {
      expect(nextStatus(at(status), 'refund', 'staff')).toEqual(at('refunded'));
    }
    expect(() => nextStatus(at('pending_payment'), 'refund', 'staff')).toThrow(DomainError);
    expect(() => nextStatus(at('cancelled'), 'refund', 'staff')).toThrow(DomainError);
    expect(() => nextStatus(at('paid'), 'refund', 'customer')).toThrow(DomainError);
  });

  it('refuses what the table does not allow, naming the status', () => {
    expect(() => nextStatus(at('shipped'), 'cancel', 'customer')).toThrow(
      'An order that is shipped cannot be cancelled',
    );
    expect(() => nextStatus(at('pending_payment'), 'pay', 'customer')).toThrow(
      'A customer cannot pay an order',
    );
    const refusal = (() => {
      try {
        nextStatus(at('cancelled'), 'pay', 'system');
        return null;
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).reason).toBe('TRANSITION_NOT_ALLOWED');
  });

  it('allows exactly the transitions in the table, for every status, action and actor', () => {
    for (const status of orderStatuses) {
      for (const action of orderActions) {
        for (const actor of actors) {
          const rule = orderTransitions[action];
          const allowed =
            (rule.from as readonly string[]).includes(status) &&
            (rule.by as readonly string[]).includes(actor);
          const state =
            status === 'refund_requested' ? { status, statusBeforeRefund: 'paid' as const } : at(status);
          if (allowed) expect(() => nextStatus(state, action, actor)).not.toThrow();
          else expect(() => nextStatus(state, action, actor)).toThrow(DomainError);
        }
      }
    }
  });

  it('ends for good when cancelled or refunded', () => {
    for (const actor of actors) {
      expect(
        allowedActions('cancelled', actor, new Set(['orders:write', 'orders:refund', 'orders:fulfil'])),
      ).toEqual([]);
      expect(
        allowedActions('refunded', actor, new Set(['orders:write', 'orders:refund', 'orders:fulfil'])),
      ).toEqual([]);
    }
  });

  it('offers staff only the actions their permissions cover', () => {
    expect(allowedActions('pending_payment', 'staff')).toEqual([]);
    expect(allowedActions('pending_payment', 'staff', new Set(['orders:write']))).toEqual(['cancel']);
    expect(allowedActions('paid', 'staff', new Set(['orders:fulfil']))).toEqual([
      'start_processing',
      'ship_partially',
      'ship',
    ]);
    expect(allowedActions('pending_payment', 'customer')).toEqual(['cancel']);
  });

  it('any sequence of allowed actions keeps the order in a known status', () => {
    const step = fc.tuple(fc.constantFrom(...orderActions), fc.constantFrom(...actors));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        let state = at('pending_payment');
        for (const [action, actor] of steps) {
          try {
            state = nextStatus(state, action, actor);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
          }
          expect(orderStatuses).toContain(state.status);
          expect(state.statusBeforeRefund !== null).toBe(state.status === 'refund_requested');
        }
      }),
    );
  });
});
