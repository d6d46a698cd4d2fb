// Marketplace shops: staff add and change them; credentials are sealed at rest, never returned
// or audited in the clear, and a key rotation re-seals them all.
import { auditLog, shops } from '@crossdock/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyring, newKey, open } from '../src/infra/credentials';
import { openSimulatedShopifyStore } from '../src/infra/marketplaces/shopify-simulator';
import { testConnection } from '../src/modules/channels/connections.service';
import { rotateCredentials, shopCredentialsFor } from '../src/modules/channels/shops.service';
import { buildServer } from '../src/server';
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
let server: Awaited<ReturnType<typeof buildServer>> | undefined;
afterAll(async () => {
  await server?.close();
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

  it('refuses a second shop of that name, a warehouse that does not exist, a currency without a rate and bad fields', async () => {
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
    // Reports convert a shop's sales to the base currency: one without a rate is refused.
    await expectReason(
      staff.channels.shops.create({
        ...amazonDe(),
        name: 'Amazon SE',
        marketplace: 'A2NODRKZP88ZB9',
        currency: 'SEK',
      }),
      'BAD_REQUEST',
      'SHOP_CURRENCY_NO_RATE',
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
    // Switching it back on by hand would sync with the refused token.
    await expectReason(
      staff.channels.shops.update({ id: shopify.id, status: 'active' }),
      'BAD_REQUEST',
      'VALIDATION_FAILED',
    );
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

describe('test connection', () => {
  it('signs in to the simulated Shopify through Shopify’s own client, and marks a refused token for re-authorisation', async () => {
    server = await buildServer(app.deps);
    const base = await server.listen({ host: '127.0.0.1', port: 0 });
    // The connector reaches the simulator where the API would tell it to: its public URL.
    const deps = { ...app.deps, config: { ...app.deps.config, publicApiUrl: base } };
    const actor = {
      id: (await app.staff(['Operations'])).id,
      ip: null,
      requestId: null,
      at: app.clock.now(),
    };
    await openSimulatedShopifyStore(app.deps.db, {
      domain: 'tea-house.myshopify.com',
      name: 'Tea House',
      currency: 'USD',
      timeZone: 'America/New_York',
      accessToken: 'shpat_right',
      webhookSecret: 'whsec_tea',
    });
    const shop = await staff.channels.shops.create({
      name: 'Tea House (Shopify)',
      platform: 'shopify',
      marketplace: 'tea-house',
      currency: 'USD',
      timeZone: 'America/New_York',
      warehouseId,
      credentials: {
        platform: 'shopify',
        shopDomain: 'tea-house.myshopify.com',
        accessToken: 'shpat_right',
        webhookSecret: 'whsec_tea',
      },
    });
    const good = await testConnection(deps, actor, shop.id);
    expect(good.check).toEqual({
      ok: true,
      account: { name: 'Tea House', currency: 'USD', timeZone: 'America/New_York' },
    });
    expect(good.shop).toMatchObject({ status: 'active', lastCheckError: null });
    expect(good.shop.lastCheckedAt).toBeInstanceOf(Date);

    await staff.channels.shops.update({
      id: shop.id,
      credentials: {
        platform: 'shopify',
        shopDomain: 'tea-house.myshopify.com',
        accessToken: 'shpat_wrong',
        webhookSecret: 'whsec_tea',
      },
    });
    const refused = await testConnection(deps, actor, shop.id);
    expect(refused.check).toMatchObject({ ok: false, problem: 'unauthorized' });
    expect(refused.shop.status).toBe('needs_reauth');
    expect(refused.shop.lastCheckError).toMatch(/^unauthorized: /);
    const audit = await app.deps.db.select().from(auditLog).where(eq(auditLog.entityId, shop.id));
    expect(audit.map((a) => a.action)).toContain('shop.connection_tested');
    expect(JSON.stringify(audit)).not.toContain('shpat_');
  });

  it('answers GraphQL as Shopify does: errors for a field it does not have, 401 without the token', async () => {
    const base = server!.server.address() as { port: number };
    const url = `http://127.0.0.1:${base.port}/sim/shopify/tea-house.myshopify.com/admin/api/2026-10/graphql.json`;
    const ask = (query: string, token = 'shpat_right') =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
        body: JSON.stringify({ query }),
      });
    const unknown = await ask('{ shop { name planetName } }');
    expect(unknown.status).toBe(200);
    expect(((await unknown.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(
      /planetName/,
    );
    const denied = await ask('{ shop { name } }', 'nope');
    expect(denied.status).toBe(401);
    expect(await denied.json()).toEqual({
      errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
    });
  });

  it('says there is no connector yet for a platform without one, rather than pretending', async () => {
    const tiktok = await staff.channels.shops.create({
      name: 'Kettle & Co — TikTok Shop',
      platform: 'tiktok_shop',
      marketplace: 'TikTok Shop US',
      currency: 'USD',
      timeZone: 'America/Los_Angeles',
      warehouseId,
      credentials: { platform: 'tiktok_shop' },
    });
    await expectReason(
      staff.channels.shops.testConnection({ id: tiktok.id }),
      'PRECONDITION_FAILED',
      'CONNECTOR_UNAVAILABLE',
    );
  });

  it('says so when the key that sealed a shop’s credentials is no longer configured', async () => {
    // The rotation above re-sealed these with a key this process does not hold.
    const [amazon] = (await staff.channels.shops.list({ limit: 10, platform: 'amazon' })).items;
    await expect(shopCredentialsFor(app.deps, amazon!.id)).rejects.toMatchObject({
      reason: 'CREDENTIALS_UNREADABLE',
      code: 'PRECONDITION_FAILED',
    });
  });
});
