// The back office's catalog and administration screens in Chromium against a real API: a
// product made with two options, priced in bulk and per currency, given photos and published;
// the category tree rearranged by dragging; a brand; a saved order filter; a staff account
// created and then disabled, which ends that person's open session with a message.
// Screenshots go to test-results/screenshots.

import { readFile } from 'node:fs/promises';
import {
  addSimulatedAmazonListings,
  addSimulatedShopifyVariants,
  changeSimulatedAmazonOrder,
  openSimulatedAmazonSeller,
  openSimulatedShopifyStore,
  placeSimulatedAmazonOrder,
  placeSimulatedShopifyOrder,
  simulatedAllOrdersReport,
} from '@crossdock/api/seed';
import { shops, skus, stockLevels, syncRuns, warehouses } from '@crossdock/db/schema';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screen } from './axe';
import { artifacts, type Stack, startStack } from './stack';

let stack: Stack;
let page: Page;

beforeAll(async () => {
  stack = await startStack({ desktop: true });
  page = await stack.newPage();
  await connect(page);
});
afterAll(async () => {
  await stack?.stop();
});

const shot = (name: string, on: Page = page) =>
  screen(on, `${artifacts}/desktop-${name}.png`, `desktop ${name}`);
const staffEmail = (role: string) =>
  stack.demo.accounts.find((a) => a.kind === 'staff' && a.role === role)!.email;

async function connect(on: Page) {
  await on.goto(stack.desktopUrl);
  await on.getByLabel('Server address').fill(stack.apiUrl);
  await on.getByRole('button', { name: 'Connect' }).click();
  await on.getByRole('button', { name: 'Sign in' }).waitFor();
}

async function signIn(on: Page, email: string, password = stack.demo.password) {
  await on.getByLabel('Email').fill(email);
  await on.getByLabel('Password').fill(password);
  await on.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => on.getByTestId('user-menu').isVisible()).toBe(true);
}

async function signInExpectingError(on: Page, email: string, password: string) {
  await on.getByLabel('Email').fill(email);
  await on.getByLabel('Password').fill(password);
  await on.getByRole('button', { name: 'Sign in' }).click();
  await on.getByRole('alert').waitFor();
}

