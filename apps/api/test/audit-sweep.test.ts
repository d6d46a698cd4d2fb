// The audit sweep. Every staff mutation that succeeds must leave an audit row (who, what,
// before, after) unless it declares why not: the staff middleware checks each call, so every
// test that calls a staff mutation proves it for that mutation, and a new mutation without an
// audit row fails the suite the first time a test calls it. Here: the list of exemptions (each
// with its reason), the check itself failing a mutation that writes no row, and the actions
// that used to leave no trace — refund decisions, shipments, cancellations, notes, review
// moderation — found in the audit log staff read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContextInner } from '../src/context';
import { auditActor, writeAudit } from '../src/modules/identity/audit';
import { appRouter } from '../src/router';
import { createCallerFactory, type Meta, router, staffProcedure } from '../src/trpc';
import { createTestApp, type TestApp } from './harness';
import { createShop } from './shop-fixtures';

let app: TestApp;
let shop: Awaited<ReturnType<typeof createShop>>;

const staffMutations = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string; meta?: Meta } }>,
)
  .filter(([, p]) => p._def.type === 'mutation' && p._def.meta?.access === 'staff')
  .map(([path, p]) => ({ path, exempt: p._def.meta?.auditExempt }));

beforeAll(async () => {
  app = await createTestApp({ limitRules: { loginPerIp: { points: 10_000, durationSeconds: 60 } } });
  shop = await createShop(app);
});
afterAll(async () => {
  await shop?.server.close();
  await app?.cleanup();
});

describe('audit sweep', () => {
  it('finds the staff mutations; only these write no audit row, each for a stated reason', () => {
    expect(staffMutations.length).toBeGreaterThan(40);
    const exempt = staffMutations.filter((m) => m.exempt);
    expect(exempt.map((m) => m.path).sort()).toEqual([
      'catalog.products.previewPriceChange',
      'orders.refreshTracking',
    ]);
    for (const m of exempt) expect(m.exempt!.length).toBeGreaterThan(10);
  });

  it('fails a staff mutation that succeeds without writing a row, and passes one that writes it', async () => {
    const probe = router({
      forgot: staffProcedure('orders:write').mutation(() => 'done'),
      remembered: staffProcedure('orders:write').mutation(async ({ ctx }) => {
        await writeAudit(ctx.deps.db, auditActor(ctx), {
          action: 'probe',
          entityType: 'probe',
          entityId: 'x',
        });
        return 'done';
      }),
      replayed: staffProcedure('orders:write').mutation(({ ctx }) => {
        ctx.audit.unchanged = true;
        return 'done';
      }),
    });
    const staff = await app.staff(['Administrator']);
    const caller = createCallerFactory(probe)(
      createContextInner(app.deps, { accessToken: staff.session.accessToken, ip: '203.0.113.7' }),
    );
    await expect(caller.forgot()).rejects.toThrow(/succeeded without writing an audit row/);
    await expect(caller.remembered()).resolves.toBe('done');
    await expect(caller.replayed()).resolves.toBe('done');
  });

  it('records refund decisions, shipments, cancellations, notes and review moderation', async () => {
    const staff = shop.staff;
    // A cancellation.
    const unpaid = await shop.placedOrder(1);
    await staff.orders.cancel({ id: unpaid.orderId, reason: 'Customer asked by phone' });
    // A shipment, a note, then a refund the customer asks for, approved; another rejected.
    const paid = await shop.paidOrder(2);
    await staff.orders.addNote({ id: paid.orderId, note: 'Gift wrap', visibleToCustomer: true });
    await staff.orders.createShipment({
      orderId: paid.orderId,
      warehouseId: shop.warehouseId,
      carrier: 'sf-express',
      trackingNumber: `SF${Date.now()}`,
    });
    const second = await shop.paidOrder(1);
    await second.customer.api.account.orders.requestRefund({
      orderId: second.orderId,
      reason: 'Ordered twice by mistake',
    });
    const requested = (await staff.orders.get({ id: second.orderId })).refunds[0]!;
    await staff.orders.approveRefund({ refundId: requested.id, note: 'Not shipped yet' });
    const third = await shop.paidOrder(1);
    await third.customer.api.account.orders.requestRefund({
      orderId: third.orderId,
      reason: 'Changed my mind about it',
    });
    const rejected = (await staff.orders.get({ id: third.orderId })).refunds[0]!;
    await staff.orders.rejectRefund({ refundId: rejected.id, note: 'Already on its way' });
    // A refund staff make themselves.
    await staff.orders.refund({
      orderId: paid.orderId,
      reason: 'Damaged box',
      amount: 100,
      idempotencyKey: `key-${crypto.randomUUID()}`,
    });

    const actions = async (entityId: string) =>
      (await staff.audit.list({ entityId })).items.map((e) => e.action).sort();
    expect(await actions(unpaid.orderId)).toEqual(['order.cancel']);
    expect(await actions(paid.orderId)).toEqual(['order.note', 'order.ship', 'refund.create']);
    expect(await actions(second.orderId)).toEqual(['refund.approve']);
    expect(await actions(third.orderId)).toEqual(['refund.reject']);
    const approval = (await staff.audit.list({ entityId: second.orderId })).items[0]!;
    expect(approval.before).toMatchObject({ status: 'requested', amount: expect.any(Number) });
    expect(approval.after).toMatchObject({ status: 'approved', note: 'Not shipped yet' });
  });
});
