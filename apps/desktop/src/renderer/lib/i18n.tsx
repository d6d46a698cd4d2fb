// The back office's words in English and Simplified Chinese, with the language and theme staff
// chose (kept in localStorage). Ant Design's own texts follow the same language.
import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';

export type Locale = 'en' | 'zh-CN';
export type ThemeMode = 'light' | 'dark';

const en = {
  'app.name': 'Crossdock Back Office',
  'setup.title': 'Connect to your Crossdock server',
  'setup.url': 'Server address',
  'setup.connect': 'Connect',
  'setup.hint': 'Your administrator gives you this address, e.g. https://crossdock.example.com',
  'signIn.title': 'Sign in',
  'signIn.email': 'Email',
  'signIn.password': 'Password',
  'signIn.submit': 'Sign in',
  'signIn.server': 'Server: {url}',
  'signIn.changeServer': 'Change server',
  'signIn.revoked': 'Your session has ended. Please sign in again.',
  'nav.orders': 'Orders',
  'nav.reviews': 'Reviews',
  'nav.settlements': 'Settlements',
  'top.search': 'Search orders by number (Ctrl+K)',
  'top.signOut': 'Sign out',
  'top.language': 'Language',
  'top.theme': 'Dark theme',
  'orders.title': 'Orders',
  'orders.number': 'Order',
  'orders.customer': 'Customer',
  'orders.status': 'Status',
  'orders.total': 'Total',
  'orders.placed': 'Placed',
  'orders.search': 'Number, email or SKU',
  'orders.allStatuses': 'All statuses',
  'orders.empty': 'No orders match these filters.',
  'order.back': 'Back to orders',
  'order.lines': 'Items',
  'order.payments': 'Payments',
  'order.refunds': 'Refunds',
  'order.shipments': 'Shipments',
  'order.timeline': 'Timeline',
  'order.ship': 'Create shipment',
  'order.cancel': 'Cancel order',
  'order.cancelReason': 'Reason for cancelling',
  'order.approve': 'Approve refund',
  'order.reject': 'Reject refund',
  'order.warehouse': 'Warehouse',
  'order.carrier': 'Carrier',
  'order.tracking': 'Tracking number',
  'order.note': 'Add a note',
  'order.noteVisible': 'Visible to the customer',
  'order.notFound': 'There is no such order.',
  'reviews.title': 'Reviews to moderate',
  'reviews.empty': 'No reviews are waiting.',
  'reviews.product': 'Product',
  'reviews.rating': 'Rating',
  'reviews.review': 'Review',
  'reviews.note': 'Note (optional)',
  'reviews.approve': 'Approve',
  'reviews.reject': 'Reject',
  'settlements.title': 'Settlements',
  'settlements.provider': 'Provider',
  'settlements.day': 'Day',
  'settlements.import': 'Import settlement file',
  'settlements.lines': 'Lines',
  'settlements.matched': 'Matched',
  'settlements.mismatched': 'To check',
  'settlements.transaction': 'Transaction',
  'settlements.kind': 'Type',
  'settlements.status': 'Status',
  'settlements.amount': 'In file',
  'settlements.expected': 'Our books',
  'settlements.note': 'What was done',
  'settlements.resolve': 'Resolve',
  'settlements.allMatched': 'Every line matches.',
  'nav.dashboard': 'Dashboard',
  'dashboard.title': 'Dashboard',
  'dashboard.today': 'Today',
  'dashboard.month': 'This month',
  'dashboard.sales': 'Sales',
  'dashboard.orders': 'Orders',
  'dashboard.average': 'Average order',
  'dashboard.refunds': 'Refunds',
  'dashboard.last30': 'Last 30 days',
  'dashboard.awaiting': 'Waiting for you',
  'dashboard.toShip': 'Orders to ship',
  'dashboard.refundRequests': 'Refund requests',
  'dashboard.pendingReviews': 'Reviews to moderate',
  'dashboard.top': 'Best sellers (30 days)',
  'dashboard.noSales': 'No sales yet.',
  'live.event': 'Order {number}: {event}',
  'export.csv': 'Export CSV',
  'export.xlsx': 'Export Excel (XLSX)',
  'export.progress': 'Exporting… {rows} rows',
  'export.empty': 'There is nothing to export: no rows match these filters.',
  'export.saved': 'Saved {rows} rows to {file}',
  'common.confirm': 'Confirm',
  'common.cancel': 'Cancel',
  'common.retry': 'Try again',
  'common.loading': 'Loading…',
};

type Key = keyof typeof en;

