// The demo eBay seller's last three months, as Seller Hub's orders report would give them: eBay
// has no connector in Crossdock, so its shop's history comes in the way a seller would bring it
// — the report, imported. Deterministic (a fixed seed), relative to when it runs.
import { EBAY_ORDERS_COLUMNS } from '@crossdock/domain/channel-imports';
import { money, toDecimalString } from '@crossdock/domain/money';
import { random } from './random';

const COLUMNS = EBAY_ORDERS_COLUMNS;
type Column = (typeof COLUMNS)[number];

const buyers = [
  { name: 'Maya Thompson', city: 'Portland', state: 'OR', zip: '97205', street: '812 SW Alder St' },
  { name: 'Daniel Ortiz', city: 'San Antonio', state: 'TX', zip: '78205', street: '140 E Houston St' },
  { name: 'Priya Raman', city: 'Edison', state: 'NJ', zip: '08817', street: '33 Oak Tree Rd' },
  { name: 'Ethan Walker', city: 'Denver', state: 'CO', zip: '80202', street: '1550 Wewatta St' },
  { name: 'Grace Kim', city: 'Seattle', state: 'WA', zip: '98101', street: '400 Pine St' },
  { name: 'Lucas Meyer', city: 'Columbus', state: 'OH', zip: '43215', street: '77 S High St' },
  { name: 'Hannah Brooks', city: 'Raleigh', state: 'NC', zip: '27601', street: '2 E Martin St' },
  { name: 'Omar Haddad', city: 'Dearborn', state: 'MI', zip: '48126', street: '13615 Michigan Ave' },
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = 86_400_000;

/** A day as eBay.com writes it ("Jul-21-25"), in the shop's time zone. */
function ebayDay(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: '2-digit', month: 'numeric', day: '2-digit' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${MONTHS[Number(parts.month) - 1]}-${parts.day}-${parts.year}`;
}

const cell = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const usd = (cents: number) =>
  `$${toDecimalString(money(cents, 'USD')).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;

/**
 * About one or two orders a day for `days` days up to `now`, of what the seller lists (our SKU
 * codes as eBay's Custom Label), one in six of two items; shipped a day or three after the sale,
 * the last few days' still to ship.
 */
export function demoEbayOrdersReport(
  listings: readonly { code: string; title: string; price: number }[],
  options: { now: Date; days: number; timeZone: string; sellerId: string },
): string {
  const rnd = random(0xeba7);
  const blank = COLUMNS.map(() => '');
  const line = (fields: Partial<Record<Column, string>>) =>
    COLUMNS.map((c) => cell(fields[c] ?? '')).join(',');
  const itemNumber = (code: string) =>
    String(
      335_000_000_000 +
        ([...code].reduce((n, ch) => (n * 131 + ch.charCodeAt(0)) % 999_999_999, 7) % 999_999_999),
    );
  const rows: string[] = [blank.join(','), COLUMNS.join(','), blank.join(',')];
  let record = 1000;
  let transaction = 2_345_678_900_000;
  let orders = 0;
  for (let day = options.days; day >= 0; day--) {
    const count = rnd.int(0, 2);
    for (let n = 0; n < count; n++) {
      const soldAt = new Date(options.now.getTime() - day * DAY - rnd.int(1, 20) * 3_600_000);
      if (soldAt >= options.now) continue;
      const shippedAt = new Date(soldAt.getTime() + rnd.int(1, 3) * DAY);
      const shipped = shippedAt < options.now;
      const buyer = rnd.pick(buyers);
      const items = rnd
        .sample(listings, rnd.next() < 1 / 6 ? 2 : 1)
        .map((l) => ({ ...l, quantity: rnd.int(1, 2) }));
      const shipping = rnd.pick([0, 499, 799]);
      const subtotal = items.reduce((s, i) => s + i.price * i.quantity, 0);
      // eBay collects the sales tax as the marketplace: it is in the total, and not the seller's.
      const ebayTax = Math.round((subtotal + shipping) * 0.07);
      record++;
      orders++;
      const orderNumber = `${String(10 + (record % 89)).padStart(2, '0')}-${String(10_000 + ((record * 7919) % 89_999)).padStart(5, '0')}-${String(10_000 + ((record * 104_729) % 89_999)).padStart(5, '0')}`;
      const order: Partial<Record<Column, string>> = {
        'Sales Record Number': String(record),
        'Order Number': orderNumber,
        'Buyer Username': buyer.name.toLowerCase().replace(' ', '_'),
        'Buyer Name': buyer.name,
        'Buyer Email': `${buyer.name.split(' ')[0]!.toLowerCase()}.${record}@members.ebay.com`,
        'Ship To Name': buyer.name,
        'Ship To Address 1': buyer.street,
        'Ship To City': buyer.city,
        'Ship To State': buyer.state,
        'Ship To Zip': buyer.zip,
        'Ship To Country': 'United States',
        'Shipping And Handling': usd(shipping),
        'Seller Collected Tax': usd(0),
        'eBay Collected Tax': usd(ebayTax),
        'Total Price': usd(subtotal + shipping + ebayTax),
        'Sale Date': ebayDay(soldAt, options.timeZone),
        'Paid On Date': ebayDay(soldAt, options.timeZone),
        'Shipped On Date': shipped ? ebayDay(shippedAt, options.timeZone) : '',
        'Shipping Service': 'USPS Ground Advantage',
        'Tracking Number': shipped
          ? `9400 1000 0000 ${String(record).padStart(4, '0')} ${String(record % 97).padStart(2, '0')}`
          : '',
      };
      const item = (i: (typeof items)[number]) => ({
        'Item Number': itemNumber(i.code),
        'Item Title': i.title,
        'Custom Label': i.code,
        Quantity: String(i.quantity),
        'Sold For': usd(i.price),
        'Transaction ID': String(transaction++),
      });
      if (items.length === 1) rows.push(line({ ...order, ...item(items[0]!) }));
      else {
        // The order's own row, then a row per item.
        rows.push(line({ ...order, Quantity: String(items.reduce((q, i) => q + i.quantity, 0)) }));
        for (const i of items)
          rows.push(line({ 'Sales Record Number': String(record), 'Order Number': orderNumber, ...item(i) }));
      }
    }
  }
  rows.push(blank.join(','));
  rows.push([`${orders} record(s) downloaded`, ...blank.slice(1)].join(','));
  rows.push(blank.join(','));
  rows.push([`Seller ID: ${options.sellerId}`, ...blank.slice(1)].join(','));
  return `${rows.join('\r\n')}\r\n`;
}
