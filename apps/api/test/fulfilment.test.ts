// Fulfilment, tracking, completion, points and reviews on real databases: shipments take stock
// out of the warehouse (with a movement) and move the order; the carrier simulator's signed
// events arrive once each, through the real webhook, and deliver the order; the customer
// confirms receipt (or it completes by itself) and earns points, which a later refund takes
// back; reviews of delivered lines wait for staff, and approved ones count on the product.
import { resultRows } from '@crossdock/db/client';
import {
  orderLines,
  pointsLedger,
  shipmentLines,
  shipments,
  skuCosts,
  stockLevels,
  stockMovements,
} from '@crossdock/db/schema';
import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emitDueTrackingEvents, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../src/infra/carriers/simulator';
import { sign } from '../src/infra/payment-providers/signing';
import { autoCompleteDelivered, pollQuietShipments } from '../src/modules/fulfilment/fulfilment.service';
import { createTestApp, type TestApp } from './harness';
import { createShop, refused } from './shop-fixtures';

let app: TestApp;
let shop: Awaited<ReturnType<typeof createShop>>;

beforeAll(async () => {
  app = await createTestApp({ limitRules: { loginPerIp: { points: 10_000, durationSeconds: 60 } } });
  shop = await createShop(app);
});
// The clock moves by days here; staff sign in again when their token would have expired.
beforeEach(async () => {
  await shop.staffApi();
});
afterAll(async () => {
  await shop?.server.close();
  await app?.cleanup();
});

const STEP = () => app.deps.config.carrierStepMs;
const emitter = () => ({ ...app.deps, secret: app.deps.carrierSecret });
let trackingSeq = 0;
const tracking = () => `SF${Date.now()}${String(++trackingSeq).padStart(4, '0')}`;

async function level(warehouseId = shop.warehouseId) {
  const [row] = await app.deps.db
    .select()
    .from(stockLevels)
    .where(sql`${stockLevels.skuId} = ${shop.skuId} and ${stockLevels.warehouseId} = ${warehouseId}`);
  return row ?? { onHand: 0, reserved: 0 };
}

/** Ships everything left and lets the whole journey happen. */
async function delivered(quantity = 1) {
  const paid = await shop.paidOrder(quantity);
  await shop.staff.orders.createShipment({
    orderId: paid.orderId,
    warehouseId: shop.warehouseId,
    carrier: 'sf-express',
    trackingNumber: tracking(),
  });
  app.clock.advance(8 * STEP());
  await emitDueTrackingEvents(emitter(), shop.send);
  return paid;
}

