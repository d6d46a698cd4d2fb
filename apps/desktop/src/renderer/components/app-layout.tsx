// The frame around every module: a sidebar with the modules the signed-in user's permissions
// allow (the API refuses the others anyway), a top bar with order search (Ctrl+K), language,
// theme and the user menu. Native menu actions arrive through the bridge.
import { orderEventWords } from '@crossdock/domain/order-words';
import type { Permission } from '@crossdock/domain/permissions';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Dropdown, Input, type InputRef, Layout, Menu, Select, Space, Switch } from 'antd';
import { useEffect, useRef } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { bridge } from '../lib/bridge';
import { type Locale, usePrefs } from '../lib/i18n';
import { searchTarget } from '../lib/search-target';
import { useApi, useSession } from '../lib/session';

/** The modules of the back office, each behind the permission that reads it. */
export const modules: {
  path: string;
  label:
    | 'nav.dashboard'
    | 'nav.orders'
    | 'nav.products'
    | 'nav.categories'
    | 'nav.brands'
    | 'nav.customers'
    | 'nav.promotions'
    | 'nav.reviews'
    | 'nav.settlements'
    | 'nav.shops'
    | 'nav.listings'
    | 'nav.imports'
    | 'nav.stock'
    | 'nav.transfers'
    | 'nav.counts'
    | 'nav.suppliers'
    | 'nav.purchaseOrders'
    | 'nav.shipping'
    | 'nav.settings'
    | 'nav.staff';
  permission: Permission;
}[] = [
  { path: '/dashboard', label: 'nav.dashboard', permission: 'analytics:read' },
  { path: '/orders', label: 'nav.orders', permission: 'orders:read' },
  { path: '/products', label: 'nav.products', permission: 'catalog:read' },
  { path: '/categories', label: 'nav.categories', permission: 'catalog:read' },
  { path: '/brands', label: 'nav.brands', permission: 'catalog:read' },
  { path: '/customers', label: 'nav.customers', permission: 'customers:read' },
  { path: '/promotions', label: 'nav.promotions', permission: 'promotions:read' },
  { path: '/reviews', label: 'nav.reviews', permission: 'catalog:moderate' },
  { path: '/settlements', label: 'nav.settlements', permission: 'finance:read' },
  { path: '/shops', label: 'nav.shops', permission: 'channels:read' },
  { path: '/listings', label: 'nav.listings', permission: 'channels:read' },
  { path: '/imports', label: 'nav.imports', permission: 'channels:read' },
  { path: '/stock', label: 'nav.stock', permission: 'inventory:read' },
  { path: '/transfers', label: 'nav.transfers', permission: 'inventory:read' },
  { path: '/counts', label: 'nav.counts', permission: 'inventory:read' },
  { path: '/suppliers', label: 'nav.suppliers', permission: 'purchasing:read' },
  { path: '/purchase-orders', label: 'nav.purchaseOrders', permission: 'purchasing:read' },
  { path: '/shipping', label: 'nav.shipping', permission: 'logistics:read' },
  { path: '/settings', label: 'nav.settings', permission: 'settings:read' },
  { path: '/staff', label: 'nav.staff', permission: 'staff:read' },
];

export function allowedModules(permissions: ReadonlySet<Permission>) {
  return modules.filter((m) => permissions.has(m.permission));
}

export function AppLayout() {
  const { t, locale, setLocale, theme, setTheme } = usePrefs();
  const { user, signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const search = useRef<InputRef>(null);
  const allowed = user ? allowedModules(user.permissions) : [];

  // Live: any order placed or changed refreshes the dashboard and the order lists.
  const api = useApi();
  const client = useQueryClient();
  const { message } = App.useApp();
  const canSeeOrders = user?.permissions.has('orders:read') ?? false;
  useEffect(() => {
    if (!canSeeOrders) return;
    const subscription = api.live.orders.subscribe(undefined, {
      onData: (event) => {
        void client.invalidateQueries({ queryKey: ['dashboard'] });
        void client.invalidateQueries({ queryKey: ['orders'] });
        void client.invalidateQueries({ queryKey: ['order', event.orderId] });
        void message.info(
          t('live.event', {
            number: event.number,
            event: orderEventWords(event.type.replace(/^order\./, ''), locale),
          }),
        );
      },
    });
    return () => subscription.unsubscribe();
  }, [api, client, message, canSeeOrders, t, locale]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        search.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    const off = bridge.onMenuAction((action) => {
      if (action === 'search') search.current?.focus();
      if (action === 'sign-out') void signOut();
    });
    return () => {
      window.removeEventListener('keydown', onKey);
      off();
    };
  }, [signOut]);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={208} theme={theme === 'dark' ? 'dark' : 'light'} breakpoint="lg">
        <div style={{ padding: 16, fontWeight: 600 }}>{t('app.name')}</div>
        <Menu
          aria-label="Modules"
          mode="inline"
          theme={theme === 'dark' ? 'dark' : 'light'}
          selectedKeys={allowed.filter((m) => location.pathname.startsWith(m.path)).map((m) => m.path)}
          items={allowed.map((m) => ({ key: m.path, label: t(m.label) }))}
          onClick={({ key }) => navigate(key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            display: 'flex',
            alignItems: 'center',
            gap: 16,
            paddingInline: 16,
            background: theme === 'dark' ? undefined : '#fff',
          }}
        >
          <Input.Search
            ref={search}
            aria-label={t('top.search')}
            placeholder={t('top.search')}
            allowClear
            style={{ maxWidth: 360 }}
            onSearch={(value) => {
              const target = searchTarget(value, user?.permissions ?? new Set());
              if (target) navigate(target);
            }}
          />
          <div style={{ flex: 1 }} />
          <Space>
            <Select<Locale>
              aria-label={t('top.language')}
              value={locale}
              onChange={setLocale}
              options={[
                { value: 'en', label: 'English' },
                { value: 'zh-CN', label: '简体中文' },
              ]}
              style={{ width: 120 }}
            />
            <Switch
              aria-label={t('top.theme')}
              checked={theme === 'dark'}
              onChange={(dark) => setTheme(dark ? 'dark' : 'light')}
            />
            <Dropdown
              menu={{ items: [{ key: 'sign-out', label: t('top.signOut') }], onClick: () => void signOut() }}
            >
              <Button type="text" data-testid="user-menu">
                {user?.name}
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
