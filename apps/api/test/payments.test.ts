// Payments and refunds on real databases, through the real HTTP routes (webhook and simulated
// cashier, via Fastify's inject): only a verified notification or a status query marks an order
// paid; duplicates and concurrent deliveries capture once; bad notifications change nothing;
// money for a cancelled order goes back by itself; refunds never exceed the capture.
import { resultRows } from '@crossdock/db/client';
import { payments, refunds, simRefunds, simTransactions, stockLevels } from '@crossdock/db/schema';
import { money, toDecimalString } from '@crossdock/domain/money';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../src/infra/payment-providers/signing';
import {
  type SendNotification,
  sendDueNotifications,
} from '../src/infra/payment-providers/simulator-notifier';
import { expireUnpaidOrders } from '../src/modules/orders/orders.service';
import { createTestApp, type TestApp } from './harness';
import { type Customer, createShop, refused } from './shop-fixtures';

let app: TestApp;
let shop: Awaited<ReturnType<typeof createShop>>;
let server: Shop['server'];
let staff: Shop['staff'];
let skuId: string;
type Shop = Awaited<ReturnType<typeof createShop>>;

beforeAll(async () => {
  app = await createTestApp({ limitRules: { loginPerIp: { points: 10_000, durationSeconds: 60 } } });
  shop = await createShop(app);
  ({ server, staff, skuId } = shop);
});
afterAll(async () => {
  await shop?.server.close();
  await app?.cleanup();
});

const send: SendNotification = (...args) => shop.send(...args);
const notifier = () => shop.notifier();
const placedOrder = (quantity?: number) => shop.placedOrder(quantity);
const paidOrder = (quantity?: number) => shop.paidOrder(quantity);
const startAlipay = (customer: Customer, orderId: string) => shop.startAlipay(customer, orderId);

/** A notification as the Alipay simulator would sign it, with fields overridable. */
function alipayNotification(
  fields: Record<string, string>,
  options: { timestamp?: number; secret?: string } = {},
) {
  const body = new URLSearchParams({ trade_status: 'TRADE_SUCCESS', currency: 'USD', ...fields }).toString();
  const timestamp = String(options.timestamp ?? app.clock.now().getTime());
  return {
    method: 'POST' as const,
    url: '/payments/notify/alipay',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-alipay-timestamp': timestamp,
      'x-alipay-signature': sign(options.secret ?? app.deps.providerSecrets.alipay, timestamp, body),
    },
    payload: body,
  };
}

const orderStatus = async (customer: Customer, id: string) =>
  (await customer.api.account.orders.get({ id })).status;
const dollars = (amount: number) => toDecimalString(money(amount, 'USD'));

