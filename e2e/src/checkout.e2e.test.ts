// A guest shops, signs in (the cart comes along), gets the spend tier and a coupon, checks out
// to a new address and finds the order in the account pages. Chromium against the real API on
// a fresh database with the demo data. Screenshots of each step go to test-results/screenshots.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screen } from './axe';
import { artifacts, type Stack, startStack } from './stack';

let stack: Stack;
let page: Page;
let slugs: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  page = await stack.newPage();
  // Two in-stock products that together pass the $300 spend tier.
  const listing = await fetch(
    `${stack.baseUrl}/trpc/shop.products?input=${encodeURIComponent(
      JSON.stringify({
        json: { inStock: true, sort: 'price_desc', limit: 10, currency: 'USD', locale: 'en' },
      }),
    )}`,
  ).then(
    (r) =>
      r.json() as Promise<{
        result: { data: { json: { items: { slug: string; minPrice: { amount: number } }[] } } };
      }>,
  );
  slugs = listing.result.data.json.items.slice(0, 2).map((i) => i.slug);
});
afterAll(async () => {
  await stack?.stop();
});

const shot = (name: string) => screen(page, `${artifacts}/${name}.png`, name);

async function addToCart(slug: string) {
  await page.goto(`${stack.baseUrl}/p/${slug}`);
  const button = page.getByRole('button', { name: 'Add to cart' });
  await expect.poll(() => button.isEnabled()).toBe(true);
  // By keyboard: focus stays on the button while the item is added, and after.
  await button.focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByText('Added to your cart.').isVisible()).toBe(true);
  expect(await focusedText()).toBe('Add to cart');
}

/** The focused element's type and accessible text, to see that focus is kept. */
const focusedText = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? null);
const focusedRadio = () =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el instanceof HTMLInputElement && el.type === 'radio'
      ? (el.closest('label')?.innerText ?? '')
      : null;
  });

describe('buying', () => {
  it('lets a guest fill a cart', async () => {
    expect(slugs).toHaveLength(2);
    for (const slug of slugs) await addToCart(slug);
    await expect.poll(() => page.getByTestId('cart-link').getAttribute('aria-label')).toBe('Cart 2 items');
    // The mini-cart lists both and leads on to the cart; Escape closes it.
    await page.getByTestId('cart-link').click();
    const panel = page.getByRole('region', { name: 'Your cart' });
    await expect.poll(() => panel.getByRole('listitem').count()).toBe(2);
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.isVisible()).toBe(false);
    expect(await page.getByTestId('cart-link').getAttribute('aria-expanded')).toBe('false');
  });

  it('keeps the cart through sign-in and shows the spend tier', async () => {
    const customer = stack.demo.accounts.find((a) => a.kind === 'customer')!;
    await page.goto(`${stack.baseUrl}/account/sign-in?next=/cart`);
    await page.getByLabel('Email').fill(customer.email);
    await page.getByLabel('Password').fill(stack.demo.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/cart$/);
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(2);
    await expect
      .poll(() => page.getByTestId('discount').first().innerText())
      .toContain('Spend more, save more');
  });

  it('says why a code does not apply, and applies a good one', async () => {
    await page.getByLabel('Coupon code').fill('NOSUCHCODE');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByRole('alert').first().innerText()).toContain('There is no such code.');
    await page.getByLabel('Coupon code').fill('welcome10');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect
      .poll(() => page.getByTestId('coupon-status').innerText())
      .toContain('Code WELCOME10 applied.');
    await expect.poll(() => page.getByTestId('discount').count()).toBe(2);
    await shot('cart');
  });

  it('checks out to a new address with every discount named', async () => {
    await page.getByRole('button', { name: 'Check out' }).click();
    await page.waitForURL(/\/checkout$/);
    await page.getByLabel('Full name').fill('Lena Fischer');
    await page.getByLabel('Street address').fill('Kastanienallee 12');
    await page.getByLabel('City').fill('Berlin');
    await page.getByLabel('Postal code').fill('10435');
    await page.getByLabel('Country').selectOption('DE');
    // Submitting with a missing field shows the field's message and saves nothing.
    await page.getByLabel('Full name').fill('');
    await page.getByRole('button', { name: 'Save address' }).click();
    await expect.poll(() => page.getByLabel('Full name').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Full name').fill('Lena Fischer');
    await page.getByRole('button', { name: 'Save address' }).click();
    await expect.poll(() => page.getByRole('radio', { name: /Standard/ }).isChecked()).toBe(true);
    // The form closed: focus is on the address just saved, not lost to the page.
    await expect.poll(focusedRadio).toContain('Lena Fischer');
    // Changing the method reloads the quote; the radios stay and keep focus.
    await page.getByRole('radio', { name: /Express/ }).check();
    await expect.poll(() => page.getByRole('radio', { name: /Express/ }).isChecked()).toBe(true);
    await expect.poll(() => page.locator('fieldset[aria-busy]').getAttribute('aria-busy')).toBe('false');
    expect(await focusedRadio()).toMatch(/Express/);
    await page.getByRole('radio', { name: /Standard/ }).check();
    await expect.poll(() => page.getByRole('radio', { name: /Standard/ }).isChecked()).toBe(true);
    await expect.poll(() => page.locator('fieldset[aria-busy]').getAttribute('aria-busy')).toBe('false');
    expect(await focusedRadio()).toMatch(/Standard/);
    await expect.poll(() => page.getByRole('button', { name: 'Place order' }).isEnabled()).toBe(true);
    const summary = await page.getByRole('complementary', { name: 'Order summary' }).innerText();
    expect(summary).toContain('Spend more, save more');
    expect(summary).toContain('WELCOME10');
    // German prices include VAT: the tax part is shown, not added.
    expect(summary).toMatch(/Includes tax of \S+\d/);
    await shot('checkout');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/account\/orders\/.+\?placed=1$/);
    await expect.poll(() => page.getByText('Thank you! Your order is placed.').isVisible()).toBe(true);
    expect(await page.getByTestId('order-status').innerText()).toBe('Awaiting payment');
    await shot('order');
  });

  it('shows the order in the account and an empty cart', async () => {
    const number = (await page.getByRole('heading', { level: 1 }).innerText()).replace('Order ', '');
    await page.getByRole('link', { name: 'Orders' }).click();
    await expect.poll(() => page.getByTestId('order-row').count()).toBe(1);
    expect(await page.getByTestId('order-row').innerText()).toContain(number);
    await expect.poll(() => page.getByTestId('cart-link').getAttribute('aria-label')).toBe('Cart 0 items');
    await shot('account-orders');
  });
});

describe('the console', () => {
  it('holds no warning from React after every page above', () => {
    expect([...new Set(stack.consoleWarnings)]).toEqual([]);
  });
});