async function signOut(on: Page) {
  await on.getByTestId('user-menu').click();
  await on.getByText('Sign out').click();
  await expect.poll(() => on.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
}

async function staffToken(role: string) {
  const { accessToken } = await stack.call<{ accessToken: string }>(
    'auth.login',
    { email: staffEmail(role), password: stack.demo.password, kind: 'staff', transport: 'body' },
    { method: 'POST' },
  );
  return accessToken;
}

/** Two different real photos, taken from the demo catalog through the media route. */
async function demoPhotos(): Promise<Buffer[]> {
  const list = await stack.call<{ items: { slug: string }[] }>('shop.products', {
    limit: 10,
    sort: 'price_asc',
  });
  const photos: Buffer[] = [];
  for (const item of list.items) {
    const product = await stack.call<{ images: { urls: { card: string } }[] }>('shop.product', {
      slug: item.slug,
    });
    if (!product.images[0]) continue;
    const response = await fetch(`${stack.apiUrl}${product.images[0].urls.card}`);
    photos.push(Buffer.from(await response.arrayBuffer()));
    if (photos.length === 2) break;
  }
  return photos;
}

describe('catalog', () => {
  let productId = '';

  it('creates a product with two options, prices its SKUs in bulk and per currency, and publishes it', async () => {
    await signIn(page, staffEmail('Operations'));
    await page.getByRole('menuitem', { name: 'Products' }).click();
    await page.getByRole('button', { name: 'New product' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'New product' }).isVisible()).toBe(true);
    // Submitted empty: each field says what it needs, from the API's own contract.
    await page.getByRole('button', { name: 'Create product' }).click();
    const errors = page.locator('.ant-form-item-explain-error');
    await expect
      .poll(() => errors.allInnerTexts())
      .toEqual(expect.arrayContaining(['Enter the English text', 'Choose a category']));
    await shot('product-new-errors');

    await page.getByLabel('Title · English', { exact: true }).fill('Trail Tee');
    await page.getByLabel('Title · 中文', { exact: true }).fill('越野 T 恤');
    expect(await page.getByLabel('URL slug').inputValue()).toBe('trail-tee');
    await page.getByLabel('Category').click();
    await page.locator('.ant-select-tree-node-content-wrapper[title="Tops"]').click();
    await page.getByRole('button', { name: 'Add option' }).click();
    await page.getByLabel('Option name · English').nth(0).fill('Colour');
    await page.getByLabel('Option name · 中文').nth(0).fill('颜色');
    await page.getByPlaceholder('Value · English').nth(0).fill('Red');
    await page.getByPlaceholder('Value · 中文').nth(0).fill('红色');
    await page.getByRole('button', { name: 'Add value' }).nth(0).click();
    await page.getByPlaceholder('Value · English').nth(1).fill('Blue');
    await page.getByRole('button', { name: 'Add option' }).click();
    await page.getByLabel('Option name · English').nth(1).fill('Size');
    await page.getByPlaceholder('Value · English').nth(2).fill('M');
    await page.getByRole('button', { name: 'Add value' }).nth(1).click();
    await page.getByPlaceholder('Value · English').nth(3).fill('L');
    await shot('product-new');
    await page.getByRole('button', { name: 'Create product' }).click();

    await expect.poll(() => page.getByRole('heading', { name: 'Trail Tee' }).isVisible()).toBe(true);
    productId = /#\/products\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    expect(await page.getByTestId('product-status').innerText()).toBe('Draft');
    // Not sellable yet: the API says what is missing.
    await page.getByRole('button', { name: 'Publish' }).click();
    await expect.poll(() => page.getByText('This product cannot be published yet').isVisible()).toBe(true);

    await page.getByRole('tab', { name: 'SKUs (4)' }).click();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(4);
    await page.locator('.ant-table-thead .ant-checkbox-input').check();
    await page.getByLabel('Value', { exact: true }).fill('24.50');
    await page.getByRole('button', { name: 'Set on 4 rows' }).click();
    // Leaving with unsaved changes asks first; staying keeps them.
    await page.getByRole('menuitem', { name: 'Products' }).click();
    await expect
      .poll(() => page.locator('.ant-modal-confirm-title', { hasText: 'Leave without saving?' }).isVisible())
      .toBe(true);
    await page.getByRole('button', { name: 'Stay' }).hover(); // waits for the dialog to stop moving
    await shot('unsaved-changes');
    await page.getByRole('button', { name: 'Stay' }).click();
    await expect
      .poll(() => page.getByLabel('price TRAIL-TEE-BLUE-L', { exact: true }).inputValue())
      .toBe('24.50');
    await page.getByLabel('override:EUR TRAIL-TEE-RED-M').fill('22');
    await page.getByLabel('weight TRAIL-TEE-BLUE-L').fill('heavy');
    await page.keyboard.press('Control+S');
    await expect.poll(() => page.getByText('Fix the 1 fields marked in red').isVisible()).toBe(true);
    await page.getByLabel('weight TRAIL-TEE-BLUE-L').fill('180');
    await page.keyboard.press('Control+S');
    await expect.poll(() => page.getByText('Saved').first().isVisible()).toBe(true);
    await shot('product-skus');

    await page.getByRole('button', { name: 'Publish' }).click();
    await expect.poll(() => page.getByTestId('product-status').innerText()).toBe('On sale');
    const saved = await stack.call<{
      status: string;
      skus: {
        code: string;
        basePrice: number;
        weightGrams: number | null;
        prices: { currency: string; price: { amount: number }; source: string }[];
      }[];
    }>('catalog.products.get', { id: productId }, { token: await staffToken('Operations') });
    expect(saved.status).toBe('active');
    expect(saved.skus.map((s) => s.basePrice)).toEqual([2450, 2450, 2450, 2450]);
    const red = saved.skus.find((s) => s.code === 'TRAIL-TEE-RED-M')!;
    expect(red.prices.find((p) => p.currency === 'EUR')).toMatchObject({
      price: { amount: 2200 },
      source: 'override',
    });
    expect(saved.skus.find((s) => s.code === 'TRAIL-TEE-BLUE-L')!.weightGrams).toBe(180);
  });

  it('uploads photos by drop or pick, refuses a file too large or not an image, and reorders them', async () => {
    await page.getByRole('tab', { name: 'Photos (0)' }).click();
    const [front, back] = await demoPhotos();
    const input = page.locator('input[type=file]');
    await input.setInputFiles([
      { name: 'front.webp', mimeType: 'image/webp', buffer: front! },
      { name: 'back.webp', mimeType: 'image/webp', buffer: back! },
    ]);
    const photos = page.getByTestId('product-image');
    await expect.poll(() => photos.count(), { timeout: 20_000 }).toBe(2);
    const sources = () =>
      photos.locator('img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).src));
    const before = await sources();
    await photos.nth(0).getByRole('button', { name: 'Move later' }).click();
    await expect.poll(sources).toEqual([before[1], before[0]]);
    // Dragging one photo onto another puts it in that place.
    await photos.nth(1).dragTo(photos.nth(0));
    await expect.poll(sources).toEqual(before);

    await input.setInputFiles({
      name: 'huge.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.alloc(11 * 1024 * 1024, 1),
    });
    await expect
      .poll(() => page.getByText('huge.jpg is too large: photos can be at most 10 MB.').isVisible())
      .toBe(true);
    await input.setInputFiles({
      name: 'notes.png',
      mimeType: 'image/png',
      buffer: Buffer.from('not a picture'),
    });
    await expect.poll(() => page.getByText(/^notes\.png: /).isVisible()).toBe(true);
    expect(await photos.count()).toBe(2);
    await shot('product-photos');
  });

  it('adds an option value after creation, which adds its SKUs', async () => {
    await page.getByRole('tab', { name: 'Options' }).click();
    const colour = page.getByTestId('option-Colour');
    await colour.getByPlaceholder('Value · English').fill('Forest green');
    await colour.getByPlaceholder('Value · 中文').fill('森林绿');
    await colour.getByRole('button', { name: 'Add value' }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'SKUs (6)' }).isVisible()).toBe(true);
    await page.getByRole('tab', { name: 'SKUs (6)' }).click();
    await expect
      .poll(() => page.getByLabel('code TRAIL-TEE-FOREST-GREEN-M', { exact: true }).inputValue())
      .toBe('TRAIL-TEE-FOREST-GREEN-M');
    await shot('product-options');
  });

  it('moves a category by dragging it in the tree, and adds a brand', async () => {
    await page.getByRole('menuitem', { name: 'Categories' }).click();
    const node = (name: string) => page.locator('.ant-tree-node-content-wrapper', { hasText: name });
    await expect.poll(() => node('Apparel').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'New top-level category' }).click();
    await page.getByLabel('Name · English').fill('Outlet');
    await page.getByLabel('Name · 中文').fill('折扣');
    expect(await page.getByLabel('URL slug').inputValue()).toBe('outlet');
    await page.keyboard.press('Control+S');
    await expect.poll(() => node('Outlet').isVisible()).toBe(true);
    await node('Outlet').dragTo(node('Footwear'));
    const token = await staffToken('Operations');
    type Node = { slug: string; children: Node[] };
    await expect
      .poll(async () => {
        const tree = await stack.call<Node[]>('catalog.categories.tree', undefined, { token });
        return tree.find((c) => c.slug === 'footwear')?.children.map((c) => c.slug);
      })
      .toContain('outlet');
    await shot('categories');

    await page.getByRole('menuitem', { name: 'Brands' }).click();
    await page.getByRole('button', { name: 'New brand' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.locator('.ant-form-item-explain-error').count()).toBeGreaterThan(0);
    await dialog.getByLabel('Name').fill('Northwind Outfitters');
    expect(await dialog.getByLabel('URL slug').inputValue()).toBe('northwind-outfitters');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('cell', { name: 'Northwind Outfitters' }).isVisible()).toBe(true);
    await shot('brands');
  });

  it('filters products by category, and shows the editor in Chinese on the dark theme', async () => {
    await page.getByRole('menuitem', { name: 'Products' }).click();
    await page.getByLabel('Category').click();
    await page.locator('.ant-select-tree-node-content-wrapper[title="Tops"]').click();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('link', { name: 'Trail Tee' }).isVisible()).toBe(true);
    const titles = await page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(2)').allInnerTexts();
    expect(titles.length).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'Trail Tee' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Trail Tee' }).isVisible()).toBe(true);
    // From the keyboard: open the language list, move to the other language, choose it.
    const switchLanguage = async (label: string, key: 'ArrowDown' | 'ArrowUp') => {
      await page.getByLabel(label).focus();
      await page.keyboard.press('Enter');
      await page.keyboard.press(key);
      await page.keyboard.press('Enter');
    };
    await switchLanguage('Language', 'ArrowDown');
    await page.getByRole('switch').click();
    await expect.poll(() => page.getByRole('heading', { name: '越野 T 恤' }).isVisible()).toBe(true);
    // Codes are shown as words in the chosen language, not as they are stored.
    expect(await page.getByTestId('product-status').innerText()).toBe('在售');
    await page.getByRole('tab', { name: 'SKU（6）' }).click();
    await shot('product-zh-dark');
    await switchLanguage('语言', 'ArrowUp');
    await page.getByRole('switch').click();
    await page.getByRole('menuitem', { name: 'Reviews' }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: 'Reviews to moderate' }).isVisible())
      .toBe(true);
    await shot('reviews');
  });
});

