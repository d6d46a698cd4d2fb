// A shopper's walk through the storefront in Chromium, against the real API on a fresh database
// with the demo catalog: home, category, filters, sort, a misspelled search, a product with
// options, currency and language. Screenshots of each page go to test-results/screenshots.
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screen } from './axe';
import { artifacts, type Stack, startStack } from './stack';

let stack: Stack;
let page: Page;

beforeAll(async () => {
  stack = await startStack();
  page = await stack.newPage();
});
afterAll(async () => {
  await stack?.stop();
});

const shot = (name: string) => screen(page, `${artifacts}/${name}.png`, name);

/** Card price ranges in display order, as [from, to] numbers. */
async function cardPrices(): Promise<[number, number][]> {
  const texts = await page.getByTestId('card-price').allInnerTexts();
  return texts.map((t) => {
    const [from, to = from] = t.split('–').map((part) => Number(part.replace(/[^0-9.]/g, '')));
    return [from!, to!];
  });
}

const ascending = (values: number[]) => values.every((v, i) => i === 0 || values[i - 1]! <= v);

describe('storefront', () => {
  it('opens the home page with categories and new arrivals', async () => {
    await page.goto(stack.baseUrl);
    await expect.poll(() => page.getByRole('heading', { name: 'Shop by category' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('card-price').count()).toBe(8);
    await shot('home');
  });

  it('goes to a category, filters by a size and a price range, and sorts by price', async () => {
    await page.getByRole('navigation', { name: 'Categories' }).getByRole('link', { name: 'Apparel' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Apparel' }).isVisible()).toBe(true);
    await page.getByRole('group', { name: 'size' }).getByLabel(/^M/).click();
    await expect.poll(() => new URL(page.url()).searchParams.getAll('opt.size')).toEqual(['M']);
    await page.getByLabel('Min').fill('30');
    await page.getByLabel('Max').fill('90');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('max')).toBe('90');
    await page.getByLabel('Sort by').selectOption('price_asc');
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('price_asc');
    const url = new URL(page.url());
    expect(url.searchParams.getAll('opt.size')).toEqual(['M']);
    expect(url.searchParams.get('min')).toBe('30');
    // The grid shows the new order once the sorted page has loaded.
    await expect.poll(async () => ascending((await cardPrices()).map(([from]) => from))).toBe(true);
    const prices = await cardPrices();
    expect(prices.length).toBeGreaterThan(1);
    for (const [from, to] of prices) {
      // A product matches when one of its prices is in the range.
      expect(to).toBeGreaterThanOrEqual(30);
      expect(from).toBeLessThanOrEqual(90);
    }
    // The filtered page survives a reload: the state is in the URL.
    await page.reload();
    await expect
      .poll(() => page.getByRole('group', { name: 'size' }).getByLabel(/^M/).isChecked())
      .toBe(true);
    await shot('category-filtered');
  });

  it('finds a product by a misspelled word', async () => {
    await page.getByRole('searchbox', { name: 'Search products' }).fill('moisturisr');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.getByRole('heading', { name: /Results for/ }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('link', { name: /moisturiser/i }).count()).toBeGreaterThan(0);
    await shot('search');
  });

  it('opens a product and switching options changes the SKU and its price', async () => {
    // Two approved reviews, as review moderation records them, for the rating summary.
    await stack.deps.db.execute(
      sql`update products set ratings4 = 1, ratings5 = 1 where title->>'en' ilike '%moisturiser%'`,
    );
    await stack.deps.catalogCache.invalidate({ shared: true });
    await page
      .getByRole('link', { name: /moisturiser/i })
      .first()
      .click();
    await expect.poll(() => page.getByTestId('price').isVisible()).toBe(true);
    const picker = page.getByRole('group', { name: 'Choose Size' });
    await picker.getByLabel('30ml').click();
    await expect.poll(() => picker.getByLabel('30ml').isChecked()).toBe(true);
    const small = await page.getByTestId('price').innerText();
    const skuSmall = new URL(page.url()).searchParams.get('sku');
    await picker.getByLabel('100ml').click();
    await expect.poll(() => page.getByTestId('price').innerText()).not.toBe(small);
    expect(new URL(page.url()).searchParams.get('sku')).not.toBe(skuSmall);
    await expect
      .poll(() => page.getByTestId('availability').innerText())
      .toMatch(/In stock|Only a few left|Out of stock/);
    // The button is live for a SKU that can be bought, and off for one that is sold out.
    const soldOut = (await page.getByTestId('availability').innerText()) === 'Out of stock';
    expect(await page.getByRole('button', { name: 'Add to cart' }).isDisabled()).toBe(soldOut);
    expect(await page.getByRole('img', { name: 'Rated 4.5 out of 5 from 2 reviews' }).count()).toBe(2);
    expect(await page.getByTestId('rating-summary').innerText()).toMatch(/^4\.5/);
    // The product photo is loaded through the storefront's /media proxy.
    await expect
      .poll(() => page.locator('img.gallery-main').evaluate((img) => (img as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
    await shot('product');
  });

  it('resets a forgotten password from the sign-in page, with the mailed link', async () => {
    // The next test goes on from the product page the previous one opened.
    const productUrl = page.url();
    const customer = stack.demo.accounts.filter((a) => a.kind === 'customer')[2]!;
    await page.goto(`${stack.baseUrl}/account/sign-in`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: 'Reset your password' }).isVisible())
      .toBe(true);
    await page.getByLabel('Email').fill(customer.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await expect.poll(() => page.getByRole('status').innerText()).toMatch(/on its way/);
    // The mail the API wrote (demo mode sends it to the log); its link carries the token.
    const resetLink = async () => {
      const result = await stack.deps.db.execute(
        sql`select text from mail_outbox where "to" = ${customer.email} and template = 'password-reset' order by created_at desc limit 1`,
      );
      const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
        text: string;
      }[];
      return rows[0]?.text.match(/https?:\/\/\S+reset-password\?token=\S+/)?.[0] ?? null;
    };
    await expect.poll(resetLink).not.toBeNull();
    const link = (await resetLink())!;
    await page.goto(link);
    await expect
      .poll(() => page.getByRole('heading', { name: 'Choose a new password' }).isVisible())
      .toBe(true);
    await page.getByLabel('New password', { exact: true }).fill('a-brand-new-passphrase-2026');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await expect.poll(() => page.getByRole('status').innerText()).toMatch(/has been changed/);
    await shot('password-reset');
    const signedIn = await stack.call(
      'auth.login',
      {
        email: customer.email,
        password: 'a-brand-new-passphrase-2026',
        kind: 'customer',
        transport: 'body',
      },
      { method: 'POST' },
    );
    expect(signedIn).toMatchObject({ user: { email: customer.email } });
    await page.goto(productUrl);
    await expect.poll(() => page.getByTestId('price').isVisible()).toBe(true);
  });

  it('switches currency and language', async () => {
    await page.getByLabel('Currency').selectOption('EUR');
    await expect.poll(() => page.getByTestId('price').innerText()).toContain('€');
    await page.getByLabel('Language').selectOption('zh-CN');
    await expect.poll(() => page.getByRole('heading', { name: '商品详情' }).isVisible()).toBe(true);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await shot('product-zh-eur');
  });

  it('shows a 404 page for an unknown product', async () => {
    await page.goto(`${stack.baseUrl}/p/no-such-product`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).innerText())
      .toMatch(/Page not found|页面不存在/);
    await shot('not-found');
  });

  it('says what to try when a search finds nothing', async () => {
    await page.getByLabel(/^(Language|语言)$/).selectOption('en');
    await page.getByRole('searchbox', { name: 'Search products' }).fill('qzxvvk');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.getByText('Nothing matches “qzxvvk”.').isVisible()).toBe(true);
    expect(await page.getByText('Check the spelling').isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Browse the categories and new arrivals' }).click();
    await page.waitForURL((url) => url.pathname === '/');
  });
});
