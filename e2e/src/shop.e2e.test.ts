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

  it('refuses a form in the shopper’s language, with the contract’s words', async () => {
    await page.getByLabel('Language').selectOption('zh-CN');
    await page.goto(`${stack.baseUrl}/account/sign-in?mode=register`);
    await page.getByLabel('姓名').fill('测试');
    await page.getByLabel('邮箱').fill('not-an-email');
    await page.getByLabel('密码').fill('short');
    await page.getByRole('button', { name: '创建账户' }).click();
    await expect.poll(() => page.getByText('请输入有效的电子邮箱地址').isVisible()).toBe(true);
    expect(await page.getByText('至少 10 个字符', { exact: true }).isVisible()).toBe(true);
    await shot('register-refused-zh');
    await page.getByLabel('语言').selectOption('en');
  });
});

describe('storefront on a phone', () => {
  /** How far the page scrolls sideways (0 when everything fits the screen). */
  const sideways = (p: Page) =>
    p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  for (const width of [390, 320]) {
    it(`fits a ${width} px screen: header, category, product and cart`, async () => {
      const phone = await stack.newPage();
      await phone.setViewportSize({ width, height: 780 });
      await phone.goto(stack.baseUrl);
      await expect.poll(() => phone.getByTestId('card-price').count()).toBe(8);
      const search = await phone.getByRole('button', { name: 'Search' }).boundingBox();
      const account = await phone.getByRole('link', { name: 'Sign in' }).boundingBox();
      // The search button keeps its word on one line and overlaps nothing.
      expect(search!.height).toBeLessThan(48);
      const overlaps =
        search!.x < account!.x + account!.width &&
        account!.x < search!.x + search!.width &&
        search!.y < account!.y + account!.height &&
        account!.y < search!.y + search!.height;
      expect(overlaps).toBe(false);
      expect(await sideways(phone)).toBe(0);
      await screen(phone, `${artifacts}/phone-${width}-home.png`, `phone ${width} home`);

      await phone
        .getByRole('navigation', { name: 'Categories' })
        .getByRole('link', { name: 'Apparel' })
        .click();
      await expect
        .poll(() => phone.getByRole('heading', { level: 1, name: 'Apparel' }).isVisible())
        .toBe(true);
      expect(await sideways(phone)).toBe(0);
      await phone.locator('.card-link').first().click();
      await expect.poll(() => phone.getByRole('button', { name: 'Add to cart' }).isVisible()).toBe(true);
      expect(await sideways(phone)).toBe(0);
      await phone.goto(`${stack.baseUrl}/cart`);
      await expect.poll(() => phone.getByRole('heading', { level: 1 }).isVisible()).toBe(true);
      expect(await sideways(phone)).toBe(0);
      await phone.context().close();
    });
  }

  it('keeps the filters in a drawer, opened and closed by keyboard', async () => {
    const phone = await stack.newPage();
    await phone.setViewportSize({ width: 390, height: 780 });
    await phone.goto(`${stack.baseUrl}/c/apparel`);
    const toggle = phone.getByRole('button', { name: 'Filters' });
    await expect.poll(() => toggle.isVisible()).toBe(true);
    // Closed, the filters take no room above the products.
    expect(await phone.getByRole('group', { name: 'size' }).isVisible()).toBe(false);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await phone.keyboard.press('Enter');
    await expect.poll(() => phone.getByRole('group', { name: 'size' }).isVisible()).toBe(true);
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await phone.evaluate(() => document.activeElement?.textContent)).toBe('Filters');
    await screen(phone, `${artifacts}/phone-filters.png`, 'phone filters drawer');
    await phone.getByRole('group', { name: 'size' }).getByLabel(/^M/).click();
    await expect.poll(() => new URL(phone.url()).searchParams.getAll('opt.size')).toEqual(['M']);
    await phone.keyboard.press('Escape');
    await expect.poll(() => phone.getByRole('group', { name: 'size' }).isVisible()).toBe(false);
    // Focus is back on the button that opened it, which now says filters are applied.
    expect(await phone.evaluate(() => document.activeElement?.getAttribute('aria-controls'))).toBeTruthy();
    await toggle.click();
    await phone.getByRole('button', { name: /^Show \d+ products$/ }).click();
    await expect.poll(() => phone.getByRole('group', { name: 'size' }).isVisible()).toBe(false);
    await phone.context().close();
  });
});

describe('the console', () => {
  it('holds no warning from React after every page above', () => {
    expect([...new Set(stack.consoleWarnings)]).toEqual([]);
  });
});
