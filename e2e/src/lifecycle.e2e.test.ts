// The order lifecycle in Chromium against the real API and its background jobs: a customer
// places an order and pays in the simulated Alipay cashier; the page waits for the provider's
// notification and shows it paid. A staff call ships it; the simulated carrier's tracking
// events arrive; the customer sees the journey, confirms receipt and writes a review; staff
// approve it, and it shows on the product page. Screenshots go to test-results/screenshots.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screen } from './axe';
import { artifacts, type Stack, startStack } from './stack';

let stack: Stack;
let page: Page;
let slug = '';
let orderId = '';
let staffToken = '';

beforeAll(async () => {
  stack = await startStack();
  page = await stack.newPage();
  const listing = await trpc<{ items: { slug: string }[] }>('shop.products', {
    inStock: true,
    sort: 'price_asc',
    limit: 1,
    currency: 'USD',
    locale: 'en',
  });
  slug = listing.items[0]!.slug;
  const staff = stack.demo.accounts.find((a) => a.kind === 'staff' && a.role === 'Administrator')!;
  const login = await trpc<{ accessToken: string }>(
    'auth.login',
    { email: staff.email, password: stack.demo.password, kind: 'staff', transport: 'body' },
    { method: 'POST' },
  );
  staffToken = login.accessToken;
});
afterAll(async () => {
  await stack?.stop();
});

const trpc = <T>(path: string, input: unknown, options?: { method?: 'GET' | 'POST'; token?: string }) =>
  stack.call<T>(path, input, options);

const shot = (name: string) => screen(page, `${artifacts}/${name}.png`, name);

describe('an order from payment to review', () => {
  it('places an order and pays in the simulated cashier', async () => {
    const customer = stack.demo.accounts.find((a) => a.kind === 'customer')!;
    await page.goto(`${stack.baseUrl}/account/sign-in?next=/p/${slug}`);
    await page.getByLabel('Email').fill(customer.email);
    await page.getByLabel('Password').fill(stack.demo.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(new RegExp(`/p/${slug}$`));
    const add = page.getByRole('button', { name: 'Add to cart' });
    await expect.poll(() => add.isEnabled()).toBe(true);
    await add.click();
    await expect.poll(() => page.getByText('Added to your cart.').isVisible()).toBe(true);
    await page.goto(`${stack.baseUrl}/checkout`);
    await page.getByLabel('Full name').fill('Lena Fischer');
    await page.getByLabel('Street address').fill('Kastanienallee 12');
    await page.getByLabel('City').fill('Berlin');
    await page.getByLabel('Postal code').fill('10435');
    await page.getByLabel('Country').selectOption('DE');
    await page.getByRole('button', { name: 'Save address' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Place order' }).isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/account\/orders\/.+\?placed=1$/);
    orderId = new URL(page.url()).pathname.split('/').at(-1)!;

    await page.getByRole('radio', { name: 'Alipay' }).check();
    await page.getByRole('button', { name: /^Pay / }).click();
    await page.waitForURL(/\/sim\/alipay\/cashier\//);
    expect(await page.getByTestId('cashier-amount').innerText()).toMatch(/USD$/);
    await shot('cashier');
    await page.getByRole('button', { name: /^Pay / }).click();
    // Back on the storefront, which waits for the provider's confirmation.
    await page.waitForURL(new RegExp(`/account/orders/${orderId}/payment$`));
    await expect
      .poll(() => page.getByTestId('payment-confirmed').isVisible(), { timeout: 20_000 })
      .toBe(true);
    await shot('payment-confirmed');
    await page.getByRole('link', { name: 'Back to the order' }).click();
    await expect.poll(() => page.getByTestId('order-status').innerText()).toBe('Paid');
    // A refund request without a reason is refused on its field, not silently dropped.
    await page.getByRole('button', { name: 'Ask for a refund' }).click();
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/Tell us why/);
    await page.getByRole('button', { name: 'Never mind' }).click();
    await expect.poll(() => page.getByTestId('order-status').innerText()).toBe('Paid');
  });

  it('follows the parcel a staff member ships until it is delivered', async () => {
    const order = await trpc<{ lines: { warehouseId: string }[] }>(
      'orders.get',
      { id: orderId },
      { token: staffToken },
    );
    await trpc(
      'orders.createShipment',
      {
        orderId,
        warehouseId: order.lines[0]!.warehouseId,
        carrier: 'sf-express',
        trackingNumber: `SF${Date.now()}`,
      },
      { method: 'POST', token: staffToken },
    );
    await page.reload();
    await expect.poll(() => page.getByTestId('order-status').innerText()).toBe('Shipped');
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByTestId('order-status').innerText();
        },
        { timeout: 30_000, interval: 2000 },
      )
      .toBe('Delivered');
    const parcel = page.getByTestId('parcel');
    expect(await parcel.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(await parcel.getByTestId('tracking-events').getByRole('listitem').count()).toBeGreaterThanOrEqual(
      5,
    );
    expect(await parcel.innerText()).toContain('Cleared customs');
    await shot('tracking');
  });

  it('confirms receipt and writes a review that staff approve onto the product page', async () => {
    await page.getByRole('button', { name: 'I have received my order' }).click();
    await expect.poll(() => page.getByTestId('order-status').innerText()).toBe('Completed');
    await page.getByRole('button', { name: 'Write a review' }).click();
    await page.getByRole('radio', { name: '5 stars' }).check();
    await page.getByLabel('Title').fill('Exactly as described');
    await page.getByLabel('Your review').fill('Arrived well packed and quicker than expected. Very happy.');
    await shot('review-form');
    await page.getByRole('button', { name: 'Send review' }).click();
    await expect
      .poll(() => page.getByText('Thank you! Your review appears once our team has checked it.').isVisible())
      .toBe(true);

    const queue = await trpc<{ items: { id: string; title: string }[] }>(
      'reviews.queue',
      {},
      { token: staffToken },
    );
    const review = queue.items.find((r) => r.title === 'Exactly as described')!;
    await trpc('reviews.approve', { reviewId: review.id }, { method: 'POST', token: staffToken });

    await page.goto(`${stack.baseUrl}/p/${slug}`);
    await expect.poll(() => page.getByTestId('review').first().innerText()).toContain('Exactly as described');
    expect(await page.getByTestId('review').first().innerText()).toContain('Verified purchase');
    await page.getByTestId('review').first().scrollIntoViewIfNeeded();
    await shot('product-reviews');
    await page.goto(`${stack.baseUrl}/account/points`);
    await expect
      .poll(() => page.getByTestId('points-balance').innerText())
      .toMatch(/You have [1-9][\d,]* points/);
  });
});

describe('the console', () => {
  it('holds no warning from React after every page above', () => {
    expect([...new Set(stack.consoleWarnings)]).toEqual([]);
  });
});
