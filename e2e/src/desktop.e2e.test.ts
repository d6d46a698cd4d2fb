// The back office renderer in Chromium (as Electron would show it, without the native bridge)
// against a real API: first run refuses an unreachable and a non-Crossdock address; staff sign
// in and see only the modules their roles allow; Operations finds an order by number and ships
// it; Finance approves a customer's refund. Screenshots go to test-results/screenshots.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screen } from './axe';
import { artifacts, type Stack, startStack } from './stack';

let stack: Stack;
let page: Page;

beforeAll(async () => {
  stack = await startStack({ desktop: true });
  page = await stack.newPage();
});
afterAll(async () => {
  await stack?.stop();
});

const shot = (name: string) => screen(page, `${artifacts}/desktop-${name}.png`, `desktop ${name}`);
const staffEmail = (role: string) =>
  stack.demo.accounts.find((a) => a.kind === 'staff' && a.role === role)!.email;

/** A customer's order, placed and paid through the API and the simulated cashier. */
async function paidOrder(): Promise<{ id: string; number: string; token: string }> {
  const customer = stack.demo.accounts.filter((a) => a.kind === 'customer')[1]!;
  const { accessToken: token } = await stack.call<{ accessToken: string }>(
    'auth.login',
    { email: customer.email, password: stack.demo.password, kind: 'customer', transport: 'body' },
    { method: 'POST' },
  );
  const list = await stack.call<{ items: { slug: string }[] }>('shop.products', {
    inStock: true,
    sort: 'price_asc',
    limit: 1,
    currency: 'USD',
    locale: 'en',
  });
  const product = await stack.call<{ skus: { id: string; availability: string }[] }>('shop.product', {
    slug: list.items[0]!.slug,
    currency: 'USD',
    locale: 'en',
  });
  const sku = product.skus.find((s) => s.availability !== 'out')!;
  await stack.call(
    'cart.add',
    { skuId: sku.id, quantity: 1, currency: 'USD', locale: 'en' },
    { method: 'POST', token },
  );
  const address = await stack.call<{ id: string }>(
    'account.addresses.add',
    { address: { name: 'Ben', line1: '5 High St', city: 'Berlin', postalCode: '10115', country: 'DE' } },
    { method: 'POST', token },
  );
  const quote = await stack.call<{ shippingMethods: { id: string }[] }>(
    'checkout.quote',
    { addressId: address.id, currency: 'USD', locale: 'en' },
    { token },
  );
  const placed = await stack.call<{ id: string; number: string }>(
    'checkout.placeOrder',
    {
      addressId: address.id,
      shippingMethodId: quote.shippingMethods[0]!.id,
      idempotencyKey: `desktop-${crypto.randomUUID()}`,
      currency: 'USD',
      locale: 'en',
    },
    { method: 'POST', token },
  );
  const { cashierUrl } = await stack.call<{ cashierUrl: string }>(
    'payments.start',
    { orderId: placed.id, provider: 'alipay' },
    { method: 'POST', token },
  );
  await fetch(`${cashierUrl}/pay`, { method: 'POST', redirect: 'manual' });
  await expect
    .poll(
      async () =>
        (await stack.call<{ orderStatus: string }>('payments.status', { orderId: placed.id }, { token }))
          .orderStatus,
      {
        timeout: 15_000,
      },
    )
    .toBe('paid');
  return { ...placed, token };
}