describe('paying', () => {
  it('pays through the cashier: the return alone marks nothing, the notification does', async () => {
    const { customer, orderId, total } = await placedOrder();
    const { cashierUrl, paymentId } = await startAlipay(customer, orderId);
    const path = new URL(cashierUrl).pathname;
    const page = await server.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`${dollars(total)} USD`);
    expect(page.body).toContain('<svg');

    const back = await server.inject({ method: 'POST', url: `${path}/pay` });
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toContain(`/account/orders/${orderId}/payment`);
    expect(await orderStatus(customer, orderId)).toBe('pending_payment');

    expect(await sendDueNotifications(notifier(), send)).toBe(1);
    const order = await customer.api.account.orders.get({ id: orderId });
    expect(order.status).toBe('paid');
    expect(order.reservationExpiresAt).toBeNull();
    expect(order.payments).toEqual([
      expect.objectContaining({ id: paymentId, provider: 'alipay', status: 'captured' }),
    ]);
    expect(order.timeline.map((e) => e.type)).toEqual(['placed', 'pay']);
    // Nothing is due any more: the provider stops once it got a 2xx.
    expect(await sendDueNotifications(notifier(), send)).toBe(0);
  });

  it('pays with WeChat Pay (JSON notifications) too', async () => {
    const { customer, orderId } = await placedOrder(1);
    const { cashierUrl } = await customer.api.payments.start({ orderId, provider: 'wechat_pay' });
    await server.inject({ method: 'POST', url: `${new URL(cashierUrl).pathname}/pay` });
    expect(await sendDueNotifications(notifier(), send)).toBe(1);
    expect(await orderStatus(customer, orderId)).toBe('paid');
  });

  it('captures once for a notification delivered five times, and five at once', async () => {
    const { customer, orderId, total } = await placedOrder(1);
    const { paymentId, tradeNo } = await startAlipay(customer, orderId);
    const request = alipayNotification({
      out_trade_no: paymentId,
      trade_no: tradeNo,
      total_amount: dollars(total),
    });
    for (let i = 0; i < 5; i++) expect((await server.inject(request)).statusCode).toBe(200);
    const other = await placedOrder(1);
    const second = await startAlipay(other.customer, other.orderId);
    const concurrent = alipayNotification({
      out_trade_no: second.paymentId,
      trade_no: second.tradeNo,
      total_amount: dollars(other.total),
    });
    const answers = await Promise.all(Array.from({ length: 5 }, () => server.inject(concurrent)));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200]);
    for (const [c, id] of [
      [customer, orderId],
      [other.customer, other.orderId],
    ] as const) {
      const order = await c.api.account.orders.get({ id });
      expect(order.status).toBe('paid');
      expect(order.timeline.filter((e) => e.type === 'pay')).toHaveLength(1);
    }
  });

  it('refuses bad notifications with a clear error and changes nothing', async () => {
    const { customer, orderId, total } = await placedOrder(1);
    const { paymentId, tradeNo } = await startAlipay(customer, orderId);
    const good = { out_trade_no: paymentId, trade_no: tradeNo, total_amount: dollars(total) };
    const cases: [ReturnType<typeof alipayNotification>, number, string][] = [
      [alipayNotification(good, { secret: 'not-the-secret-not-the-secret' }), 401, 'SIGNATURE_INVALID'],
      [
        alipayNotification(good, { timestamp: app.clock.now().getTime() - 6 * 60_000 }),
        400,
        'NOTIFICATION_EXPIRED',
      ],
      [alipayNotification({ ...good, out_trade_no: crypto.randomUUID() }), 404, 'UNKNOWN_PAYMENT'],
      [alipayNotification({ ...good, out_trade_no: 'SO-not-ours' }), 404, 'UNKNOWN_PAYMENT'],
      [alipayNotification({ ...good, total_amount: dollars(total - 1) }), 400, 'AMOUNT_MISMATCH'],
      [alipayNotification({ ...good, currency: 'EUR' }), 400, 'AMOUNT_MISMATCH'],
      [alipayNotification({ ...good, total_amount: 'lots' }), 400, 'NOTIFICATION_MALFORMED'],
      [alipayNotification({ ...good, trade_status: 'MAYBE' }), 400, 'NOTIFICATION_MALFORMED'],
    ];
    const unsigned = alipayNotification(good);
    cases.push([
      { ...unsigned, headers: { 'content-type': unsigned.headers['content-type'] } } as never,
      401,
      'SIGNATURE_INVALID',
    ]);
    const tampered = alipayNotification(good);
    cases.push([
      { ...tampered, payload: tampered.payload.replace('TRADE_SUCCESS', 'TRADE_CLOSED') },
      401,
      'SIGNATURE_INVALID',
    ]);
    for (const [request, status, reason] of cases) {
      const answer = await server.inject(request);
      expect({ status: answer.statusCode, reason: answer.json().reason }).toEqual({ status, reason });
    }
    expect(await orderStatus(customer, orderId)).toBe('pending_payment');
    const [payment] = await app.deps.db.select().from(payments).where(eq(payments.id, paymentId));
    expect(payment!.status).toBe('pending');
  });

  it('refunds by itself money that arrives after the order was cancelled, and flags it', async () => {
    const { customer, orderId, total } = await placedOrder(1);
    const { cashierUrl, tradeNo } = await startAlipay(customer, orderId);
    await customer.api.account.orders.cancel({ id: orderId });
    await server.inject({ method: 'POST', url: `${new URL(cashierUrl).pathname}/pay` });
    expect(await sendDueNotifications(notifier(), send)).toBe(1);
    const order = await staff.orders.get({ id: orderId });
    expect(order.status).toBe('cancelled');
    expect(order.payments[0]).toMatchObject({ status: 'captured', flag: 'paid_after_cancel' });
    expect(order.refunds).toEqual([expect.objectContaining({ kind: 'late_payment', status: 'succeeded' })]);
    const back = await app.deps.db.select().from(simRefunds).where(eq(simRefunds.transactionId, tradeNo));
    expect(back.map((r) => r.amount)).toEqual([total]);
  });

  it('refuses to start paying an order that is paid, cancelled or not the customer’s', async () => {
    const { customer, orderId } = await placedOrder(1);
    await customer.api.account.orders.cancel({ id: orderId });
    await refused(customer.api.payments.start({ orderId, provider: 'alipay' }), 'ORDER_NOT_PAYABLE');
    const stranger = await app.customer();
    const other = await placedOrder(1);
    await refused(stranger.api.payments.start({ orderId: other.orderId, provider: 'alipay' }), 'NOT_FOUND');
  });

  it('finds a payment whose notification is late by asking the provider', async () => {
    const { customer, orderId } = await placedOrder(1);
    const { cashierUrl } = await startAlipay(customer, orderId);
    await server.inject({ method: 'POST', url: `${new URL(cashierUrl).pathname}/pay` });
    expect(await customer.api.payments.status({ orderId })).toEqual({
      orderStatus: 'paid',
      payment: { provider: 'alipay', status: 'captured', flag: null },
    });
    // The notification still arrives later, and changes nothing.
    expect(await sendDueNotifications(notifier(), send)).toBe(1);
    expect(await orderStatus(customer, orderId)).toBe('paid');
  });

  it('retries a notification the shop did not take, with growing delays', async () => {
    const { customer, orderId } = await placedOrder(1);
    const { cashierUrl, tradeNo } = await startAlipay(customer, orderId);
    await server.inject({ method: 'POST', url: `${new URL(cashierUrl).pathname}/pay` });
    const down: SendNotification = async () => 503;
    expect(await sendDueNotifications(notifier(), down)).toBe(0);
    const [after] = await app.deps.db.select().from(simTransactions).where(eq(simTransactions.id, tradeNo));
    expect(after).toMatchObject({ notifyAttempts: 1, lastNotifyStatus: 503, notifiedAt: null });
    // Two seconds after the attempt (the test clock moves a millisecond per reading).
    const wait = after!.nextNotifyAt!.getTime() - app.clock.now().getTime();
    expect(wait).toBeGreaterThan(1_990);
    expect(wait).toBeLessThanOrEqual(2_000);
    expect(await sendDueNotifications(notifier(), send)).toBe(0); // not due yet
    app.clock.advance(2000);
    expect(await sendDueNotifications(notifier(), down)).toBe(0);
    app.clock.advance(4000);
    expect(await sendDueNotifications(notifier(), send)).toBe(1);
    expect(await orderStatus(customer, orderId)).toBe('paid');
  });
});

