// Staff manage promotions and coupon codes: rules validated by the shared contracts, limits the
// database keeps, codes unique in any case, batches of random codes, everything audited.
import { promotions } from '@crossdock/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectReason } from './errors';
import { createTestApp, type TestApp } from './harness';

let app: TestApp;
let staff: Awaited<ReturnType<TestApp['staff']>>['api'];

beforeAll(async () => {
  app = await createTestApp();
  staff = (await app.staff(['Operations'])).api;
});
afterAll(async () => {
  await app?.cleanup();
});

const tiers = {
  kind: 'tiered' as const,
  tiers: [
    { threshold: 30_000, amount: 3_000 },
    { threshold: 50_000, amount: 6_000 },
  ],
};

describe('promotions', () => {
  it('creates an automatic promotion with sensible defaults and audits it', async () => {
    const created = await staff.promotions.create({ name: { en: 'Spend more, save more' }, benefit: tiers });
    expect(created).toMatchObject({
      target: { kind: 'order' },
      stacking: 'stackable',
      priority: 0,
      requiresCoupon: false,
      status: 'active',
      timesUsed: 0,
      budgetUsed: 0,
    });
    expect(await staff.promotions.get({ id: created.id })).toMatchObject({
      name: { en: 'Spend more, save more' },
      coupons: 0,
    });
    const admin = (await app.staff(['Administrator'])).api;
    const audit = await admin.audit.list({ entityId: created.id });
    expect(audit.items.map((e) => e.action)).toEqual(['promotion.created']);
  });

  it('refuses rules that make no sense, with the field named', async () => {
    await expectReason(
      staff.promotions.create({
        name: { en: 'Backwards' },
        benefit: tiers,
        startsAt: new Date('2026-12-02'),
        endsAt: new Date('2026-12-01'),
      }),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
    await expectReason(
      staff.promotions.create({
        name: { en: 'Too much' },
        benefit: { kind: 'percent_off', basisPoints: 10_001 },
      }),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
    await expectReason(
      staff.promotions.create({
        name: { en: 'Tier gives more than it asks' },
        benefit: { kind: 'tiered', tiers: [{ threshold: 100, amount: 200 }] },
      }),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
    await expectReason(
      staff.promotions.create({
        name: { en: 'Ghost category' },
        benefit: { kind: 'percent_off', basisPoints: 1000 },
        target: { kind: 'categories', ids: [crypto.randomUUID()] },
      }),
      'BAD_REQUEST',
      'UNKNOWN_CATEGORY',
    );
  });

  it('edits only what is named, and never a limit below what was used', async () => {
    const p = await staff.promotions.create({
      name: { en: 'Ten off' },
      benefit: { kind: 'amount_off', amount: 1_000 },
      usageLimit: 100,
    });
    const edited = await staff.promotions.update({ id: p.id, priority: 5 });
    expect(edited).toMatchObject({ priority: 5, usageLimit: 100, name: { en: 'Ten off' } });
    await app.deps.db.update(promotions).set({ timesUsed: 40 }).where(eq(promotions.id, p.id));
    await expectReason(
      staff.promotions.update({ id: p.id, usageLimit: 39 }),
      'BAD_REQUEST',
      'LIMIT_BELOW_USAGE',
    );
    await expectReason(
      staff.promotions
        .update({ id: p.id, startsAt: new Date('2027-01-02'), endsAt: null })
        .then(() => staff.promotions.update({ id: p.id, endsAt: new Date('2027-01-01') })),
      'BAD_REQUEST',
      'INVALID_WINDOW',
    );
    await expectReason(
      staff.promotions.update({ id: crypto.randomUUID(), priority: 1 }),
      'NOT_FOUND',
      'NOT_FOUND',
    );
  });

  it('pauses and archives, and lists by status', async () => {
    const p = await staff.promotions.create({
      name: { en: 'Pausable', 'zh-CN': '可暂停' },
      benefit: { kind: 'free_shipping' },
      minSpend: 5_000,
    });
    await staff.promotions.setStatus({ id: p.id, status: 'paused' });
    const paused = await staff.promotions.list({ status: 'paused' });
    expect(paused.items.map((i) => i.id)).toEqual([p.id]);
    const searched = await staff.promotions.list({ q: 'pausa' });
    expect(searched.items.map((i) => i.name.en)).toEqual(['Pausable']);
    // Staff find it by its name in either language.
    expect((await staff.promotions.list({ q: '暂停' })).items.map((i) => i.id)).toEqual([p.id]);
  });
});

describe('coupon codes', () => {
  it('issues codes only for promotions that require one, unique in any case', async () => {
    const auto = await staff.promotions.create({
      name: { en: 'Automatic' },
      benefit: { kind: 'amount_off', amount: 500 },
    });
    await expectReason(
      staff.promotions.coupons.create({ promotionId: auto.id, code: 'AUTO5' }),
      'PRECONDITION_FAILED',
      'PROMOTION_NOT_COUPON',
    );

    const coupon = await staff.promotions.create({
      name: { en: 'Welcome' },
      benefit: { kind: 'percent_off', basisPoints: 1000 },
      requiresCoupon: true,
    });
    const code = await staff.promotions.coupons.create({
      promotionId: coupon.id,
      code: 'welcome-10',
      usageLimit: 5,
    });
    expect(code).toMatchObject({ code: 'WELCOME-10', usageLimit: 5, timesUsed: 0 });
    await expectReason(
      staff.promotions.coupons.create({ promotionId: coupon.id, code: 'Welcome-10' }),
      'CONFLICT',
      'COUPON_CODE_TAKEN',
    );
    await expectReason(
      staff.promotions.coupons.create({ promotionId: coupon.id, code: "x'; drop" }),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
    await expectReason(
      staff.promotions.update({ id: coupon.id, requiresCoupon: false }),
      'PRECONDITION_FAILED',
      'PROMOTION_NOT_COUPON',
    );
  });

  it('generates a batch of unique single-use codes and pages through them', async () => {
    const p = await staff.promotions.create({
      name: { en: 'Mailing' },
      benefit: { kind: 'amount_off', amount: 1_500 },
      requiresCoupon: true,
    });
    const batch = await staff.promotions.coupons.generate({ promotionId: p.id, prefix: 'nov', count: 250 });
    expect(batch.count).toBe(250);
    const codes: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await staff.promotions.coupons.list({ promotionId: p.id, limit: 100, cursor });
      codes.push(...page.items.map((c) => c.code));
      for (const c of page.items) expect(c.usageLimit).toBe(1);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(codes).toHaveLength(250);
    expect(new Set(codes).size).toBe(250);
    for (const c of codes) expect(c).toMatch(/^NOV-[2-9A-HJKMNP-Z]{8}$/);
    expect((await staff.promotions.get({ id: p.id })).coupons).toBe(250);
  });

  it('is closed to staff without the promotions permissions', async () => {
    const { api: warehouse } = await app.staff(['Warehouse']);
    await expectReason(warehouse.promotions.list({}), 'FORBIDDEN', 'PERMISSION_DENIED');
  });
});