describe('shipping', () => {
  it('ships part, then the rest: stock leaves the warehouse and the order moves', async () => {
    const { orderId } = await shop.paidOrder(3);
    const before = await level();
    const order = await shop.staff.orders.get({ id: orderId });
    const line = order.lines[0]!;
    const partial = await shop.staff.orders.createShipment({
      orderId,
      warehouseId: shop.warehouseId,
      carrier: 'sf-express',
      trackingNumber: tracking(),
      lines: [{ orderLineId: line.id, quantity: 1 }],
    });
    expect(partial.status).toBe('partially_shipped');
    expect(partial.lines[0]!.shippedQuantity).toBe(1);
    expect(await level()).toMatchObject({ onHand: before.onHand - 1, reserved: before.reserved - 1 });
    const rest = await shop.staff.orders.createShipment({
      orderId,
      warehouseId: shop.warehouseId,
      carrier: 'dhl',
      trackingNumber: tracking(),
    });
    expect(rest.status).toBe('shipped');
    expect(rest.shipments.map((s) => s.lines[0]!.quantity)).toEqual([1, 2]);
    expect(rest.shipments[0]!.route.map((r) => r.location)).toContain(
      'Shanghai Pudong International Gateway',
    );
    const moves = await app.deps.db
      .select()
      .from(stockMovements)
      .where(sql`${stockMovements.reference} = ${order.number} and ${stockMovements.reason} = 'shipped'`);
    expect(moves.map((m) => m.onHandDelta).sort()).toEqual([-1, -2]);
  });

  it('keeps what the shipped units cost: the SKU’s moving average as they left, on the line and the parcel', async () => {
    const { orderId } = await shop.paidOrder(2);
    // The SKU's average, as receipts would have left it.
    await app.deps.db.update(skuCosts).set({ unitCost: 1_234.5 }).where(eq(skuCosts.skuId, shop.skuId));
    const shipped = await shop.staff.orders.createShipment({
      orderId,
      warehouseId: shop.warehouseId,
      carrier: 'sf-express',
      trackingNumber: tracking(),
    });
    const [line] = await app.deps.db.select().from(orderLines).where(eq(orderLines.orderId, orderId));
    expect(line!.costOfGoods).toBe(2_469);
    const [parcel] = await app.deps.db
      .select()
      .from(shipmentLines)
      .where(eq(shipmentLines.shipmentId, shipped.shipments[0]!.id));
    expect(parcel!.unitCost).toBe(1_234.5);
    const [moved] = await app.deps.db
      .select()
      .from(stockMovements)
      .where(sql`${stockMovements.reference} = ${shipped.number} and ${stockMovements.reason} = 'shipped'`);
    expect(moved!.unitCost).toBe(1_234.5);
    // The average is not changed by what leaves.
    const [cost] = await app.deps.db.select().from(skuCosts).where(eq(skuCosts.skuId, shop.skuId));
    expect(cost!.unitCost).toBe(1_234.5);
  });

  it('refuses more than was ordered, a warehouse without the stock, an unpaid order, a used tracking number', async () => {
    const { orderId } = await shop.paidOrder(2);
    const unpaid = await shop.placedOrder(1);
    const line = (await shop.staff.orders.get({ id: orderId })).lines[0]!;
    const before = await level();
    const number = tracking();
    await refused(
      shop.staff.orders.createShipment({
        orderId,
        warehouseId: shop.warehouseId,
        carrier: 'sf-express',
        trackingNumber: number,
        lines: [{ orderLineId: line.id, quantity: 3 }],
      }),
      'SHIPMENT_TOO_LARGE',
    );
    const empty = await shop.staff.inventory.createWarehouse({
      code: `EMPTY-${trackingSeq}`,
      name: 'Empty',
      country: 'DE',
      kind: 'third_party',
    });
    await refused(
      shop.staff.orders.createShipment({
        orderId,
        warehouseId: empty.id,
        carrier: 'dhl',
        trackingNumber: number,
      }),
      'INSUFFICIENT_STOCK',
    );
    await refused(
      shop.staff.orders.createShipment({
        orderId: unpaid.orderId,
        warehouseId: shop.warehouseId,
        carrier: 'dhl',
        trackingNumber: tracking(),
      }),
      'TRANSITION_NOT_ALLOWED',
    );
    await shop.staff.orders.createShipment({
      orderId,
      warehouseId: shop.warehouseId,
      carrier: 'dhl',
      trackingNumber: number,
      lines: [{ orderLineId: line.id, quantity: 1 }],
    });
    await refused(
      shop.staff.orders.createShipment({
        orderId,
        warehouseId: shop.warehouseId,
        carrier: 'dhl',
        trackingNumber: number,
      }),
      'TRACKING_NUMBER_TAKEN',
    );
    // Only the one good shipment moved stock.
    expect(await level()).toMatchObject({ onHand: before.onHand - 1, reserved: before.reserved - 1 });
    expect((await shop.staff.orders.get({ id: orderId })).status).toBe('partially_shipped');
  });
});