describe('promotions', () => {
  it('creates a spend-more-save-more promotion and a coupon promotion with a batch of codes', async () => {
    await page.getByRole('menuitem', { name: 'Promotions' }).click();
    await page.getByRole('button', { name: 'New promotion' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name · English').fill('Autumn tiers');
    await dialog.getByLabel('Benefit').click();
    await page.locator('.ant-select-item-option[title="Spend more, save more"]').click();
    await dialog.getByLabel('Spend at least').first().fill('100');
    await dialog.getByLabel('Save', { exact: true }).first().fill('lots');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    // An amount that is not one is refused on its field before anything is sent.
    await expect.poll(() => dialog.getByText('Enter an amount in USD, e.g. 10.00').isVisible()).toBe(true);
    await shot('promotion-errors');
    await dialog.getByLabel('Save', { exact: true }).first().fill('10');
    await dialog.getByRole('button', { name: 'Add tier' }).click();
    await dialog.getByLabel('Spend at least').nth(1).fill('200');
    await dialog.getByLabel('Save', { exact: true }).nth(1).fill('30');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    const tiers = page.getByRole('row', { name: /Autumn tiers/ });
    await expect.poll(() => tiers.isVisible()).toBe(true);
    expect(await tiers.innerText()).toContain('100.00 USD → 10.00 USD, 200.00 USD → 30.00 USD');

    await page.getByRole('button', { name: 'New promotion' }).click();
    await dialog.getByLabel('Name · English').fill('Autumn fifteen');
    await dialog.getByLabel('Name · 中文').fill('秋季八五折');
    await dialog.getByLabel('Needs a coupon code').click();
    await dialog.getByLabel('Percent off').fill('15');
    await dialog.getByLabel('Minimum spend').fill('50');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    const row = page.getByRole('row', { name: /Autumn fifteen/ });
    await expect.poll(() => row.isVisible()).toBe(true);
    await row.getByRole('button', { name: 'Autumn fifteen' }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByLabel('Prefix').fill('AUT');
    await drawer.getByLabel('How many').fill('5');
    await drawer.getByRole('button', { name: 'Generate codes' }).click();
    await expect.poll(() => drawer.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(5);
    expect(await drawer.locator('.ant-table-tbody tr.ant-table-row').first().innerText()).toMatch(/^AUT-/);
    await shot('promotion-codes');
    await drawer.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => drawer.isVisible()).toBe(false);
    const token = await staffToken('Operations');
    const list = await stack.call<{
      items: { name: { en: string }; benefit: unknown; minSpend: number | null; coupons: number }[];
    }>('promotions.list', { limit: 100 }, { token });
    expect(list.items.find((p) => p.name.en === 'Autumn fifteen')).toMatchObject({
      benefit: { kind: 'percent_off', basisPoints: 1500 },
      minSpend: 5000,
      coupons: 5,
      name: { en: 'Autumn fifteen', 'zh-CN': '秋季八五折' },
    });
  });
});

describe('orders', () => {
  it('saves a filter under a name and brings it back', async () => {
    await page.getByRole('menuitem', { name: 'Orders', exact: true }).click();
    await page.getByRole('heading', { name: 'Orders' }).waitFor();
    await page.getByLabel('Status').click();
    await page.locator('.ant-select-item-option[title="Paid"]').click();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.url()).toContain('status=paid');
    await page.getByRole('button', { name: 'Save filter' }).click();
    await page.getByLabel('Name of this filter').fill('To ship');
    await page.getByLabel('Name of this filter').press('Enter');
    await page.goto(`${stack.desktopUrl}/#/orders`);
    await expect.poll(() => page.url()).not.toContain('status=');
    await page.getByLabel('Saved filters').click();
    await page.locator('.ant-select-item-option[title="To ship"]').click();
    await expect.poll(() => page.url()).toContain('status=paid');
    // The list of saved filters has closed (its closing animation is not part of the page).
    await expect
      .poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count())
      .toBe(0);
    await shot('orders-saved-filter');
    await signOut(page);
  });
});

describe('staff accounts', () => {
  it('creates an account, and disabling it ends that person’s open session with a message', async () => {
    await signIn(page, staffEmail('Administrator'));
    await page.getByRole('menuitem', { name: 'Staff and roles' }).click();
    await page.getByRole('button', { name: 'New staff account' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Save account' }).click();
    await expect.poll(() => dialog.locator('.ant-form-item-explain-error').count()).toBeGreaterThanOrEqual(3);
    await shot('staff-account-errors');
    await dialog.getByLabel('Name').fill('Pat Packer');
    await dialog.getByLabel('Email').fill('pat.packer@crossdock.test');
    await dialog.getByLabel('First password').fill('packing-all-day-2026');
    await dialog.getByLabel('Roles').click();
    await page.locator('.ant-select-item-option[title="Operations"]').click();
    await dialog.getByLabel('Name').click();
    await dialog.getByRole('button', { name: 'Save account' }).click();
    const row = page.getByRole('row', { name: /Pat Packer/ });
    await expect.poll(() => row.isVisible()).toBe(true);

    // Pat signs in on another machine…
    const pat = await stack.newPage();
    await connect(pat);
    await signIn(pat, 'pat.packer@crossdock.test', 'packing-all-day-2026');
    await expect
      .poll(() => pat.getByRole('menuitem', { name: 'Orders', exact: true }).isVisible())
      .toBe(true);
    // …and is disabled here, after a confirmation.
    await row.getByRole('button', { name: 'Disable' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'OK' }).click();
    await expect.poll(() => row.innerText()).toContain('Disabled');
    await shot('staff-accounts');
    // The audit log has it, and shows what changed.
    await page.getByRole('tab', { name: 'Audit log' }).click();
    await page.getByLabel('Action').fill('staff.disabled');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.getByTestId('audit-row').count()).toBe(1);
    await page.getByTestId('audit-row').click();
    const changes = page.getByTestId('audit-changes');
    await expect.poll(() => changes.innerText()).toMatch(/status\s+active\s+disabled/);
    // Screenshot once the drawer has slid fully in (640 px wide, at the right of 1280).
    await expect
      .poll(async () => (await page.locator('.ant-drawer-content-wrapper').boundingBox())?.x)
      .toBe(640);
    await shot('audit-entry');
    await page.locator('.ant-drawer').getByRole('button', { name: 'Close' }).click();

    // Pat's next request is refused, and the app returns to sign-in saying why.
    await pat.getByRole('menuitem', { name: 'Products' }).click();
    await expect
      .poll(() => pat.getByText('Your account has been disabled.').isVisible(), { timeout: 15_000 })
      .toBe(true);
    await shot('account-disabled', pat);
    // Signing in again is refused too.
    await signInExpectingError(pat, 'pat.packer@crossdock.test', 'packing-all-day-2026');
  });

  it('returns to sign-in with a message when the session is revoked elsewhere', async () => {
    const other = await stack.newPage();
    await connect(other);
    await signIn(other, staffEmail('Customer service'));
    await expect
      .poll(() => other.getByRole('menuitem', { name: 'Orders', exact: true }).isVisible())
      .toBe(true);
    // The account signs out everywhere from another device.
    const { accessToken } = await stack.call<{ accessToken: string }>(
      'auth.login',
      {
        email: staffEmail('Customer service'),
        password: stack.demo.password,
        kind: 'staff',
        transport: 'body',
      },
      { method: 'POST' },
    );
    await stack.call('auth.logoutEverywhere', undefined, { method: 'POST', token: accessToken });
    await other.getByRole('menuitem', { name: 'Customers' }).click();
    await expect
      .poll(() => other.getByText('Your session has ended. Please sign in again.').isVisible(), {
        timeout: 15_000,
      })
      .toBe(true);
    await shot('session-ended', other);
  });
});

describe('settings', () => {
  it('keeps store settings, tax rates and currencies, with the contract’s errors on their fields', async () => {
    // Signed in as the Administrator from the tests above.
    await page.getByRole('menuitem', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    const minutes = page.getByLabel('Minutes an unpaid order holds its stock');
    await minutes.fill('30');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByText('Settings saved').isVisible()).toBe(true);
    const token = await staffToken('Administrator');
    expect(
      (await stack.call<{ reservationMinutes: number }>('settings.get', undefined, { token }))
        .reservationMinutes,
    ).toBe(30);
    await shot('settings-store');

    await page.getByRole('tab', { name: 'Tax rates' }).click();
    await expect.poll(() => page.getByRole('row', { name: /Germany \(DE\)/ }).innerText()).toContain('19%');
    // A rate without a country is refused on the field, in the contract's words.
    await page.getByRole('button', { name: 'Add a tax rate' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Rate').fill('10');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.getByText('Use two-letter ISO country codes').isVisible()).toBe(true);
    await dialog.getByLabel('Country').fill('Japan');
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    const japan = page.getByRole('row', { name: /Japan \(JP\)/ });
    await expect.poll(() => japan.innerText()).toContain('10%');
    await shot('settings-tax');
    // Removing asks first.
    await japan.getByRole('button', { name: 'Remove' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'OK' }).click();
    await expect.poll(() => japan.count()).toBe(0);

    await page.getByRole('tab', { name: 'Currencies' }).click();
    const euro = page.getByRole('row', { name: /EUR · Euro/ });
    await euro.getByRole('button', { name: 'Edit' }).click();
    await dialog.getByLabel(/Rate to/).fill('-1');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => dialog.getByText('A rate is a positive decimal, e.g. 7.1234').isVisible())
      .toBe(true);
    await shot('settings-currency');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
  });

  it('edits a shipping method’s zones, refusing a country in two zones', async () => {
    await page.getByRole('menuitem', { name: 'Shipping' }).click();
    const express = page.getByRole('row', { name: /Express/ });
    await expect.poll(() => express.isVisible()).toBe(true);
    await shot('shipping');
    await express.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog');
    const zones = dialog.getByLabel('Countries');
    const firstZoneCountries = await dialog
      .locator('.ant-card')
      .first()
      .locator('.ant-select-selection-item')
      .allInnerTexts();
    expect(firstZoneCountries.length).toBeGreaterThan(0);
    await dialog.getByRole('button', { name: 'Add a zone' }).click();
    await dialog.getByLabel('Zone name').last().fill('Again');
    await zones.last().fill(firstZoneCountries[0]!.replace(/ \([A-Z]{2}\)$/, ''));
    await page.keyboard.press('Enter');
    await dialog
      .getByLabel(/Price \(/)
      .last()
      .fill('12.50');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => dialog.getByText('A country can be in only one zone of a method').isVisible())
      .toBe(true);
    await shot('shipping-zone-error');
    // Taking the zone out again saves the method as it was.
    await dialog.getByRole('button', { name: 'Remove zone' }).last().click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
  });
});

describe('shops', () => {
  it('adds an Amazon shop with its credentials, which are never shown again', async () => {
    // The seller whose authorisation the credentials below carry, in the simulated Amazon.
    await openSimulatedAmazonSeller(stack.deps.db, {
      sellingPartnerId: 'A3SELLERE2E01',
      storeName: 'E2E Waren',
      region: 'eu',
      marketplaceIds: ['A1PA6795UKMFR9'],
      lwaClientId: 'amzn1.application-oa2-client.e2e',
      lwaClientSecret: 'e2e-client-secret-value',
      refreshToken: 'Atzr|e2e-refresh-token',
    });
    await page.getByRole('menuitem', { name: 'Shops' }).click();
    await expect
      .poll(() => page.getByText('No shops yet: add the first one to bring its orders in').isVisible())
      .toBe(true);
    await page.getByRole('button', { name: 'Add a shop' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Amazon DE');
    await dialog.getByLabel('Platform').click();
    await page.locator('.ant-select-item-option[title="Amazon"]').click();
    await dialog.getByLabel('Marketplace').click();
    await page.keyboard.type('amazon.de');
    await page.keyboard.press('Enter');
    // The marketplace sets the currency and the time zone.
    await expect.poll(() => dialog.getByLabel('Currency').inputValue()).toBe('EUR');
    expect(await dialog.getByLabel('Time zone').inputValue()).toBe('Europe/Berlin');
    // The first warehouse, chosen from the keyboard.
    await dialog.getByLabel('Ships from').click();
    await page.keyboard.press('Enter');
    await dialog.getByLabel('Selling partner id').fill('not an id');
    await dialog.getByLabel('LWA client id').fill('amzn1.application-oa2-client.e2e');
    await dialog.getByLabel('LWA client secret').fill('e2e-client-secret-value');
    await dialog.getByLabel('Refresh token').fill('Atzr|e2e-refresh-token');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() =>
        dialog.getByText('The selling partner id is 8 to 20 capital letters and digits').isVisible(),
      )
      .toBe(true);
    await shot('shop-errors');
    await dialog.getByLabel('Selling partner id').fill('A3SELLERE2E01');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    const row = page.getByRole('row', { name: /Amazon DE/ });
    await expect.poll(() => row.innerText()).toContain('amazon.de');
    expect(await row.innerText()).toContain('A3SELLERE2E01');
    await shot('shops');
    // Editing shows no secret; they are asked again only to replace them.
    await row.getByRole('button', { name: 'Edit' }).click();
    await expect.poll(() => dialog.getByLabel('Replace the credentials').isVisible()).toBe(true);
    expect(await dialog.locator('input[type="password"]').count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    const listed = await stack.call(
      'channels.shops.list',
      { limit: 10 },
      { token: await staffToken('Administrator') },
    );
    expect(JSON.stringify(listed)).not.toContain('e2e-client-secret-value');
    expect(JSON.stringify(listed)).not.toContain('Atzr|e2e-refresh-token');
  });

  it('tests a shop’s connection: Shopify and Amazon through their simulators', async () => {
    await openSimulatedShopifyStore(stack.deps.db, {
      domain: 'e2e-tea.myshopify.com',
      name: 'E2E Tea',
      currency: 'USD',
      timeZone: 'America/New_York',
      accessToken: 'shpat_e2e_right',
      webhookSecret: 'whsec_e2e',
    });
    await page.getByRole('button', { name: 'Add a shop' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('E2E Tea (Shopify)');
    await dialog.getByLabel('Platform').click();
    await page.locator('.ant-select-item-option[title="Shopify"]').click();
    await dialog.getByLabel('Marketplace').fill('e2e-tea');
    await dialog.getByLabel('Currency').fill('USD');
    await dialog.getByLabel('Time zone').fill('America/New_York');
    await dialog.getByLabel('Ships from').click();
    await page.keyboard.press('Enter');
    await dialog.getByLabel('Shop address (…myshopify.com)').fill('e2e-tea.myshopify.com');
    await dialog.getByLabel('Admin API access token').fill('shpat_e2e_right');
    await dialog.getByLabel('Webhook signing secret').fill('whsec_e2e');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    const shopify = page.getByRole('row', { name: /E2E Tea \(Shopify\)/ });
    await shopify.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => page.getByText('Connected to E2E Tea (USD, America/New_York)').isVisible(), {
        timeout: 15_000,
      })
      .toBe(true);
    await expect.poll(() => shopify.innerText()).toContain('✓');
    const amazon = page.getByRole('row', { name: /Amazon DE/ });
    await amazon.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => page.getByText('Connected to amazon.de · A3SELLERE2E01 (EUR, Europe/Berlin)').isVisible(), {
        timeout: 15_000,
      })
      .toBe(true);
    await shot('shops-tested');
  });

  it('syncs the Shopify shop now, shows the run, and lets an order in once its listing is linked', async () => {
    const [shop] = await stack.deps.db.select().from(shops).where(eq(shops.name, 'E2E Tea (Shopify)'));
    // The schedule syncs a new shop within a minute: let any such run end, and count the shop as
    // just synced, so the run below is the one "Sync now" starts.
    const running = () =>
      stack.deps.db
        .select()
        .from(syncRuns)
        .where(and(eq(syncRuns.shopId, shop!.id), eq(syncRuns.status, 'running')));
    await expect.poll(async () => (await running()).length, { timeout: 30_000 }).toBe(0);
    await stack.deps.db.update(shops).set({ lastSyncedAt: new Date() }).where(eq(shops.id, shop!.id));
    // A SKU the shop's warehouse holds enough of, sold under its own code; and a gift box of
    // the store's own that no SKU code matches.
    const [stocked] = await stack.deps.db
      .select({ code: skus.code })
      .from(stockLevels)
      .innerJoin(skus, eq(skus.id, stockLevels.skuId))
      .where(
        and(
          eq(stockLevels.warehouseId, shop!.warehouseId),
          sql`${stockLevels.onHand} - ${stockLevels.reserved} >= 5`,
        ),
      )
      .orderBy(desc(stockLevels.onHand), skus.code)
      .limit(1);
    await addSimulatedShopifyVariants(stack.deps.db, 'e2e-tea.myshopify.com', [
      { sku: stocked!.code, title: 'Our own product', price: '20.00' },
      { sku: 'E2E-GIFT-BOX', title: 'Gift box', price: '45.00' },
    ]);
    const variants = await stack.deps.db.query.simShopifyVariants.findMany({
      where: (v, { eq }) => eq(v.domain, 'e2e-tea.myshopify.com'),
      orderBy: (v, { asc }) => asc(v.id),
    });
    for (const variant of variants) {
      await placeSimulatedShopifyOrder(stack.deps.db, 'e2e-tea.myshopify.com', {
        email: 'grace@example.com',
        name: 'Grace Hopper',
        address: {
          address1: '1 Navy Way',
          city: 'Arlington',
          province: 'VA',
          zip: '22202',
          countryCode: 'US',
        },
        lines: [{ variantId: variant.id, quantity: 1 }],
        shipping: '4.00',
        at: new Date(Date.now() - 3_600_000),
      });
    }

    const row = page.getByRole('row', { name: /E2E Tea \(Shopify\)/ });
    await row.getByRole('button', { name: 'Sync now' }).click();
    await expect
      .poll(() => page.getByText('Sync started', { exact: false }).isVisible(), { timeout: 15_000 })
      .toBe(true);
    await row.getByRole('button', { name: 'History' }).click();
    const drawer = page.getByRole('dialog').filter({ hasText: 'Orders syncs of E2E Tea' });
    const run = drawer.getByRole('row', { name: /Sync now/ }).first();
    await expect.poll(() => run.innerText(), { timeout: 30_000 }).toContain('Done');
    // The orders came by this run, or just before by Shopify's webhooks once the shop subscribed.
    await shot('shop-sync-history');
    await page.keyboard.press('Escape');
    await expect.poll(() => drawer.isVisible()).toBe(false);

    await page.getByRole('menuitem', { name: 'Listings' }).click();
    const unmatched = page.getByRole('row', { name: /E2E-GIFT-BOX/ });
    await expect.poll(() => unmatched.innerText(), { timeout: 15_000 }).toContain('Gift box');
    // One order waits on it; the platform has not been told a quantity for it, nor pulled yet.
    expect((await unmatched.innerText()).replace(/\s+/g, ' ')).toMatch(/Unmatched — not pulled yet — 1/);
    expect(await page.getByRole('row', { name: new RegExp(stocked!.code) }).count()).toBe(0);
    await shot('listings-unmatched');
    await unmatched.getByRole('button', { name: 'Link E2E-GIFT-BOX' }).click();
    const dialog = page.getByRole('dialog');
    // Saving with nothing chosen says what is missing.
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.getByRole('alert').innerText()).toContain('Choose at least one SKU');
    await dialog.getByLabel('Find a SKU by code, barcode or title').fill(stocked!.code);
    await page.locator('.ant-select-item-option', { hasText: stocked!.code }).first().click();
    await dialog.getByLabel(`Quantity ${stocked!.code}`).fill('2');
    await shot('listing-link');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.getByText('Linked; 1 waiting orders went into the order book').isVisible(), {
        timeout: 15_000,
      })
      .toBe(true);
    await expect.poll(() => page.getByText('Every listing is linked to your SKUs').isVisible()).toBe(true);

    // The shop's listings as Shopify shows them, pulled on request, each with its drift from ours.
    await page.locator('.ant-segmented-item', { hasText: 'All' }).click();
    await page.getByLabel('Shop', { exact: true }).click();
    await page.keyboard.type('E2E Tea');
    await page.locator('.ant-select-item-option[title="E2E Tea (Shopify)"]').click();
    await page.getByRole('button', { name: 'Pull listings' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Listings last pulled' }).isVisible(), {
        timeout: 30_000,
      })
      .toBe(true);
    // The store sells more than a page of listings: each is found by its SKU.
    const find = async (sku: string) => {
      const search = page.getByLabel('Seller SKU or title');
      await search.fill(sku);
      await search.press('Enter');
      const row = page.getByRole('row', { name: new RegExp(sku) });
      await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
      return row;
    };
    const giftBox = await find('E2E-GIFT-BOX');
    await expect.poll(() => giftBox.innerText(), { timeout: 15_000 }).toContain('$45.00');
    expect(await giftBox.innerText()).toContain('On sale');
    const own = await find(stocked!.code);
    await expect.poll(() => own.innerText(), { timeout: 15_000 }).toContain('$20.00');
    // Its drift is said either way: what differs from ours, or that it matches.
    expect(await own.innerText()).toMatch(/matches|price [+-]|count [+-]/);
    await shot('listings-pulled');

    await page.getByRole('menuitem', { name: 'Orders', exact: true }).click();
    await page.getByLabel('Channel').click();
    await page.locator('.ant-select-item-option[title="Shopify"]').click();
    const orders = page.getByTestId('order-row');
    await expect.poll(() => orders.count(), { timeout: 15_000 }).toBe(2);
    expect(await orders.first().innerText()).toMatch(/E2E Tea \(Shopify\) · #100[12]/);
    await shot('orders-channel');

    // Staff will not ship one: Shopify is asked to cancel it (after a warning), and ours follows.
    await orders.first().click();
    await page.getByRole('button', { name: 'Cancel on Shopify' }).click();
    const cancelDialog = page.getByRole('dialog').filter({ hasText: 'Ask Shopify to cancel' });
    await expect.poll(() => cancelDialog.innerText(), { timeout: 15_000 }).toContain('This cannot be undone');
    await cancelDialog.getByLabel('Reason for cancelling').click();
    await page.locator('.ant-select-item-option', { hasText: 'The buyer asked' }).click();
    await shot('order-cancel-on-platform');
    await cancelDialog.getByRole('button', { name: 'Ask Shopify to cancel' }).click();
    const asked = page.getByTestId('platform-cancellation');
    await expect.poll(() => asked.innerText(), { timeout: 15_000 }).toMatch(/Shopify.*\(The buyer asked\)/);
    // The push job sends it; Shopify's orders/updated webhook (or the next sync) cancels ours.
    await expect
      .poll(() => page.getByTestId('order-status').innerText(), { timeout: 120_000, interval: 2_000 })
      .toBe('Cancelled');
    expect(await page.getByRole('button', { name: 'Cancel on Shopify' }).count()).toBe(0);
  }, 300_000);
});

describe('imports', () => {
  it('imports an Amazon All Orders report: preview with the cell at fault, progress, summary, error report', async () => {
    // Two months ago the Amazon DE seller sold what the shop's warehouse holds (before the shop's
    // first sync reaches back), and Seller Central's report of it is downloaded.
    const [shop] = await stack.deps.db.select().from(shops).where(eq(shops.name, 'Amazon DE'));
    const [stocked] = await stack.deps.db
      .select({ code: skus.code })
      .from(stockLevels)
      .innerJoin(skus, eq(skus.id, stockLevels.skuId))
      .where(eq(stockLevels.warehouseId, shop!.warehouseId))
      .orderBy(desc(stockLevels.onHand), skus.code)
      .limit(1);
    await addSimulatedAmazonListings(stack.deps.db, 'A3SELLERE2E01', [
      { marketplaceId: 'A1PA6795UKMFR9', sellerSku: stocked!.code, title: 'Unser Produkt', price: '25.00' },
    ]);
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
    for (const days of [62, 61, 60]) {
      const id = await placeSimulatedAmazonOrder(stack.deps.db, 'A3SELLERE2E01', {
        marketplaceId: 'A1PA6795UKMFR9',
        buyer: { name: 'Lena Schmidt' },
        address: { line1: 'Hauptstraße 5', city: 'Hamburg', postalCode: '20095', countryCode: 'DE' },
        lines: [{ sellerSku: stocked!.code, quantity: 1 }],
        taxRate: 0.19,
        at: daysAgo(days),
      });
      await changeSimulatedAmazonOrder(stack.deps.db, id, 'shipped', daysAgo(days - 1));
    }
    const report = await simulatedAllOrdersReport(stack.deps.db, 'A3SELLERE2E01', {
      marketplaceId: 'A1PA6795UKMFR9',
      from: daysAgo(70),
      to: daysAgo(50),
    });
    // The last order's quantity is written wrong.
    const lines = report.trimEnd().split('\n');
    const cells = lines[3]!.split('\t');
    cells[lines[0]!.split('\t').indexOf('quantity')] = '-2';
    lines[3] = cells.join('\t');

    await page.getByRole('menuitem', { name: 'Imports' }).click();
    await expect.poll(() => page.getByText('No imports yet').isVisible()).toBe(true);
    await page.getByLabel('Shop', { exact: true }).click();
    await page.keyboard.type('Amazon DE');
    await page.keyboard.press('Enter');
    await page.locator('input[type="file"]').setInputFiles({
      name: 'All Orders.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(`${lines.join('\n')}\n`),
    });
    const preview = page.getByRole('table', { name: 'First rows of the file' });
    await expect.poll(() => preview.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByText('an Amazon All Orders report').isVisible()).toBe(true);
    await expect
      .poll(() => preview.innerText())
      .toContain('quantity: The quantity must be a whole number of 0 or more, not “-2”');
    expect(await page.getByText('1 of the first 3 rows have problems').isVisible()).toBe(true);
    await shot('import-preview');

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const status = page.getByRole('status').filter({ hasText: 'rows read' });
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toContain('Done');
    expect(await status.innerText()).toContain(
      '3 rows read: 2 new orders, 0 updated, 0 unchanged, 1 rows with problems',
    );
    const errors = page.getByRole('table', { name: 'Error report' });
    await expect.poll(() => errors.innerText()).toContain('quantity');
    await shot('import-summary');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
    expect(csv.split(/\r?\n/)[0]).toBe('Row,Column,Problem');
    expect(csv).toContain('4,quantity,');

    // The same shop's report can be fetched from Amazon instead: asked for, made, imported.
    await page.getByRole('button', { name: 'Import another file' }).click();
    await page.getByLabel('Shop', { exact: true }).click();
    await page.keyboard.type('Amazon DE');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Fetch from Amazon' }).click();
    const fetched = page.getByRole('status').filter({ hasText: 'rows read' });
    await expect
      .poll(() => fetched.innerText(), { timeout: 15_000 })
      .toMatch(/Fetching the report|Importing|Done/);
    await expect.poll(() => fetched.innerText(), { timeout: 60_000 }).toContain('Done');
    await shot('import-fetched');

    // The two good orders are in the order book, shipped as Amazon shipped them.
    await page.getByRole('menuitem', { name: 'Orders', exact: true }).click();
    await page.getByLabel('Channel').click();
    await page.locator('.ant-select-item-option[title="Amazon"]').click();
    await expect.poll(() => page.getByTestId('order-row').count(), { timeout: 15_000 }).toBe(2);
  }, 180_000);
});

describe('purchasing', () => {
  it('keeps a supplier, orders from it, and receives the goods: over the tolerance refused, then part of it', async () => {
    const [sku] = await stack.deps.db
      .select({ id: skus.id, code: skus.code })
      .from(skus)
      .orderBy(skus.code)
      .limit(1);
    const onHand = async () => {
      const [row] = await stack.deps.db
        .select({ n: sql<number>`coalesce(sum(${stockLevels.onHand}), 0)::int` })
        .from(stockLevels)
        .where(eq(stockLevels.skuId, sku!.id));
      return row!.n;
    };
    const before = await onHand();

    await page.getByRole('menuitem', { name: 'Suppliers' }).click();
    await page.getByRole('button', { name: 'New supplier' }).click();
    const supplierDialog = page.getByRole('dialog');
    await supplierDialog.getByLabel('Code').fill('E2E-JDZ');
    await supplierDialog.getByLabel('Name', { exact: true }).fill('Jingdezhen Kilns');
    await supplierDialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('row', { name: /E2E-JDZ/ }).count(), { timeout: 15_000 }).toBe(1);
    await shot('suppliers');

    await page.getByRole('menuitem', { name: 'Purchase orders' }).click();
    await page.getByRole('button', { name: 'New purchase order' }).click();
    const poDialog = page.getByRole('dialog');
    await poDialog.getByLabel('Supplier').click();
    await page.keyboard.type('E2E-JDZ');
    await page.locator('.ant-select-item-option', { hasText: 'Jingdezhen Kilns' }).click();
    await poDialog.getByLabel('Deliver to').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'SZX-1' }).click();
    await poDialog.getByLabel('Add a SKU').click();
    await page.keyboard.type(sku!.code);
    await page.locator('.ant-select-item-option', { hasText: sku!.code }).first().click();
    await poDialog.getByLabel(`Quantity ${sku!.code}`).fill('10');
    await poDialog.getByLabel(`Unit price (CNY) ${sku!.code}`).fill('36.00');
    await poDialog.getByLabel('Freight').fill('10.00');
    await shot('purchase-order-new');
    await poDialog.getByRole('button', { name: 'Create draft' }).click();
    await expect.poll(() => page.getByTestId('po-status').innerText(), { timeout: 15_000 }).toBe('Draft');
    // ¥360.00 of goods and ¥10.00 of freight.
    expect(await page.getByTestId('po-total').innerText()).toMatch(/370\.00/);

    await page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.getByTestId('po-status').innerText(), { timeout: 15_000 }).toBe('Approved');
    await page.getByRole('button', { name: 'Mark as sent' }).click();
    await expect.poll(() => page.getByTestId('po-status').innerText(), { timeout: 15_000 }).toBe('Sent');

    // Twelve of ten is beyond the 5 % tolerance: refused, nothing received.
    await page.getByRole('button', { name: 'Receive goods' }).click();
    const receive = page.getByRole('dialog');
    const quantity = receive.getByLabel(`Receive ${sku!.code}`);
    await quantity.fill('12');
    await quantity.press('Enter');
    await expect
      .poll(() => receive.getByRole('alert').innerText(), { timeout: 15_000 })
      .toContain('At most 10');
    expect(await onHand()).toBe(before);
    await quantity.fill('4');
    await receive.getByLabel('Note (pallet, carrier…)').fill('first pallet');
    await shot('purchase-order-receive');
    await receive.getByRole('button', { name: 'Receive', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('po-status').innerText(), { timeout: 15_000 })
      .toBe('Partly received');
    expect(await page.getByTestId('po-receipts').innerText()).toMatch(/GRN-\d{4}-\d{6}.*first pallet/);
    expect(await onHand()).toBe(before + 4);
    await shot('purchase-order-received');

    // The stock screen shows the six still to come on the order.
    await page.getByRole('menuitem', { name: 'Stock', exact: true }).click();
    const search = page.getByLabel('SKU code or title');
    await search.fill(sku!.code);
    await search.press('Enter');
    const row = page.getByRole('row', { name: new RegExp(sku!.code) }).first();
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toMatch(/\b6\b/);
    await row.getByRole('button').first().click();
    await expect
      .poll(() => page.getByRole('row', { name: /SZX-1/ }).first().innerText(), { timeout: 15_000 })
      .toMatch(/\b6\b/);
    await shot('stock');

    // Two of them go to Los Angeles: shipped (asked first), one arrives and one is written off.
    const inLa = async () => {
      const [row] = await stack.deps.db
        .select({ n: sql<number>`coalesce(sum(${stockLevels.onHand}), 0)::int` })
        .from(stockLevels)
        .innerJoin(warehouses, eq(warehouses.id, stockLevels.warehouseId))
        .where(and(eq(stockLevels.skuId, sku!.id), eq(warehouses.code, 'LAX-OS')));
      return row!.n;
    };
    const laBefore = await inLa();
    await page.getByRole('menuitem', { name: 'Transfers' }).click();
    await page.getByRole('button', { name: 'New transfer' }).click();
    const trDialog = page.getByRole('dialog');
    await trDialog.getByLabel('From').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'SZX-1' }).click();
    await trDialog.getByLabel('To').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'LAX-OS' }).click();
    await trDialog.getByLabel('Add a SKU').click();
    await page.keyboard.type(sku!.code);
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: sku!.code })
      .first()
      .click();
    await trDialog.getByLabel(`Quantity ${sku!.code}`).fill('2');
    await trDialog.getByRole('button', { name: 'Create draft' }).click();
    await expect
      .poll(() => page.getByTestId('transfer-status').innerText(), { timeout: 15_000 })
      .toBe('Draft');
    await page.getByRole('button', { name: 'Ship' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'OK' }).click();
    await expect
      .poll(() => page.getByTestId('transfer-status').innerText(), { timeout: 15_000 })
      .toBe('In transit');
    await page.getByRole('button', { name: 'Receive' }).click();
    const trReceive = page.getByRole('dialog');
    await trReceive.getByLabel(`Arrived ${sku!.code}`).fill('1');
    await trReceive.getByLabel(`Will not arrive ${sku!.code}`).fill('1');
    await trReceive.getByLabel(`Why ${sku!.code}`).fill('Crushed on the way');
    await shot('transfer-receive');
    await trReceive.getByRole('button', { name: 'Receive' }).click();
    await expect
      .poll(() => page.getByTestId('transfer-status').innerText(), { timeout: 15_000 })
      .toBe('Received');
    expect(await inLa()).toBe(laBefore + 1);
    expect(await page.getByRole('row', { name: new RegExp(sku!.code) }).innerText()).toContain(
      'Crushed on the way',
    );

    // A count of Shenzhen finds one fewer than the books: typed as a scanner would, reviewed, posted.
    const inSz = async () => {
      const [row] = await stack.deps.db
        .select({ n: stockLevels.onHand })
        .from(stockLevels)
        .innerJoin(warehouses, eq(warehouses.id, stockLevels.warehouseId))
        .where(and(eq(stockLevels.skuId, sku!.id), eq(warehouses.code, 'SZX-1')));
      return row!.n;
    };
    const books = await inSz();
    await page.getByRole('menuitem', { name: 'Stock counts' }).click();
    await page.getByRole('button', { name: 'New count' }).click();
    const countDialog = page.getByRole('dialog');
    await countDialog.getByLabel('Warehouse', { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'SZX-1' }).click();
    await countDialog.getByRole('button', { name: 'Start counting' }).click();
    await expect
      .poll(() => page.getByTestId('count-status').innerText(), { timeout: 15_000 })
      .toBe('Counting');
    const code = page.getByLabel('Barcode or SKU');
    const counted = page.getByLabel('Quantity', { exact: true });
    await code.fill('NOPE-0000');
    await code.press('Enter');
    await counted.fill('1');
    await counted.press('Enter');
    await expect
      .poll(() => page.getByRole('alert').first().innerText(), { timeout: 15_000 })
      .toContain('NOPE-0000');
    await code.fill(sku!.code);
    await code.press('Enter');
    await counted.fill(String(books - 1));
    await counted.press('Enter');
    await expect
      .poll(() => page.getByTestId('count-entered').innerText(), { timeout: 15_000 })
      .toContain(`${sku!.code} × ${books - 1}`);
    // The cursor is back for the next scan.
    expect(await code.evaluate((el) => el === document.activeElement)).toBe(true);
    await shot('count-entry');
    await page.getByRole('button', { name: 'Review differences' }).click();
    const difference = page.getByRole('row', { name: new RegExp(sku!.code) });
    await expect.poll(() => difference.innerText(), { timeout: 15_000 }).toMatch(/-1/);
    await shot('count-review');
    await page.getByRole('button', { name: 'Post count' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'OK' }).click();
    await expect.poll(() => page.getByTestId('count-status').innerText(), { timeout: 15_000 }).toBe('Posted');
    expect(await inSz()).toBe(books - 1);
  }, 240_000);
});

describe('the console', () => {
  it('holds no warning from React or Ant Design after every screen above', () => {
    expect([...new Set(stack.consoleWarnings)]).toEqual([]);
  });
});
