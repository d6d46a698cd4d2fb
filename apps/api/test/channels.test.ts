// Marketplace shops: staff add and change them; credentials are sealed at rest, never returned
// or audited in the clear, and a key rotation re-seals them all.
import { auditLog, shops } from '@crossdock/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyring, newKey, open } from '../src/infra/credentials';
import { rotateCredentials, shopCredentialsFor } from '../src/modules/channels/shops.service';
import { expectReason } from './errors';
import { createTestApp, type TestApp } from './harness';

let app: TestApp;
let staff: Awaited<ReturnType<TestApp['staff']>>['api'];
let warehouseId: string;
let fbaId: string;

beforeAll(async () => {
  app = await createTestApp();
  staff = (await app.staff(['Operations'])).api;
  warehouseId = (
    await staff.inventory.createWarehouse({ code: 'SZ-1', name: 'Shenzhen', country: 'CN', kind: 'own' })
  ).id;
  fbaId = (
    await staff.inventory.createWarehouse({
      code: 'FBA-DE',
      name: 'FBA Germany',
      country: 'DE',
      kind: 'marketplace',
    })
  ).id;
});
afterAll(async () => {
  await app?.cleanup();
});

const amazonSecrets = {
  platform: 'amazon' as const,
  sellingPartnerId: 'A3SELLERDEMO01',
  clientId: 'amzn1.application-oa2-client.0123456789',
  clientSecret: 'amzn1.oa2-cs.v1.very-secret-value',
  refreshToken: 'Atzr|IwEBIrefresh-token-secret',
};

const amazonDe = () => ({
  name: 'Amazon DE',
  platform: 'amazon' as const,
  marketplace: 'A1PA6795UKMFR9',
  currency: 'EUR',
  timeZone: 'Europe/Berlin',
  warehouseId: fbaId,
  stockBuffer: 2,
  credentials: amazonSecrets,
});

describe('shops', () => {
  it('adds a shop with its credentials sealed: the view, the row and the audit hold no secret', async () => {
    const shop = await staff.channels.shops.create(amazonDe());
    expect(shop).toMatchObject({
      name: 'Amazon DE',
      platform: 'amazon',
      currency: 'EUR',
      account: 'A3SELLERDEMO01',
      stockBuffer: 2,
      syncIntervalMinutes: 15,
      status: 'active',
    });
    expect(JSON.stringify(shop)).not.toContain('secret');
    expect(JSON.stringify(await staff.channels.shops.get({ id: shop.id }))).not.toContain('secret');
    const [row] = await app.deps.db.select().from(shops).where(eq(shops.id, shop.id));
    expect(row!.credentialsSealed).not.toContain('secret');
    expect(row!.credentialsKeyId).toBe(app.deps.credentials.current.id);
    const audit = await app.deps.db.select().from(auditLog).where(eq(auditLog.entityId, shop.id));
    expect(audit.map((a) => a.action)).toEqual(['shop.created']);
    expect(JSON.stringify(audit)).not.toContain('secret');
    // The connector gets them back whole.
    expect(await shopCredentialsFor(app.deps, shop.id)).toEqual(amazonSecrets);
  });

  it('refuses a second shop of that name, a warehouse that does not exist and bad fields', async () => {
    await expectReason(
      staff.channels.shops.create({ ...amazonDe(), name: 'amazon de' }),
      'CONFLICT',
      'SHOP_NAME_TAKEN',
    );
    await expectReason(
      staff.channels.shops.create({ ...amazonDe(), name: 'Ghost', warehouseId: crypto.randomUUID() }),
      'BAD_REQUEST',
      'UNKNOWN_WAREHOUSE',
    );
    await expectReason(
      staff.channels.shops.create({ ...amazonDe(), name: 'Nowhere', marketplace: 'amazon.de' }),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
  });

  it('changes a shop, refuses credentials for another platform, and takes new ones after re-authorisation', async () => {
    const shopify = await staff.channels.shops.create({
      name: 'Shopify store',
      platform: 'shopify',
      marketplace: 'crossdock-demo',
      currency: 'USD',
      timeZone: 'America/New_York',
      warehouseId,
      credentials: {
        platform: 'shopify',
        shopDomain: 'crossdock-demo.myshopify.com',
        accessToken: 'shpat_secret_1',
        webhookSecret: 'whsec_1',
      },
    });
    const paused = await staff.channels.shops.update({ id: shopify.id, status: 'paused', stockBuffer: 5 });
    expect(paused).toMatchObject({ status: 'paused', stockBuffer: 5 });
    await expectReason(
      staff.channels.shops.update({ id: shopify.id, credentials: amazonSecrets }),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
    // The platform refused the token (a connector marks it so); new credentials set it right.
    await app.deps.db.update(shops).set({ status: 'needs_reauth' }).where(eq(shops.id, shopify.id));
    const renewed = await staff.channels.shops.update({
      id: shopify.id,
      credentials: {
        platform: 'shopify',
        shopDomain: 'crossdock-demo.myshopify.com',
        accessToken: 'shpat_secret_2',
        webhookSecret: 'whsec_2',
      },
    });
    expect(renewed.status).toBe('active');
    expect(await shopCredentialsFor(app.deps, shopify.id)).toMatchObject({ accessToken: 'shpat_secret_2' });
    const audit = await app.deps.db.select().from(auditLog).where(eq(auditLog.entityId, shopify.id));
    expect(JSON.stringify(audit)).not.toContain('shpat_secret');
    await expectReason(
      staff.channels.shops.update({ id: crypto.randomUUID(), stockBuffer: 1 }),
      'NOT_FOUND',
      'UNKNOWN_SHOP',
    );
  });

  it('lists shops by name, a page at a time, by platform', async () => {
    const first = await staff.channels.shops.list({ limit: 1 });
    expect(first.items.map((s) => s.name)).toEqual(['Amazon DE']);
    const second = await staff.channels.shops.list({ limit: 1, cursor: first.nextCursor! });
    expect(second.items.map((s) => s.name)).toEqual(['Shopify store']);
    expect(second.nextCursor).toBeNull();
    expect((await staff.channels.shops.list({ limit: 10, platform: 'shopify' })).items).toHaveLength(1);
  });

  it('re-seals every shop with a new key, after which the old key is not needed', async () => {
    const old = app.deps.credentials;
    const rotated = keyring([newKey('next'), ...old.ids.map((id) => old.find(id)!)]);
    const deps = { ...app.deps, credentials: rotated };
    const count = await rotateCredentials(deps, 1);
    expect(count).toBe(2);
    expect(await rotateCredentials(deps)).toBe(0);
    const rows = await app.deps.db.select().from(shops);
    expect(new Set(rows.map((r) => r.credentialsKeyId))).toEqual(new Set(['next']));
    const nextOnly = keyring([rotated.current]);
    for (const row of rows) {
      expect(open(nextOnly, { sealed: row.credentialsSealed, keyId: row.credentialsKeyId })).toHaveProperty(
        'platform',
      );
    }
    expect(() => open(old, { sealed: rows[0]!.credentialsSealed, keyId: rows[0]!.credentialsKeyId })).toThrow(
      /not configured/,
    );
  });
});