describe('tracking', () => {
  it('follows the journey to delivery through signed events, each stored once', async () => {
    const { customer, orderId } = await shop.paidOrder(1);
    const number = tracking();
    await shop.staff.orders.createShipment({
      orderId,
      warehouseId: shop.warehouseId,
      carrier: 'sf-express',
      trackingNumber: number,
    });
    app.clock.advance(2 * STEP());
    await emitDueTrackingEvents(emitter(), shop.send);
    let order = await customer.api.account.orders.get({ id: orderId });
    expect(order.status).toBe('shipped');
    expect(order.shipments[0]).toMatchObject({ stage: 'in_transit' });
    expect(order.shipments[0]!.events.map((e) => e.kind)).toEqual(['picked_up', 'in_transit']);
    app.clock.advance(6 * STEP());
    await emitDueTrackingEvents(emitter(), shop.send);
    order = await customer.api.account.orders.get({ id: orderId });
    expect(order.status).toBe('delivered');
    expect(order.deliveredAt).not.toBeNull();
    expect(order.shipments[0]).toMatchObject({ stage: 'delivered', progress: 1 });
    expect(order.shipments[0]!.events).toHaveLength(7);
    expect(order.shipments[0]!.route.every((r) => r.reached)).toBe(true);

    // The same event again, signed and fresh: accepted, stored once.
    const body = JSON.stringify({
      tracking_number: number,
      event_id: 'EV-REPLAY',
      kind: 'in_transit',
      location: 'Somewhere',
      description: 'Replayed',
      occurred_at: new Date().toISOString(),
    });
    const post = (payload: string, secret = app.deps.carrierSecret, at = app.clock.now().getTime()) =>
      shop.server.inject({
        method: 'POST',
        url: '/shipping/notify/sf-express',
        headers: {
          'content-type': 'application/json',
          [TIMESTAMP_HEADER]: String(at),
          [SIGNATURE_HEADER]: sign(secret, String(at), payload),
        },
        payload,
      });
    expect((await post(body)).json()).toMatchObject({ outcome: 'stored' });
    expect((await post(body)).json()).toMatchObject({ outcome: 'duplicate' });
    expect((await post(body, 'wrong-secret-wrong-secret')).statusCode).toBe(401);
    expect((await post(body, undefined, app.clock.now().getTime() - 600_000)).statusCode).toBe(400);
    expect((await post(body.replace(number, 'SF000UNKNOWN'))).json()).toMatchObject({
      reason: 'UNKNOWN_SHIPMENT',
    });
    expect((await post('{"kind":"teleported"}')).json()).toMatchObject({ reason: 'NOTIFICATION_MALFORMED' });
  });

  it('shows a carrier exception, and carries on when the parcel moves again', async () => {
    const { customer, orderId } = await shop.paidOrder(1);
    await shop.staff.orders.createShipment({
      orderId,
      warehouseId: shop.warehouseId,
      carrier: 'dhl',
      trackingNumber: `EXC${Date.now()}`,
    });
    app.clock.advance(6 * STEP());
    await emitDueTrackingEvents(emitter(), shop.send);
    let parcel = (await customer.api.account.orders.get({ id: orderId })).shipments[0]!;
    expect(parcel.exception).toContain('address could not be found');
    expect(parcel.stage).toBe('customs_cleared');
    app.clock.advance(3 * STEP());
    await emitDueTrackingEvents(emitter(), shop.send);
    const order = await customer.api.account.orders.get({ id: orderId });
    parcel = order.shipments[0]!;
    expect(parcel).toMatchObject({ exception: null, stage: 'delivered' });
    expect(parcel.events.map((e) => e.kind)).toContain('exception');
    expect(order.status).toBe('delivered');
  });

  it('polls the carrier for events whose push never arrived', async () => {
    const { orderId } = await shop.paidOrder(1);
    await shop.staff.orders.createShipment({
      orderId,
      warehouseId: shop.warehouseId,
      carrier: 'cainiao',
      trackingNumber: tracking(),
    });
    app.clock.advance(8 * STEP() + 16 * 60_000);
    // The webhook is down: nothing lands by push.
    expect(await emitDueTrackingEvents(emitter(), async () => 503)).toBe(0);
    expect(await pollQuietShipments(app.deps)).toBeGreaterThanOrEqual(7);
    expect((await (await shop.staffApi()).orders.get({ id: orderId })).status).toBe('delivered');
  });
});