const zh: Record<Key, string> = {
  'app.name': 'Crossdock 后台',
  'setup.title': '连接 Crossdock 服务器',
  'setup.url': '服务器地址',
  'setup.connect': '连接',
  'setup.hint': '请向管理员索取地址，例如 https://crossdock.example.com',
  'signIn.title': '登录',
  'signIn.email': '邮箱',
  'signIn.password': '密码',
  'signIn.submit': '登录',
  'signIn.server': '服务器：{url}',
  'signIn.changeServer': '更换服务器',
  'signIn.revoked': '会话已结束，请重新登录。',
  'nav.orders': '订单',
  'nav.reviews': '评价',
  'nav.settlements': '结算',
  'top.search': '按订单号搜索（Ctrl+K）',
  'top.signOut': '退出登录',
  'top.language': '语言',
  'top.theme': '深色主题',
  'orders.title': '订单',
  'orders.number': '订单号',
  'orders.customer': '客户',
  'orders.status': '状态',
  'orders.total': '金额',
  'orders.placed': '下单时间',
  'orders.search': '订单号、邮箱或 SKU',
  'orders.allStatuses': '全部状态',
  'orders.empty': '没有符合条件的订单。',
  'order.back': '返回订单列表',
  'order.lines': '商品',
  'order.payments': '付款',
  'order.refunds': '退款',
  'order.shipments': '发货',
  'order.timeline': '时间线',
  'order.ship': '创建发货',
  'order.cancel': '取消订单',
  'order.cancelReason': '取消原因',
  'order.approve': '批准退款',
  'order.reject': '拒绝退款',
  'order.warehouse': '仓库',
  'order.carrier': '承运商',
  'order.tracking': '运单号',
  'order.note': '添加备注',
  'order.noteVisible': '客户可见',
  'order.notFound': '没有这个订单。',
  'reviews.title': '待审核评价',
  'reviews.empty': '暂无待审核评价。',
  'reviews.product': '商品',
  'reviews.rating': '评分',
  'reviews.review': '评价',
  'reviews.note': '备注（可选）',
  'reviews.approve': '通过',
  'reviews.reject': '拒绝',
  'settlements.title': '结算对账',
  'settlements.provider': '支付渠道',
  'settlements.day': '日期',
  'settlements.import': '导入结算文件',
  'settlements.lines': '行数',
  'settlements.matched': '已匹配',
  'settlements.mismatched': '待核对',
  'settlements.transaction': '交易号',
  'settlements.kind': '类型',
  'settlements.status': '状态',
  'settlements.amount': '文件金额',
  'settlements.expected': '账面金额',
  'settlements.note': '处理说明',
  'settlements.resolve': '标记已处理',
  'settlements.allMatched': '全部匹配。',
  'nav.dashboard': '概览',
  'dashboard.title': '概览',
  'dashboard.today': '今日',
  'dashboard.month': '本月',
  'dashboard.sales': '销售额',
  'dashboard.orders': '订单数',
  'dashboard.average': '客单价',
  'dashboard.refunds': '退款',
  'dashboard.last30': '近 30 天',
  'dashboard.awaiting': '待处理',
  'dashboard.toShip': '待发货订单',
  'dashboard.refundRequests': '退款申请',
  'dashboard.pendingReviews': '待审核评价',
  'dashboard.top': '畅销商品（30 天）',
  'dashboard.noSales': '暂无销售。',
  'live.event': '订单 {number}：{event}',
  'export.csv': '导出 CSV',
  'export.xlsx': '导出 Excel（XLSX）',
  'export.progress': '正在导出… {rows} 行',
  'export.empty': '没有可导出的数据：没有符合条件的行。',
  'export.saved': '已保存 {rows} 行到 {file}',
  'common.confirm': '确认',
  'common.cancel': '取消',
  'common.retry': '重试',
  'common.loading': '加载中…',
};

const messages: Record<Locale, Record<Key, string>> = { en, 'zh-CN': zh };

interface Prefs {
  locale: Locale;
  theme: ThemeMode;
  setLocale(locale: Locale): void;
  setTheme(theme: ThemeMode): void;
  t(key: Key, values?: Record<string, string | number>): string;
}

const PrefsContext = createContext<Prefs | null>(null);

export function PrefsProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() =>
    localStorage.getItem('cd.locale') === 'zh-CN' ? 'zh-CN' : 'en',
  );
  const [theme, setThemeState] = useState<ThemeMode>(() =>
    localStorage.getItem('cd.theme') === 'dark' ? 'dark' : 'light',
  );
  const value = useMemo<Prefs>(
    () => ({
      locale,
      theme,
      setLocale(next) {
        localStorage.setItem('cd.locale', next);
        setLocaleState(next);
      },
      setTheme(next) {
        localStorage.setItem('cd.theme', next);
        setThemeState(next);
      },
      t(key, values = {}) {
        return messages[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
      },
    }),
    [locale, theme],
  );
  return <PrefsContext.Provider value={value}>{children}</PrefsContext.Provider>;
}

export function usePrefs(): Prefs {
  const prefs = useContext(PrefsContext);
  if (!prefs) throw new Error('usePrefs outside PrefsProvider');
  return prefs;
}
