// The demo catalog's raw material: a category tree, brands, and per-category product words in
// English and Chinese, combined deterministically by catalog-seed.ts.

export interface SeedCategory {
  slug: string;
  en: string;
  zh: string;
  children?: SeedCategory[];
}

export const seedCategories: SeedCategory[] = [
  {
    slug: 'apparel',
    en: 'Apparel',
    zh: '服装',
    children: [
      { slug: 'tops', en: 'Tops', zh: '上衣' },
      { slug: 'bottoms', en: 'Bottoms', zh: '下装' },
      { slug: 'outerwear', en: 'Outerwear', zh: '外套' },
      { slug: 'activewear', en: 'Activewear', zh: '运动服' },
    ],
  },
  {
    slug: 'footwear',
    en: 'Footwear',
    zh: '鞋履',
    children: [
      { slug: 'sneakers', en: 'Sneakers', zh: '运动鞋' },
      { slug: 'boots', en: 'Boots', zh: '靴子' },
    ],
  },
  {
    slug: 'home',
    en: 'Home',
    zh: '家居',
    children: [
      { slug: 'kitchen', en: 'Kitchen', zh: '厨房' },
      { slug: 'bedding', en: 'Bedding', zh: '床品' },
      { slug: 'decor', en: 'Decor', zh: '装饰' },
    ],
  },
  {
    slug: 'beauty',
    en: 'Beauty',
    zh: '美妆',
    children: [
      { slug: 'skincare', en: 'Skincare', zh: '护肤' },
      { slug: 'fragrance', en: 'Fragrance', zh: '香氛' },
    ],
  },
  {
    slug: 'electronics',
    en: 'Electronics',
    zh: '电子产品',
    children: [
      { slug: 'audio', en: 'Audio', zh: '音频' },
      { slug: 'phone-accessories', en: 'Phone accessories', zh: '手机配件' },
    ],
  },
];

export const seedBrands = [
  'Northwind',
  'Fjord & Pine',
  'Lotus Lane',
  'Harbour Supply',
  'Kumo',
  'Atlas Works',
  'Silk Road Studio',
  'Tidewater',
  'Bamboo Co.',
  'Meridian',
  'Old Mill',
  'Zenith Audio',
];

export interface Word {
  en: string;
  zh: string;
}

export interface ProductFamily {
  category: string;
  nouns: Word[];
  materials: Word[];
  /** Option sets: sizes and colours by code. */
  sizes?: string[];
  colours?: boolean;
  basePrice: [number, number];
  hsCode: string;
}

const w = (en: string, zh: string): Word => ({ en, zh });

export const colours: (Word & { code: string })[] = [
  { code: 'black', ...w('Black', '黑色') },
  { code: 'white', ...w('White', '白色') },
  { code: 'navy', ...w('Navy', '藏青') },
  { code: 'sand', ...w('Sand', '沙色') },
  { code: 'olive', ...w('Olive', '橄榄绿') },
  { code: 'rose', ...w('Rose', '玫瑰粉') },
];

export const adjectives: Word[] = [
  w('Classic', '经典'),
  w('Everyday', '日常'),
  w('Lightweight', '轻盈'),
  w('Heritage', '复古'),
  w('Urban', '都市'),
  w('Coastal', '海岸'),
  w('Essential', '基础款'),
  w('Premium', '高级'),
];