describe('completion and points', () => {
  it('completes on the customer’s confirmation, earns points once, and a refund takes their share back', async () => {
    const { customer, orderId, total } = await delivered(2);
    const done = await customer.api.account.orders.confirmReceipt({ id: orderId });
    expect(done.status).toBe('completed');
    const points = await customer.api.account.points({});
    expect(points.balance).toBe(Math.floor(total / 100));
    expect(points.entries).toEqual([expect.objectContaining({ reason: 'earned', orderId })]);
    await refused(customer.api.account.orders.confirmReceipt({ id: orderId }), 'TRANSITION_NOT_ALLOWED');

    const line = done.lines[0]!;
    await customer.api.account.orders.requestRefund({
      orderId,
      reason: 'One tin was stale',
      lines: [{ orderLineId: line.id, quantity: 1 }],
    });
    const refund = (await shop.staff.orders.get({ id: orderId })).refunds[0]!;
    await shop.staff.orders.approveRefund({ refundId: refund.id });
    const after = await customer.api.account.points({});
    const reversed = after.entries.find((e) => e.reason === 'reversed')!;
    expect(reversed.points).toBe(-Math.floor((points.balance * refund.amount.amount) / total));
    expect(after.balance).toBe(points.balance + reversed.points);
    expect((await shop.staff.orders.get({ id: orderId })).status).toBe('completed');
  });

  it('spends points at checkout up to the store’s share, and gives them back if the order is cancelled', async () => {
    const { customer, orderId } = await delivered(4);
    await customer.api.account.orders.confirmReceipt({ id: orderId });
    const { balance } = await customer.api.account.points({});
    expect(balance).toBeGreaterThan(0);
    await customer.api.cart.add({ skuId: shop.skuId, quantity: 1 });
    const [address] = await customer.api.account.addresses.list();
    const ask = { addressId: address!.id, shippingMethodId: shop.standardId, currency: 'USD' } as const;
    const without = await customer.api.checkout.quote(ask);
    const withPoints = await customer.api.checkout.quote({ ...ask, redeemPoints: true });
    // 100 points make $1, and points pay at most 20% of the goods ($25 here).
    expect(withPoints.points.used.amount.amount).toBe(Math.min(balance, 500));
    expect(withPoints.total.amount).toBeLessThan(without.total.amount);
    const placed = await customer.api.checkout.placeOrder({
      ...ask,
      redeemPoints: true,
      idempotencyKey: `key-${crypto.randomUUID()}`,
    });
    const order = await customer.api.account.orders.get({ id: placed.id });
    expect(order.pointsRedeemed).toBe(withPoints.points.used.points);
    expect(order.pointsDiscount.amount).toBe(withPoints.points.used.amount.amount);
    expect(order.total.amount).toBe(withPoints.total.amount);
    expect((await customer.api.account.points({})).balance).toBe(balance - order.pointsRedeemed);
    await customer.api.account.orders.cancel({ id: placed.id });
    expect((await customer.api.account.points({})).balance).toBe(balance);
  });

  it('completes by itself 7 days after delivery', async () => {
    const { orderId } = await delivered(1);
    await autoCompleteDelivered(app.deps);
    expect((await shop.staff.orders.get({ id: orderId })).status).toBe('delivered');
    app.clock.advance(7 * 86_400_000 + 1000);
    expect(await autoCompleteDelivered(app.deps)).toBeGreaterThanOrEqual(1);
    expect((await (await shop.staffApi()).orders.get({ id: orderId })).status).toBe('completed');
    const earned = await app.deps.db.select().from(pointsLedger).where(eq(pointsLedger.orderId, orderId));
    expect(earned).toHaveLength(1);
  });

  it('keeps every stock level equal to the sum of its ledger after shipping and refunds', async () => {
    const [{ mismatches }] = resultRows<{ mismatches: number }>(
      await app.deps.db.execute(sql`
        select count(*)::int as mismatches from stock_levels l
        where l.on_hand <> (select coalesce(sum(on_hand_delta), 0) from stock_movements m where m.sku_id = l.sku_id and m.warehouse_id = l.warehouse_id)
           or l.reserved <> (select coalesce(sum(reserved_delta), 0) from stock_movements m where m.sku_id = l.sku_id and m.warehouse_id = l.warehouse_id)`),
    ) as [{ mismatches: number }];
    expect(mismatches).toBe(0);
    expect((await app.deps.db.select().from(shipments)).length).toBeGreaterThan(0);
  });
});

