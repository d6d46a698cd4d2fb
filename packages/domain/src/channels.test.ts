import { describe, expect, it } from 'vitest';
import { amazonMarketplaces, createShopInput, updateShopInput } from './channels';

const warehouseId = '0b8f8f5e-3c52-4c8e-9f56-2f5c5d1a7a10';
const amazonDe = {
  name: 'Amazon DE',
  platform: 'amazon',
  marketplace: 'A1PA6795UKMFR9',
  currency: 'eur',
  timeZone: 'Europe/Berlin',
  warehouseId,
  credentials: {
    platform: 'amazon',
    sellingPartnerId: 'A3EXAMPLE1SELLER',
    clientId: 'amzn1.application-oa2-client.example',
    clientSecret: 'secret',
    refreshToken: 'Atzr|refresh',
  },
};

const paths = (value: unknown) =>
  createShopInput.safeParse(value).error?.issues.map((i) => i.path.join('.')) ?? [];

describe('shop contracts', () => {
  it('takes an Amazon shop in one of Amazon’s marketplaces, with defaults for buffer and sync', () => {
    const shop = createShopInput.parse(amazonDe);
    expect(shop).toMatchObject({ currency: 'EUR', stockBuffer: 0, syncIntervalMinutes: 15 });
    expect(amazonMarketplaces.A1PA6795UKMFR9.currency).toBe('EUR');
  });

  it('refuses a marketplace Amazon does not have, credentials of another platform and bad fields', () => {
    expect(paths({ ...amazonDe, marketplace: 'amazon.de' })).toEqual(['marketplace']);
    expect(
      paths({
        ...amazonDe,
        credentials: {
          platform: 'shopify',
          shopDomain: 'x.myshopify.com',
          accessToken: 't',
          webhookSecret: 's',
        },
      }),
    ).toEqual(['credentials.platform']);
    expect(
      paths({ ...amazonDe, currency: 'EURO', timeZone: 'Mars/Olympus', stockBuffer: -1 }).sort(),
    ).toEqual(['currency', 'stockBuffer', 'timeZone']);
    expect(paths({ ...amazonDe, syncIntervalMinutes: 1 })).toEqual(['syncIntervalMinutes']);
  });

  it('takes a Shopify shop only at its myshopify.com address', () => {
    const shopify = {
      ...amazonDe,
      name: 'Shopify',
      platform: 'shopify',
      marketplace: 'crossdock-demo',
      credentials: {
        platform: 'shopify',
        shopDomain: 'Crossdock-Demo.myshopify.com',
        accessToken: 'shpat_1',
        webhookSecret: 'w',
      },
    };
    expect(createShopInput.parse(shopify).credentials).toMatchObject({
      shopDomain: 'crossdock-demo.myshopify.com',
    });
    expect(
      paths({ ...shopify, credentials: { ...shopify.credentials, shopDomain: 'evil.example.com' } }),
    ).toEqual(['credentials.shopDomain']);
  });

  it('refuses an empty change and a platform change', () => {
    expect(updateShopInput.safeParse({ id: warehouseId }).success).toBe(false);
    expect(updateShopInput.safeParse({ id: warehouseId, platform: 'ebay' }).success).toBe(false);
    expect(updateShopInput.safeParse({ id: warehouseId, stockBuffer: 2 }).success).toBe(true);
  });
});