export const families: ProductFamily[] = [
  {
    category: 'tops',
    nouns: [w('Tee', 'T恤'), w('Shirt', '衬衫'), w('Polo', 'Polo衫'), w('Sweater', '毛衣')],
    materials: [w('Linen', '亚麻'), w('Cotton', '棉'), w('Merino wool', '美利奴羊毛')],
    sizes: ['XS', 'S', 'M', 'L', 'XL'],
    colours: true,
    basePrice: [1800, 9000],
    hsCode: '610910',
  },
  {
    category: 'bottoms',
    nouns: [w('Chinos', '卡其裤'), w('Jeans', '牛仔裤'), w('Shorts', '短裤')],
    materials: [w('Denim', '丹宁'), w('Twill', '斜纹布'), w('Cotton', '棉')],
    sizes: ['S', 'M', 'L', 'XL'],
    colours: true,
    basePrice: [3500, 11000],
    hsCode: '620342',
  },
  {
    category: 'outerwear',
    nouns: [w('Jacket', '夹克'), w('Parka', '派克大衣'), w('Raincoat', '雨衣')],
    materials: [w('Canvas', '帆布'), w('Down', '羽绒'), w('Waxed cotton', '油蜡棉')],
    sizes: ['S', 'M', 'L', 'XL'],
    colours: true,
    basePrice: [8000, 32000],
    hsCode: '620193',
  },
  {
    category: 'activewear',
    nouns: [w('Leggings', '紧身裤'), w('Running top', '跑步上衣'), w('Track jacket', '运动夹克')],
    materials: [w('Recycled polyester', '再生涤纶'), w('Nylon', '尼龙')],
    sizes: ['XS', 'S', 'M', 'L'],
    colours: true,
    basePrice: [2500, 9000],
    hsCode: '611241',
  },
  {
    category: 'sneakers',
    nouns: [w('Runner', '跑鞋'), w('Court sneaker', '板鞋')],
    materials: [w('Leather', '皮革'), w('Knit', '针织')],
    sizes: ['38', '39', '40', '41', '42', '43', '44'],
    basePrice: [6000, 16000],
    hsCode: '640411',
  },
  {
    category: 'boots',
    nouns: [w('Chelsea boot', '切尔西靴'), w('Hiking boot', '登山靴')],
    materials: [w('Suede', '麂皮'), w('Leather', '皮革')],
    sizes: ['39', '40', '41', '42', '43'],
    basePrice: [9000, 24000],
    hsCode: '640391',
  },
  {
    category: 'kitchen',
    nouns: [
      w('Mug', '马克杯'),
      w('Tea kettle', '茶壶'),
      w('Chef knife', '厨师刀'),
      w('Cutting board', '砧板'),
    ],
    materials: [w('Ceramic', '陶瓷'), w('Copper', '铜'), w('Bamboo', '竹'), w('Steel', '钢')],
    basePrice: [1200, 12000],
    hsCode: '691200',
  },
  {
    category: 'bedding',
    nouns: [w('Duvet cover', '被套'), w('Pillowcase set', '枕套套装'), w('Throw blanket', '盖毯')],
    materials: [w('Linen', '亚麻'), w('Silk', '真丝'), w('Cotton', '棉')],
    sizes: ['Single', 'Double', 'King'],
    colours: true,
    basePrice: [3000, 18000],
    hsCode: '630231',
  },
  {
    category: 'decor',
    nouns: [w('Vase', '花瓶'), w('Candle', '蜡烛'), w('Wall print', '装饰画')],
    materials: [w('Ceramic', '陶瓷'), w('Glass', '玻璃'), w('Soy wax', '大豆蜡')],
    basePrice: [1500, 8000],
    hsCode: '691390',
  },
  {
    category: 'skincare',
    nouns: [w('Face serum', '精华液'), w('Moisturiser', '面霜'), w('Cleanser', '洁面乳')],
    materials: [w('Green tea', '绿茶'), w('Rice', '大米'), w('Ginseng', '人参')],
    sizes: ['30ml', '50ml', '100ml'],
    basePrice: [1800, 7500],
    hsCode: '330499',
  },
  {
    category: 'fragrance',
    nouns: [w('Eau de parfum', '香水'), w('Room spray', '室内香氛')],
    materials: [w('Sandalwood', '檀香'), w('Osmanthus', '桂花'), w('Cedar', '雪松')],
    sizes: ['50ml', '100ml'],
    basePrice: [4500, 16000],
    hsCode: '330300',
  },
  {
    category: 'audio',
    nouns: [w('Wireless earbuds', '无线耳机'), w('Headphones', '头戴式耳机'), w('Speaker', '音箱')],
    materials: [w('Aluminium', '铝'), w('Walnut', '胡桃木')],
    colours: true,
    basePrice: [4900, 29900],
    hsCode: '851830',
  },
  {
    category: 'phone-accessories',
    nouns: [w('Phone case', '手机壳'), w('Charging cable', '充电线'), w('Power bank', '充电宝')],
    materials: [w('Silicone', '硅胶'), w('Braided nylon', '编织尼龙'), w('Leather', '皮革')],
    colours: true,
    basePrice: [900, 6900],
    hsCode: '392690',
  },
];

export const seedWarehouses = [
  { code: 'SZX-1', name: 'Shenzhen main warehouse', country: 'CN', kind: 'own' as const },
  { code: 'HKG-3PL', name: 'Hong Kong 3PL', country: 'HK', kind: 'third_party' as const },
  { code: 'LAX-OS', name: 'Los Angeles overseas warehouse', country: 'US', kind: 'overseas' as const },
  { code: 'FBA-US', name: 'Amazon FBA (US)', country: 'US', kind: 'marketplace' as const },
];