describe('reviews', () => {
  it('takes one review per delivered line, shows it once approved, and counts helpful votes once', async () => {
    const early = await shop.paidOrder(1);
    const earlyLine = (await early.customer.api.account.orders.get({ id: early.orderId })).lines[0]!;
    const review = {
      rating: 4,
      title: 'Fresh and sweet',
      body: 'Bright, nutty, and very fresh. Would buy again.',
    };
    await refused(
      early.customer.api.reviews.create({ orderLineId: earlyLine.id, ...review }),
      'REVIEW_NOT_ALLOWED',
    );

    const { customer, orderId } = await delivered(1);
    const line = (await customer.api.account.orders.get({ id: orderId })).lines[0]!;
    for (const rating of [0, 6, 2.5]) {
      await refused(
        customer.api.reviews.create({ orderLineId: line.id, ...review, rating }),
        'VALIDATION_FAILED',
      );
    }
    await refused(early.customer.api.reviews.create({ orderLineId: line.id, ...review }), 'NOT_FOUND');
    // A photo goes up first, under the customer's own prefix; someone else's cannot be named.
    const base = await shop.server.listen({ host: '127.0.0.1', port: 0 });
    const form = new FormData();
    const png = await sharp({
      create: { width: 640, height: 480, channels: 3, background: { r: 90, g: 160, b: 60 } },
    })
      .png()
      .toBuffer();
    form.append('file', new Blob([new Uint8Array(png)]), 'tea.png');
    const uploaded = await fetch(`${base}/uploads/reviews/images`, {
      method: 'POST',
      headers: { authorization: `Bearer ${customer.session.accessToken}` },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    const { imageId } = (await uploaded.json()) as { imageId: string };
    await refused(
      early.customer.api.reviews.create({ orderLineId: earlyLine.id, ...review, images: [imageId] }),
      'REVIEW_NOT_ALLOWED',
    );
    const stolen = imageId.replace(customer.id, early.customer.id);
    await refused(
      customer.api.reviews.create({ orderLineId: line.id, ...review, images: [stolen] }),
      'VALIDATION_FAILED',
    );
    const created = await customer.api.reviews.create({ orderLineId: line.id, ...review, images: [imageId] });
    expect(created.status).toBe('pending');
    await refused(customer.api.reviews.create({ orderLineId: line.id, ...review }), 'REVIEW_EXISTS');
    expect((await customer.api.account.orders.get({ id: orderId })).lines[0]!.reviewed).toBe(true);

    const shopper = app.caller();
    expect((await shopper.reviews.forProduct({ slug: 'longjing' })).items).toEqual([]);
    const queue = await shop.staff.reviews.queue({});
    expect(queue.items.map((r) => r.id)).toContain(created.id);
    await shop.staff.reviews.approve({ reviewId: created.id });
    await refused(shop.staff.reviews.reject({ reviewId: created.id }), 'REVIEW_NOT_PENDING');
    const listed = await shopper.reviews.forProduct({ slug: 'longjing' });
    expect(listed.items).toEqual([
      expect.objectContaining({ id: created.id, rating: 4, verifiedPurchase: true, helpfulCount: 0 }),
    ]);
    const photo = await fetch(`${base}${listed.items[0]!.images[0]!.thumb}`);
    expect(photo.status).toBe(200);
    const product = await shopper.shop.product({ slug: 'longjing', locale: 'en', currency: 'USD' });
    expect(product.rating).toMatchObject({ count: 1 });

    await refused(customer.api.reviews.markHelpful({ reviewId: created.id }), 'CANNOT_VOTE_OWN');
    await early.customer.api.reviews.markHelpful({ reviewId: created.id });
    await early.customer.api.reviews.markHelpful({ reviewId: created.id });
    expect(
      (await shopper.reviews.forProduct({ slug: 'longjing', sort: 'helpful' })).items[0]!.helpfulCount,
    ).toBe(1);
  });
});
