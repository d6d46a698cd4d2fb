import { describe, expect, it } from 'vitest';
import type { DomainError } from './errors';
import { allShipped, furthestStage, plannedRoute, planShipment, type ShippableLine } from './fulfilment';

const a: ShippableLine = { id: 'a', title: 'Longjing', quantity: 3, shippedQuantity: 0, refundedQuantity: 0 };
const b: ShippableLine = { id: 'b', title: 'Oolong', quantity: 1, shippedQuantity: 0, refundedQuantity: 1 };

const reason = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as DomainError).reason;
  }
};

describe('shipments', () => {
  it('takes everything left when no lines are named, skipping refunded units', () => {
    expect(planShipment([a, b])).toEqual([{ orderLineId: 'a', quantity: 3 }]);
  });

  it('refuses more than is left, an unknown line, and a shipment of nothing', () => {
    expect(reason(() => planShipment([a], [{ orderLineId: 'a', quantity: 4 }]))).toBe('SHIPMENT_TOO_LARGE');
    expect(reason(() => planShipment([a, b], [{ orderLineId: 'b', quantity: 1 }]))).toBe(
      'SHIPMENT_TOO_LARGE',
    );
    expect(reason(() => planShipment([a], [{ orderLineId: 'x', quantity: 1 }]))).toBe('NOT_FOUND');
    expect(reason(() => planShipment([{ ...a, shippedQuantity: 3 }]))).toBe('SHIPMENT_TOO_LARGE');
  });

  it('knows when everything has shipped', () => {
    expect(allShipped([a, b])).toBe(false);
    expect(allShipped([{ ...a, shippedQuantity: 2, refundedQuantity: 1 }, b])).toBe(true);
  });
});

describe('tracking', () => {
  it('routes abroad through both gateways and customs, and at home without customs', () => {
    const abroad = plannedRoute('CN', 'DE');
    expect(abroad.map((s) => s.kind)).toEqual([
      'picked_up',
      'in_transit',
      'in_transit',
      'customs_cleared',
      'in_transit',
      'out_for_delivery',
      'delivered',
    ]);
    expect(abroad[1]!.location).toContain('Shanghai');
    expect(abroad.at(-1)!.location).toContain('Berlin');
    expect(plannedRoute('DE', 'DE').some((s) => s.kind === 'customs_cleared')).toBe(false);
  });

  it('takes the furthest stage, whatever order events arrive in, ignoring exceptions', () => {
    expect(furthestStage([])).toBe('label_created');
    expect(furthestStage(['customs_cleared', 'picked_up', 'exception'])).toBe('customs_cleared');
  });
});
