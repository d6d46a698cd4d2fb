// The shop's words in English and Simplified Chinese, and the shopper's choice of language and
// currency (kept in localStorage so a reload keeps them).

import { type StoreCurrency, storeCurrencies } from '@crossdock/domain/catalog-constants';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';

export type Locale = 'en' | 'zh-CN';

const en = {
  'nav.categories': 'Categories',
  'nav.search': 'Search products',
  'nav.searchButton': 'Search',
  'nav.language': 'Language',
  'nav.currency': 'Currency',
  'home.title': 'Goods from makers worldwide, shipped to your door',
  'home.categories': 'Shop by category',
  'home.newArrivals': 'New arrivals',
  'list.sort': 'Sort by',
  'sort.relevance': 'Relevance',
  'sort.newest': 'Newest',
  'sort.price_asc': 'Price: low to high',
  'sort.price_desc': 'Price: high to low',
  'sort.rating': 'Top rated',
  'rating.label': 'Rated {average} out of 5 from {count} reviews',
  'rating.none': 'No reviews yet.',
  'rating.title': 'Customer reviews',
  'rating.stars': '{n} star',
  'list.filters': 'Filters',
  'list.brand': 'Brand',
  'list.price': 'Price',
  'list.min': 'Min',
  'list.max': 'Max',
  'list.apply': 'Apply',
  'list.inStock': 'In stock only',
  'list.clear': 'Clear filters',
  'list.results': '{count} products',
  'list.empty': 'No products match these filters.',
  'list.next': 'Next page',
  'list.first': 'First page',
  'search.title': 'Results for “{q}”',
  'search.didYouMean': 'Did you mean',
  'search.prompt': 'Type what you are looking for.',
  'product.availability.in_stock': 'In stock',
  'product.availability.low': 'Only a few left',
  'product.availability.out': 'Out of stock',
  'product.addToCart': 'Add to cart',
  'product.cartSoon': 'The cart opens soon: online ordering is not available yet.',
  'product.choose': 'Choose {option}',
  'product.unavailable': 'This combination is not available.',
  'product.details': 'Details',
  'product.material': 'Material',
  'product.origin': 'Country of origin',
  'product.hsCode': 'HS code',
  'product.sku': 'SKU',
  'product.noImage': 'No photo yet',
  'state.loading': 'Loading…',
  'state.error': 'Something went wrong.',
  'state.retry': 'Try again',
  'notFound.title': 'Page not found',
  'notFound.body': 'The page you are looking for does not exist or has moved.',
  'notFound.home': 'Back to the shop',
  breadcrumbs: 'Breadcrumbs',
  home: 'Home',
};

type Key = keyof typeof en;

const zh: Record<Key, string> = {
  'nav.categories': '商品分类',
  'nav.search': '搜索商品',
  'nav.searchButton': '搜索',
  'nav.language': '语言',
  'nav.currency': '货币',
  'home.title': '来自全球匠人的好物，直送到家',
  'home.categories': '按分类选购',
  'home.newArrivals': '新品上架',
  'list.sort': '排序',
  'sort.relevance': '相关度',
  'sort.newest': '最新',
  'sort.price_asc': '价格从低到高',
  'sort.price_desc': '价格从高到低',
  'sort.rating': '评分最高',
  'rating.label': '{count} 条评价，平均 {average} 星（满分 5 星）',
  'rating.none': '暂无评价。',
  'rating.title': '顾客评价',
  'rating.stars': '{n} 星',
  'list.filters': '筛选',
  'list.brand': '品牌',
  'list.price': '价格',
  'list.min': '最低',
  'list.max': '最高',
  'list.apply': '应用',
  'list.inStock': '仅显示有货',
  'list.clear': '清除筛选',
  'list.results': '共 {count} 件商品',
  'list.empty': '没有符合条件的商品。',
  'list.next': '下一页',
  'list.first': '第一页',
  'search.title': '“{q}”的搜索结果',
  'search.didYouMean': '您是不是要找',
  'search.prompt': '请输入您要找的商品。',
  'product.availability.in_stock': '有货',
  'product.availability.low': '库存紧张',
  'product.availability.out': '缺货',
  'product.addToCart': '加入购物车',
  'product.cartSoon': '购物车即将开放：暂不支持在线下单。',
  'product.choose': '选择{option}',
  'product.unavailable': '该组合暂不可售。',
  'product.details': '商品详情',
  'product.material': '材质',
  'product.origin': '原产国',
  'product.hsCode': 'HS 编码',
  'product.sku': 'SKU',
  'product.noImage': '暂无图片',
  'state.loading': '加载中…',
  'state.error': '出错了。',
  'state.retry': '重试',
  'notFound.title': '页面不存在',
  'notFound.body': '您访问的页面不存在或已移动。',
  'notFound.home': '返回商店',
  breadcrumbs: '面包屑导航',
  home: '首页',
};

const messages: Record<Locale, Record<Key, string>> = { en, 'zh-CN': zh };

interface Shopper {
  locale: Locale;
  currency: StoreCurrency;
  setLocale(locale: Locale): void;
  setCurrency(currency: StoreCurrency): void;
  t(key: Key, params?: Record<string, string | number>): string;
}

const ShopperContext = createContext<Shopper | null>(null);

function stored<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  try {
    const value = localStorage.getItem(key);
    return allowed.includes(value as T) ? (value as T) : fallback;
  } catch {
    return fallback;
  }
}

export function ShopperProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() =>
    stored('cd.locale', ['en', 'zh-CN'] as const, navigator.language.startsWith('zh') ? 'zh-CN' : 'en'),
  );
  const [currency, setCurrencyState] = useState<StoreCurrency>(() =>
    stored('cd.currency', storeCurrencies, 'USD'),
  );

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem('cd.locale', next);
    setLocaleState(next);
  }, []);
  const setCurrency = useCallback((next: StoreCurrency) => {
    localStorage.setItem('cd.currency', next);
    setCurrencyState(next);
  }, []);
  const t = useCallback(
    (key: Key, params: Record<string, string | number> = {}) =>
      messages[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? '')),
    [locale],
  );
  const value = useMemo(
    () => ({ locale, currency, setLocale, setCurrency, t }),
    [locale, currency, setLocale, setCurrency, t],
  );
  return <ShopperContext.Provider value={value}>{children}</ShopperContext.Provider>;
}

export function useShopper(): Shopper {
  const shopper = useContext(ShopperContext);
  if (!shopper) throw new Error('useShopper outside ShopperProvider');
  return shopper;
}