async function signIn(role: string) {
  await page.getByLabel('Email').fill(staffEmail(role));
  await page.getByLabel('Password').fill(stack.demo.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function signOut() {
  await page.getByTestId('user-menu').click();
  await page.getByText('Sign out').click();
  await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
}

const modules = async () =>
  (await page.getByRole('menu', { name: 'Modules' }).getByRole('menuitem').allInnerTexts()).sort();

describe('the back office', () => {
  it('asks for the server on first run and refuses addresses that are not a Crossdock server', async () => {
    await page.goto(stack.desktopUrl);
    const address = page.getByLabel('Server address');
    await address.fill('http://127.0.0.1:9');
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect
      .poll(() => page.getByRole('alert').innerText())
      .toContain('No server answers at this address');
    await address.fill(stack.baseUrl);
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('not a Crossdock server');
    await shot('first-run');
    await address.fill(stack.apiUrl);
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
  });

  it('shows each user only the modules their roles allow, and refuses a wrong password', async () => {
    await signIn('Operations');
    await expect
      .poll(modules)
      .toEqual([
        'Brands',
        'Categories',
        'Customers',
        'Dashboard',
        'Imports',
        'Listings',
        'Orders',
        'Products',
        'Promotions',
        'Purchase orders',
        'Reviews',
        'Settings',
        'Shipping',
        'Shops',
        'Stock',
        'Stock counts',
        'Suppliers',
        'Transfers',
      ]);
    await shot('operations');
    await signOut();
    await signIn('Finance');
    await expect
      .poll(modules)
      .toEqual(['Customers', 'Dashboard', 'Orders', 'Purchase orders', 'Settlements', 'Suppliers']);
    await signOut();
    await page.getByLabel('Email').fill(staffEmail('Operations'));
    await page.getByLabel('Password').fill('wrong-password-here');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/password/i);
  });

  it('shows a new order on the dashboard without a reload', async () => {
    await signIn('Operations');
    const todayOrders = page.getByTestId('today-orders');
    await expect.poll(() => todayOrders.isVisible()).toBe(true);
    const before = Number((await todayOrders.innerText()).replace(/\D+/g, ''));
    await paidOrder();
    await expect
      .poll(async () => Number((await todayOrders.innerText()).replace(/\D+/g, '')), { timeout: 20_000 })
      .toBe(before + 1);
    await shot('dashboard');
  });

  it('lets Operations find an order by number and ship it', async () => {
    const order = await paidOrder();
    await expect
      .poll(() => page.getByRole('menuitem', { name: 'Orders', exact: true }).isVisible())
      .toBe(true);
    await page.keyboard.press('Control+K');
    await page.keyboard.type(order.number);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('order-row').count()).toBe(1);
    await shot('orders');
    // The export holds exactly the rows the filter selects.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    // One row per order line, with the order's amounts, tax, payment and channel beside it.
    expect(lines[0]).toBe(
      'Order,Placed,Status,Channel,Customer,Country,Currency,SKU,Item,Quantity,Unit price,Line discount,' +
        'Line tax,Line total,Order subtotal,Order discount,Coupon,Points discount,Shipping method,Shipping,' +
        'Shipping discount,Tax,Tax included,Total,Refunded,Payment,Paid',
    );
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(1)) {
      expect(line.startsWith(`${order.number},`)).toBe(true);
      expect(line).toContain(',paid,storefront,');
    }
    // Keyboard: the row takes focus and Enter opens it.
    await page.getByTestId('order-row').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('order-status').innerText()).toBe('Paid');
    // The state machine offers shipping, not cancelling, for a paid order.
    expect(await page.getByRole('button', { name: 'Cancel order' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Create shipment' }).first().click();
    // The warehouse is offered by its code and name, not an id.
    await expect
      .poll(() => page.getByRole('dialog').getByText(/ · /).first().innerText())
      .toMatch(/^[A-Z0-9-]+ · \S/);
    await page.getByLabel('Tracking number').fill(`SF${Date.now()}`);
    await page.getByRole('dialog').getByRole('button', { name: 'Create shipment' }).click();
    await expect.poll(() => page.getByTestId('order-status').innerText()).toBe('Shipped');
    expect(await page.getByTestId('timeline').innerText()).toContain('Shipped');
    // A shipped order cannot be cancelled: the button is gone, and the API refuses a forced call.
    expect(await page.getByRole('button', { name: 'Cancel order' }).count()).toBe(0);
    const { accessToken } = await stack.call<{ accessToken: string }>(
      'auth.login',
      { email: staffEmail('Operations'), password: stack.demo.password, kind: 'staff', transport: 'body' },
      { method: 'POST' },
    );
    await expect(
      stack.call('orders.cancel', { id: order.id, reason: 'Forced' }, { method: 'POST', token: accessToken }),
    ).rejects.toThrow(/TRANSITION_NOT_ALLOWED/);
    await shot('order-shipped');
    await page.getByRole('link', { name: 'Back to orders' }).click();
  });

  it('says so when an export would be empty', async () => {
    await page.getByLabel('Number, email or SKU').fill('SO-1999-999999');
    await page.getByLabel('Number, email or SKU').press('Enter');
    await expect.poll(() => page.getByText('No orders match these filters.').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await expect.poll(() => page.getByText('There is nothing to export').isVisible()).toBe(true);
    await signOut();
  });

  it('lets Finance approve a customer’s refund request', async () => {
    const order = await paidOrder();
    await stack.call(
      'account.orders.requestRefund',
      { orderId: order.id, reason: 'Ordered the wrong size' },
      { method: 'POST', token: order.token },
    );
    await signIn('Finance');
    await page.goto(`${stack.desktopUrl}/#/orders/${order.id}`);
    await expect.poll(() => page.getByTestId('order-status').innerText()).toBe('Refund requested');
    // The detail shows where the parcel goes, as it would be written on it.
    await expect
      .poll(() => page.getByTestId('shipping-address').innerText())
      .toMatch(/5 High St[\s\S]*10115 Berlin[\s\S]*Germany/);
    await shot('refund-request');
    // Approving pays money back: a dialog shows the amount first, and nothing happens until it is confirmed.
    await page.getByRole('button', { name: 'Approve refund' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByTestId('refund-amount').innerText()).toMatch(/\d/);
    expect(await dialog.innerText()).toMatch(/Pay back .*\d.*\?/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByTestId('order-status').innerText()).toBe('Refund requested');
    await page.getByRole('button', { name: 'Approve refund' }).click();
    await page.getByLabel('Note (optional, the customer sees it)').fill('Sorry about the size');
    await shot('refund-confirm');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /Pay back/ })
      .click();
    await expect.poll(() => page.getByTestId('order-status').innerText()).toBe('Refunded');
    await page.goto(`${stack.desktopUrl}/#/customers`);
    const ben = stack.demo.accounts.filter((a) => a.kind === 'customer')[1]!;
    await page.getByLabel('Email or name').fill(ben.email);
    await page.getByLabel('Email or name').press('Enter');
    await expect.poll(() => page.getByTestId('customer-row').count()).toBe(1);
    await page.getByTestId('customer-row').click();
    await expect.poll(() => page.getByTestId('lifetime-value').isVisible()).toBe(true);
    await shot('customers');
    await page.keyboard.press('Escape');
    await page.goto(`${stack.desktopUrl}/#/settlements`);
    await expect.poll(() => page.getByRole('heading', { name: 'Settlements' }).isVisible()).toBe(true);
    await shot('settlements');
    await page.goto(`${stack.desktopUrl}/#/orders/${order.id}`);
    await page.getByRole('link', { name: 'Invoice' }).click();
    const invoice = page.getByTestId('document');
    await expect.poll(() => invoice.innerText()).toContain(`Invoice ${order.number}`);
    expect(await invoice.innerText()).toContain('Total');
    await shot('invoice');
  });
});

describe('staff and roles', () => {
  it('lets an administrator create a role, with field errors from the API’s own contract, and see it in the audit log', async () => {
    await page.goto(`${stack.desktopUrl}/#/orders`);
    await signOut();
    await signIn('Administrator');
    await page.getByRole('menuitem', { name: 'Staff and roles' }).click();
    await page.getByRole('tab', { name: 'Roles' }).click();
    await page.getByRole('button', { name: 'New role' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Save role' }).click();
    await expect.poll(() => dialog.locator('.ant-form-item-explain-error').count()).toBeGreaterThan(0);
    await shot('role-errors');
    await dialog.getByLabel('Name').fill('Packers');
    await dialog.getByRole('checkbox', { name: 'orders:read' }).check();
    await dialog.getByRole('checkbox', { name: 'orders:fulfil' }).check();
    await dialog.getByRole('button', { name: 'Save role' }).click();
    await expect.poll(() => page.getByRole('cell', { name: 'Packers', exact: true }).isVisible()).toBe(true);
    await page.getByRole('tab', { name: 'Audit log' }).click();
    await expect.poll(() => page.getByRole('tabpanel').innerText()).toContain('role');
    await shot('staff');
  });

  it('finds a product and unpublishes then publishes it', async () => {
    await page.getByRole('menuitem', { name: 'Products' }).click();
    await expect.poll(() => page.getByRole('row').count()).toBeGreaterThan(2);
    await shot('products');
    const search = page.getByLabel('Title, slug or SKU');
    await search.fill('CD0152');
    await search.press('Enter');
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    const row = page.getByRole('row').nth(1);
    await row.getByRole('button', { name: 'Unpublish' }).click();
    await expect.poll(() => row.innerText()).toContain('Draft');
    await row.getByRole('button', { name: 'Publish' }).click();
    await expect.poll(() => row.innerText()).toContain('On sale');
    // Prices of the chosen products change by 10%, previewed first.
    await row.getByRole('checkbox').check();
    await page.getByRole('button', { name: /Change prices/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => dialog.getByTestId('price-preview').innerText()).toMatch(/\d+ prices change/);
    await shot('price-change');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
  });

  it('lists promotions with their usage, and pauses one', async () => {
    await page.getByRole('menuitem', { name: 'Promotions' }).click();
    const row = page.getByRole('row', { name: /Welcome/ });
    await expect.poll(() => row.isVisible()).toBe(true);
    await shot('promotions');
    await row.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => row.innerText()).toContain('Paused');
    await row.getByRole('button', { name: 'Archive' }).click();
    // Archiving asks first; cancelling changes nothing.
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => row.innerText()).toContain('Paused');
  });
});

describe('the console', () => {
  it('holds no warning from React or Ant Design after every screen above', () => {
    expect([...new Set(stack.consoleWarnings)]).toEqual([]);
  });
});