const key = () => `refund-${crypto.randomUUID()}`;

async function reservedOf() {
  const [row] = await app.deps.db.select().from(stockLevels).where(eq(stockLevels.skuId, skuId));
  return row!.reserved;
}

describe('refunds', () => {
  it('refunds part of a line to the original payment, and the rest later, exactly', async () => {
    const { orderId, total, tradeNo } = await paidOrder(2);
    const before = await staff.orders.get({ id: orderId });
    const line = before.lines[0]!;
    const reservedBefore = await reservedOf();
    const partial = await staff.orders.refund({
      orderId,
      reason: 'One tin arrived dented',
      lines: [{ orderLineId: line.id, quantity: 1 }],
      idempotencyKey: key(),
    });
    expect(partial.status).toBe('paid');
    expect(partial.lines[0]).toMatchObject({ refundedQuantity: 1 });
    const firstAmount = partial.refunded.amount;
    expect(firstAmount).toBe(Math.floor(line.total.amount / 2));
    // Not shipped yet: the refunded unit goes back on sale.
    expect(await reservedOf()).toBe(reservedBefore - 1);
    const rest = await staff.orders.refund({
      orderId,
      reason: 'Customer changed their mind',
      idempotencyKey: key(),
    });
    expect(rest.status).toBe('refunded');
    expect(rest.refunded.amount).toBe(total);
    expect(rest.refunds.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    const provider = await app.deps.db.select().from(simRefunds).where(eq(simRefunds.transactionId, tradeNo));
    expect(provider.reduce((s, r) => s + r.amount, 0)).toBe(total);
  });

  it('refuses a refund above what was captured, of a line already refunded, or of an unpaid order', async () => {
    const { orderId, total } = await paidOrder(1);
    await refused(
      staff.orders.refund({ orderId, reason: 'Too much', amount: total + 1, idempotencyKey: key() }),
      'REFUND_TOO_LARGE',
    );
    const line = (await staff.orders.get({ id: orderId })).lines[0]!;
    await staff.orders.refund({
      orderId,
      reason: 'Broken',
      lines: [{ orderLineId: line.id, quantity: 1 }],
      idempotencyKey: key(),
    });
    await refused(
      staff.orders.refund({
        orderId,
        reason: 'Broken',
        lines: [{ orderLineId: line.id, quantity: 1 }],
        idempotencyKey: key(),
      }),
      'LINE_ALREADY_REFUNDED',
    );
    const unpaid = await placedOrder(1);
    await refused(
      staff.orders.refund({ orderId: unpaid.orderId, reason: 'Nope', amount: 100, idempotencyKey: key() }),
      'NOT_PAID',
    );
    await refused(
      staff.orders.refund({ orderId, reason: 'x', amount: 0, idempotencyKey: key() }),
      'VALIDATION_FAILED',
    );
  });

  it('lets only one of two concurrent refunds through when together they exceed the capture', async () => {
    const { orderId, total, paymentId } = await paidOrder(2);
    const amount = Math.ceil(total * 0.6);
    const outcomes = await Promise.allSettled([
      staff.orders.refund({ orderId, reason: 'Goodwill A', amount, idempotencyKey: key() }),
      staff.orders.refund({ orderId, reason: 'Goodwill B', amount, idempotencyKey: key() }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const [payment] = await app.deps.db.select().from(payments).where(eq(payments.id, paymentId));
    expect(payment!.refundedAmount).toBe(amount);
  });

  it('refunds once for one idempotency key, however often it is sent', async () => {
    const { orderId } = await paidOrder(1);
    const idempotencyKey = key();
    await Promise.all(
      Array.from({ length: 5 }, () =>
        staff.orders.refund({ orderId, reason: 'Late', amount: 100, idempotencyKey }),
      ),
    );
    const rows = await app.deps.db.select().from(refunds).where(eq(refunds.orderId, orderId));
    expect(rows.map((r) => r.amount)).toEqual([100]);
  });

  it('lets a customer ask; staff approve (stock goes back) or reject (the order carries on)', async () => {
    const { customer, orderId, total } = await paidOrder(2);
    const reserved = await reservedOf();
    const asked = await customer.api.account.orders.requestRefund({ orderId, reason: 'Ordered by mistake' });
    expect(asked.status).toBe('refund_requested');
    await refused(
      customer.api.account.orders.requestRefund({ orderId, reason: 'Again please' }),
      'REFUND_NOT_ALLOWED',
    );
    const refundId = asked.refunds[0]!.id;
    const approved = await staff.orders.approveRefund({ refundId, note: 'Not shipped yet' });
    expect(approved.status).toBe('refunded');
    expect(approved.refunded.amount).toBe(total);
    expect(await reservedOf()).toBe(reserved - 2);
    await refused(staff.orders.approveRefund({ refundId }), 'REFUND_NOT_PENDING');

    const other = await paidOrder(1);
    const again = await other.customer.api.account.orders.requestRefund({
      orderId: other.orderId,
      reason: 'Changed my mind',
    });
    const rejected = await staff.orders.rejectRefund({
      refundId: again.refunds[0]!.id,
      note: 'Already packed',
    });
    expect(rejected.status).toBe('paid');
    expect(rejected.refunds[0]).toMatchObject({ status: 'rejected', decisionNote: 'Already packed' });
  });

  it('refuses a customer refund request on an unpaid order', async () => {
    const { customer, orderId } = await placedOrder(1);
    await refused(
      customer.api.account.orders.requestRefund({ orderId, reason: 'Please refund' }),
      'REFUND_NOT_ALLOWED',
    );
    const [{ n }] = resultRows<{ n: number }>(
      await app.deps.db.execute(sql`select count(*)::int as n from refunds where order_id = ${orderId}`),
    ) as [{ n: number }];
    expect(n).toBe(0);
  });
});

describe('settlement', () => {
  async function paidWithWechat() {
    const placed = await placedOrder(1);
    const { cashierUrl, paymentId } = await placed.customer.api.payments.start({
      orderId: placed.orderId,
      provider: 'wechat_pay',
    });
    await server.inject({ method: 'POST', url: `${new URL(cashierUrl).pathname}/pay` });
    await sendDueNotifications(notifier(), send);
    const [payment] = await app.deps.db.select().from(payments).where(eq(payments.id, paymentId));
    return { ...placed, transactionId: payment!.providerTransactionId! };
  }

  it('matches the provider’s file to payments and refunds, and lists what does not match', async () => {
    const day = app.clock.now().toISOString().slice(0, 10);
    const a = await paidWithWechat();
    const b = await paidWithWechat();
    const c = await paidWithWechat();
    await staff.orders.refund({ orderId: a.orderId, reason: 'Goodwill', amount: 100, idempotencyKey: key() });
    const csv = await staff.finance.settlements.download({ provider: 'wechat_pay', date: day });
    expect(csv.split('\n')[0]).toBe('transaction_id,type,amount,fee,net,currency,date');

    const clean = await staff.finance.settlements.import({ provider: 'wechat_pay', date: day, csv });
    const cleanLines = (await staff.finance.settlements.get({ id: clean.id })).lines;
    const ours = cleanLines.filter((l) => [a, b, c].some((o) => o.transactionId === l.transactionId));
    expect(ours.map((l) => l.status)).toEqual(['matched', 'matched', 'matched']);
    expect(cleanLines.find((l) => l.kind === 'refund')).toMatchObject({ status: 'matched', amount: 100 });

    // The provider's file disagrees: b's amount, c left out, and a transaction we never saw.
    const tampered = csv
      .split('\n')
      .filter((line) => !line.startsWith(c.transactionId))
      .map((line) =>
        line.startsWith(b.transactionId) ? line.replace(/,payment,[\d.]+,/, ',payment,1.00,') : line,
      )
      .join('\n')
      .concat(`4200UNKNOWN000001,payment,12.00,0.07,11.93,USD,${day}\n`);
    const bad = await staff.finance.settlements.import({ provider: 'wechat_pay', date: day, csv: tampered });
    const lines = (await staff.finance.settlements.get({ id: bad.id })).lines;
    const statusOf = (id: string) => lines.find((l) => l.transactionId === id)?.status;
    expect(statusOf(a.transactionId)).toBe('matched');
    expect(lines.find((l) => l.transactionId === b.transactionId)).toMatchObject({
      status: 'amount_differs',
      amount: 100,
      expectedAmount: b.total,
    });
    expect(lines.find((l) => l.transactionId === c.transactionId)).toMatchObject({
      status: 'missing',
      expectedAmount: c.total,
    });
    expect(statusOf('4200UNKNOWN000001')).toBe('unknown');
    expect(bad.mismatched).toBe(3);

    const open = lines.find((l) => l.status === 'unknown')!;
    await staff.finance.settlements.resolve({ lineId: open.id, note: 'Asked WeChat Pay support' });
    await refused(staff.finance.settlements.resolve({ lineId: open.id, note: 'Again' }), 'NOT_FOUND');
  });

  it('refuses a file that is not a settlement file, naming the line', async () => {
    const day = app.clock.now().toISOString().slice(0, 10);
    await refused(
      staff.finance.settlements.import({ provider: 'alipay', date: day, csv: 'id,amount\n1,2\n' }),
      'VALIDATION_FAILED',
    );
    const error = await refused(
      staff.finance.settlements.import({
        provider: 'alipay',
        date: day,
        csv: `transaction_id,type,amount,fee,net,currency,date\nX1,payment,abc,0,0,USD,${day}\n`,
      }),
      'VALIDATION_FAILED',
    );
    expect(error.message).toContain('line 2');
    // A broken quote is said as such, with where it is.
    const broken = await refused(
      staff.finance.settlements.import({
        provider: 'alipay',
        date: day,
        csv: `transaction_id,type,amount,fee,net,currency,date\n"X1,payment,1.00,0,1.00,USD,${day}\n`,
      }),
      'VALIDATION_FAILED',
    );
    expect(broken.message).toContain('quote is not closed');
  });

  it('reads a field that holds a line break, as quoted CSV allows (the file splits lines no more)', async () => {
    const day = app.clock.now().toISOString().slice(0, 10);
    const csv = await staff.finance.settlements.download({ provider: 'alipay', date: day });
    const [header, ...rest] = csv.trim().split('\n');
    // The provider quotes every field, and one id carries a line break: an unknown transaction.
    const quoted = [header, ...rest, `"2026\nODD","payment","3.00","0.02","2.98","USD","${day}"`].join(
      '\r\n',
    );
    const imported = await staff.finance.settlements.import({
      provider: 'alipay',
      date: day,
      csv: `\uFEFF${quoted}`,
    });
    const lines = (await staff.finance.settlements.get({ id: imported.id })).lines;
    expect(lines.find((l) => l.transactionId === '2026\nODD')).toMatchObject({
      status: 'unknown',
      amount: 300,
    });
  });
});

describe('payment after expiry', () => {
  it('refunds money that arrives after the hold ran out and the order expired', async () => {
    const { customer, orderId } = await placedOrder(1);
    const { cashierUrl } = await startAlipay(customer, orderId);
    app.clock.advance(16 * 60_000);
    await expireUnpaidOrders(app.deps);
    // The shopper pays late, at the cashier still open in their browser.
    await server.inject({ method: 'POST', url: `${new URL(cashierUrl).pathname}/pay` });
    expect(await sendDueNotifications(notifier(), send)).toBeGreaterThanOrEqual(1);
    const order = await (await shop.staffApi()).orders.get({ id: orderId });
    expect(order.status).toBe('cancelled');
    expect(order.payments[0]).toMatchObject({ status: 'captured', flag: 'paid_after_cancel' });
    expect(order.refunds).toEqual([expect.objectContaining({ kind: 'late_payment', status: 'succeeded' })]);
  });
});
