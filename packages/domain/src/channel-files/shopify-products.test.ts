import { describe, expect, it } from 'vitest';
import { detectFormat } from '../channel-imports';
import { readRecords } from './read-records';
import { type FileListing, shopifyProductsReader } from './shopify-products';

// The same two products in both of Shopify's headers: a mug in two colours (its second variant's
// row without the product's fields, then a row of only an image), and a draft tea caddy
// Shopify does not count.
const legacy = [
  'Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,Variant SKU,Variant Grams,Variant Inventory Tracker,Variant Inventory Qty,Variant Inventory Policy,Variant Fulfillment Service,Variant Price,Variant Compare At Price,Variant Barcode,Image Src,Status',
  'stoneware-mug,Stoneware mug,<p>Glazed</p>,Harbour,Mugs,,TRUE,Colour,Grey,MUG-GREY,350,shopify,12,deny,manual,18.00,,4006381333931,https://cdn.example/mug-grey.jpg,active',
  'stoneware-mug,,,,,,,,Blue,MUG-BLUE,350,shopify,-2,deny,manual,18.00,,,,',
  'stoneware-mug,,,,,,,,,,,,,,,,,,https://cdn.example/mug-blue.jpg,',
  'tea-caddy,Tea caddy,,Harbour,Tea,,FALSE,Title,Default Title,CADDY-1,200,,,deny,manual,1250.00,,,,draft',
];
const modern = [
  'Title,URL handle,Description,Vendor,Product category,Type,Tags,Published on online store,Status,SKU,Barcode,Option1 name,Option1 value,Price,Compare-at price,Inventory tracker,Inventory quantity,Product image URL',
  'Stoneware mug,stoneware-mug,<p>Glazed</p>,Harbour,,Mugs,,TRUE,Active,MUG-GREY,4006381333931,Colour,Grey,18.00,,shopify,12,https://cdn.example/mug-grey.jpg',
  ',stoneware-mug,,,,,,,,MUG-BLUE,,,Blue,18.00,,shopify,-2,',
  ',stoneware-mug,,,,,,,,,,,,,,,,https://cdn.example/mug-blue.jpg',
  'Tea caddy,tea-caddy,,Harbour,,Tea,,FALSE,Draft,CADDY-1,,Title,Default Title,1250.00,,,,',
];
// Enough of a CSV for these fixtures: no cell holds a comma or a quote.
const records = (lines: string[]) =>
  lines.map((line, i) => ({
    row: i + 1,
    values: [...line.matchAll(/("([^"]*)"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => m[2] ?? m[1]!),
  }));

const context = {
  shopCurrency: 'USD',
  shopTimeZone: 'America/New_York',
  now: new Date('2026-12-01T00:00:00Z'),
};

function readAll(lines: string[]) {
  const read = readRecords(shopifyProductsReader, records(lines), { ...context, pricesIncludeTax: false });
  if ('missing' in read) throw new Error(`missing ${read.missing}`);
  return { listings: read.done.flatMap((d) => ('item' in d ? d.item : [])), problems: read.problems };
}

const expected: FileListing[] = [
  {
    sellerSku: 'MUG-GREY',
    title: 'Stoneware mug - Grey',
    barcode: '4006381333931',
    price: { amount: 1800, currency: 'USD' },
    quantity: 12,
    active: true,
  },
  // Oversold to −2: none on sale.
  {
    sellerSku: 'MUG-BLUE',
    title: 'Stoneware mug - Blue',
    barcode: null,
    price: { amount: 1800, currency: 'USD' },
    quantity: 0,
    active: true,
  },
  {
    sellerSku: 'CADDY-1',
    title: 'Tea caddy',
    barcode: null,
    price: { amount: 125_000, currency: 'USD' },
    quantity: null,
    active: false,
  },
];

describe('Shopify’s products export', () => {
  it('is recognised by either of its headers', () => {
    expect(detectFormat(records(legacy).slice(0, 1))?.format).toBe('shopify_products');
    expect(detectFormat(records(modern).slice(0, 1))?.format).toBe('shopify_products');
  });

  it('gives each variant as a listing, from the legacy header and the 2024 one alike', () => {
    for (const lines of [legacy, modern]) {
      const { listings, problems } = readAll(lines);
      expect(problems).toEqual([]);
      expect(listings).toEqual(expected);
    }
  });

  it('names what is wrong: a file without its handle column, a variant without a SKU, a bad price', () => {
    expect(
      shopifyProductsReader.readHeader(records(legacy)[0]!.values.filter((v) => v !== 'Handle')),
    ).toEqual({
      missing: ['handle'],
    });
    const broken = [...legacy];
    broken[2] = broken[2]!.replace('MUG-BLUE', '');
    broken[4] = broken[4]!.replace('1250.00', 'free');
    const { listings, problems } = readAll(broken);
    expect(problems.map((p) => [p.row, p.column, p.key])).toEqual([
      [3, 'variant-sku', 'import.variantSku'],
      [5, 'variant-price', 'import.amount'],
    ]);
    // Both products are held back whole.
    expect(listings).toEqual([]);
  });
});
