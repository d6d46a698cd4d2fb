// The order state machine: which actions move an order from which states to which, and who may
// take each. Services call `nextStatus` and never set a status any other way; the desktop and
// the storefront call `allowedActions` to offer only what would succeed.
//
//   pending_payment ──pay──▶ paid ──start_processing──▶ processing
//        │                    │  ╲                          │
//     cancel/expire           │   ship_partially / ship ◀───┘
//        ▼                    ▼        ▼
//    cancelled          partially_shipped ──ship──▶ shipped ──deliver──▶ delivered ──complete──▶ completed
//
//   paid, processing, delivered, completed ──request_refund──▶ refund_requested
//   refund_requested ──approve_refund──▶ refunded;  ──reject_refund / approve_partial_refund──▶
//   the status it came from;  any paid status ──refund (all that is left)──▶ refunded
import { DomainError } from './errors';
import type { Permission } from './permissions';

export const orderStatuses = [
  'pending_payment',
  'paid',
  'processing',
  'partially_shipped',
  'shipped',
  'delivered',
  'completed',
  'cancelled',
  'refund_requested',
  'refunded',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export type OrderActorKind = 'customer' | 'staff' | 'system';

interface Rule {
  from: readonly OrderStatus[];
  /** `previous`: back to the status held before the refund request. */
  to: OrderStatus | 'previous';
  by: readonly OrderActorKind[];
  /** What a staff member needs to take it. */
  permission?: Permission;
}

export const orderTransitions = {
  pay: { from: ['pending_payment'], to: 'paid', by: ['system'] },
  cancel: {
    from: ['pending_payment'],
    to: 'cancelled',
    by: ['customer', 'staff'],
    permission: 'orders:write',
  },
  expire: { from: ['pending_payment'], to: 'cancelled', by: ['system'] },
  /** A marketplace cancelled it before it shipped (the platform refunds its buyer itself). */
  cancel_by_channel: { from: ['pending_payment', 'paid', 'processing'], to: 'cancelled', by: ['system'] },
  start_processing: { from: ['paid'], to: 'processing', by: ['staff'], permission: 'orders:fulfil' },
  ship_partially: {
    from: ['paid', 'processing', 'partially_shipped'],
    to: 'partially_shipped',
    by: ['staff'],
    permission: 'orders:fulfil',
  },
  ship: {
    from: ['paid', 'processing', 'partially_shipped'],
    to: 'shipped',
    by: ['staff'],
    permission: 'orders:fulfil',
  },
  /** A marketplace shipped it from its own warehouse (Fulfilment by Amazon). */
  ship_by_channel: { from: ['paid', 'processing', 'partially_shipped'], to: 'shipped', by: ['system'] },
  deliver: { from: ['shipped'], to: 'delivered', by: ['system'] },
  complete: { from: ['delivered'], to: 'completed', by: ['customer', 'system'] },
  request_refund: {
    from: ['paid', 'processing', 'delivered', 'completed'],
    to: 'refund_requested',
    by: ['customer'],
  },
  approve_refund: { from: ['refund_requested'], to: 'refunded', by: ['staff'], permission: 'orders:refund' },
  /** A request for part of the order, approved: the order carries on where it was. */
  approve_partial_refund: {
    from: ['refund_requested'],
    to: 'previous',
    by: ['staff'],
    permission: 'orders:refund',
  },
  /** Staff refund what is left of a paid order without a request (or a late payment, by the system). */
  refund: {
    from: ['paid', 'processing', 'partially_shipped', 'shipped', 'delivered', 'completed'],
    to: 'refunded',
    by: ['staff', 'system'],
    permission: 'orders:refund',
  },
  reject_refund: { from: ['refund_requested'], to: 'previous', by: ['staff'], permission: 'orders:refund' },
} as const satisfies Record<string, Rule>;

export type OrderAction = keyof typeof orderTransitions;
export const orderActions = Object.keys(orderTransitions) as OrderAction[];

export interface OrderState {
  status: OrderStatus;
  /** Set while a refund request is open: where a rejection returns the order. */
  statusBeforeRefund: OrderStatus | null;
}

const words = (status: OrderStatus) => status.replace(/_/g, ' ');

/** The state after `action`, or a DomainError saying why it cannot be taken. */
export function nextStatus(state: OrderState, action: OrderAction, actor: OrderActorKind): OrderState {
  const rule: Rule = orderTransitions[action];
  if (!rule.by.includes(actor)) {
    throw new DomainError(
      'TRANSITION_NOT_ALLOWED',
      `A ${actor} cannot ${action.replace(/_/g, ' ')} an order`,
      {
        action,
        status: state.status,
      },
    );
  }
  if (!rule.from.includes(state.status)) {
    throw new DomainError(
      'TRANSITION_NOT_ALLOWED',
      `An order that is ${words(state.status)} cannot be ${pastTense[action]}`,
      { action, status: state.status },
    );
  }
  if (action === 'request_refund') return { status: 'refund_requested', statusBeforeRefund: state.status };
  if (rule.to === 'previous') {
    if (!state.statusBeforeRefund) throw new Error('A refund request must remember the status it came from');
    return { status: state.statusBeforeRefund, statusBeforeRefund: null };
  }
  return { status: rule.to, statusBeforeRefund: null };
}

const pastTense: Record<OrderAction, string> = {
  pay: 'paid',
  cancel: 'cancelled',
  expire: 'expired',
  cancel_by_channel: 'cancelled by its marketplace',
  start_processing: 'put into processing',
  ship_partially: 'partially shipped',
  ship: 'shipped',
  ship_by_channel: 'shipped by its marketplace',
  deliver: 'delivered',
  complete: 'completed',
  request_refund: 'refunded on request',
  approve_refund: 'refunded',
  approve_partial_refund: 'partly refunded',
  refund: 'refunded',
  reject_refund: 'returned from a refund request',
};

/** What `actor` may do to an order in `status` (for staff: given these permissions). */
export function allowedActions(
  status: OrderStatus,
  actor: OrderActorKind,
  permissions: ReadonlySet<string> = new Set(),
): OrderAction[] {
  return orderActions.filter((action) => {
    const rule: Rule = orderTransitions[action];
    if (!rule.by.includes(actor) || !rule.from.includes(status)) return false;
    return actor !== 'staff' || !rule.permission || permissions.has(rule.permission);
  });
}

/**
 * Statuses in which every line's stock is still reserved for the order (nothing has shipped):
 * an order cancelled from one gives it all back. Paying commits the reservation (it no longer
 * runs out) but keeps it until the shipment takes the units.
 */
export const holdsReservation = (status: OrderStatus) =>
  status === 'pending_payment' || status === 'paid' || status === 'processing';
