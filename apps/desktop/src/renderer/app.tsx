// Providers and routes of the back office. Hash routing: the packaged app loads from file://.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, theme as antTheme, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useMemo } from 'react';
import { createHashRouter, createRoutesFromElements, Navigate, Route, RouterProvider } from 'react-router';
import { AppLayout, allowedModules } from './components/app-layout';
import { SignInPage } from './features/auth/sign-in-page';
import { BrandsPage } from './features/catalog/brands-page';
import { CategoriesPage } from './features/catalog/categories-page';
import { NewProductPage } from './features/catalog/new-product-page';
import { ProductPage } from './features/catalog/product-page';
import { ProductsPage } from './features/catalog/products-page';
import { ImportPage } from './features/channels/import-page';
import { ListingsPage } from './features/channels/listings-page';
import { ShopsPage } from './features/channels/shops-page';
import { CustomersPage } from './features/customers/customers-page';
import { DashboardPage } from './features/dashboard/dashboard-page';
import { SettlementsPage } from './features/finance/settlements-page';
import { CountPage, CountsPage } from './features/inventory/counts-page';
import { StockPage } from './features/inventory/stock-page';
import { TransferPage, TransfersPage } from './features/inventory/transfers-page';
import { ShippingMethodsPage } from './features/logistics/shipping-methods-page';
import { OrderDocument } from './features/orders/order-document';
import { OrderPage } from './features/orders/order-page';
import { OrdersPage } from './features/orders/orders-page';
import { PromotionsPage } from './features/promotions/promotions-page';
import { PurchaseOrderPage } from './features/purchasing/purchase-order-page';
import { PurchaseOrdersPage } from './features/purchasing/purchase-orders-page';
import { SuppliersPage } from './features/purchasing/suppliers-page';
import { ReviewsPage } from './features/reviews/reviews-page';
import { SettingsPage } from './features/settings/settings-page';
import { ServerPage } from './features/setup/server-page';
import { StaffPage } from './features/staff/staff-page';
import { PrefsProvider, usePrefs } from './lib/i18n';
import { usePrefersReducedMotion } from './lib/reduced-motion';
import { SessionProvider, useSession } from './lib/session';

const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: 1 } } });

function Screens() {
  const { status, user } = useSession();
  if (status === 'loading') return <Spin fullscreen />;
  if (status === 'setup') return <ServerPage />;
  if (status === 'signed-out' || !user) return <SignInPage />;
  return <SignedIn user={user} />;
}

function SignedIn({ user }: { user: NonNullable<ReturnType<typeof useSession>['user']> }) {
  return <RouterProvider router={useRouter(user)} />;
}

/**
 * The routes this user may open. A data router (not <HashRouter>) so editors can hold a
 * navigation while they have unsaved changes (lib/leave-guard.ts).
 */
function useRouter(user: NonNullable<ReturnType<typeof useSession>['user']>) {
  return useMemo(() => {
    const first = allowedModules(user.permissions)[0];
    return createHashRouter(
      createRoutesFromElements(
        <>
          {user.permissions.has('orders:read') ? (
            <Route path="orders/:id/print/:kind" element={<OrderDocument />} />
          ) : null}
          <Route element={<AppLayout />}>
            <Route index element={first ? <Navigate to={first.path} replace /> : null} />
            {user.permissions.has('analytics:read') ? (
              <Route path="dashboard" element={<DashboardPage />} />
            ) : null}
            {user.permissions.has('orders:read') ? (
              <>
                <Route path="orders" element={<OrdersPage />} />
                <Route path="orders/:id" element={<OrderPage />} />
              </>
            ) : null}
            {user.permissions.has('catalog:read') ? (
              <>
                <Route path="products" element={<ProductsPage />} />
                <Route path="products/:id" element={<ProductPage />} />
                <Route path="categories" element={<CategoriesPage />} />
                <Route path="brands" element={<BrandsPage />} />
              </>
            ) : null}
            {user.permissions.has('catalog:write') ? (
              <Route path="products/new" element={<NewProductPage />} />
            ) : null}
            {user.permissions.has('customers:read') ? (
              <Route path="customers" element={<CustomersPage />} />
            ) : null}
            {user.permissions.has('promotions:read') ? (
              <Route path="promotions" element={<PromotionsPage />} />
            ) : null}
            {user.permissions.has('channels:read') ? (
              <>
                <Route path="shops" element={<ShopsPage />} />
                <Route path="listings" element={<ListingsPage />} />
                <Route path="imports" element={<ImportPage />} />
              </>
            ) : null}
            {user.permissions.has('inventory:read') ? (
              <>
                <Route path="stock" element={<StockPage />} />
                <Route path="transfers" element={<TransfersPage />} />
                <Route path="transfers/:id" element={<TransferPage />} />
                <Route path="counts" element={<CountsPage />} />
                <Route path="counts/:id" element={<CountPage />} />
              </>
            ) : null}
            {user.permissions.has('purchasing:read') ? (
              <>
                <Route path="suppliers" element={<SuppliersPage />} />
                <Route path="purchase-orders" element={<PurchaseOrdersPage />} />
                <Route path="purchase-orders/:id" element={<PurchaseOrderPage />} />
              </>
            ) : null}
            {user.permissions.has('logistics:read') ? (
              <Route path="shipping" element={<ShippingMethodsPage />} />
            ) : null}
            {user.permissions.has('settings:read') ? (
              <Route path="settings" element={<SettingsPage />} />
            ) : null}
            {user.permissions.has('staff:read') ? <Route path="staff" element={<StaffPage />} /> : null}
            {user.permissions.has('catalog:moderate') ? (
              <Route path="reviews" element={<ReviewsPage />} />
            ) : null}
            {user.permissions.has('finance:read') ? (
              <Route path="settlements" element={<SettlementsPage />} />
            ) : null}
            <Route path="*" element={first ? <Navigate to={first.path} replace /> : null} />
          </Route>
        </>,
      ),
    );
  }, [user]);
}

/**
 * Text colours that meet WCAG 2.1 AA contrast (4.5:1) on the backgrounds they are drawn on:
 * antd's secondary, placeholder and link colours, and white on its error red, fall short.
 */
const contrast = {
  light: {
    colorPrimary: '#0b6e4f',
    colorLink: '#0b6e4f',
    colorError: '#cf1322',
    colorTextSecondary: '#595959',
    colorTextTertiary: '#595959',
    colorTextDescription: '#595959',
    colorTextQuaternary: '#595959',
    colorTextPlaceholder: '#707070',
  },
  dark: {
    colorPrimary: '#0b6e4f',
    colorLink: '#4fbf95',
    colorTextSecondary: 'rgba(255, 255, 255, 0.7)',
    colorTextTertiary: 'rgba(255, 255, 255, 0.65)',
    colorTextDescription: 'rgba(255, 255, 255, 0.65)',
    colorTextQuaternary: 'rgba(255, 255, 255, 0.6)',
    colorTextPlaceholder: 'rgba(255, 255, 255, 0.6)',
  },
};

function Themed() {
  const { locale, theme } = usePrefs();
  const reducedMotion = usePrefersReducedMotion();
  // The stylesheet's light-theme contrast fixes (a11y.css) key on this.
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <ConfigProvider
      locale={locale === 'zh-CN' ? zhCN : enUS}
      theme={{
        algorithm: theme === 'dark' ? antTheme.darkAlgorithm : antTheme.defaultAlgorithm,
        token: { ...(theme === 'dark' ? contrast.dark : contrast.light), motion: !reducedMotion },
        // In the dark theme the brand green is too dark for text: selected tabs use a lighter one.
        // In the light one, selected menu items and tree nodes get an opaque pale green behind
        // the green text (antd's is translucent and, over the grey sider, too dark for it).
        components:
          theme === 'dark'
            ? { Tabs: { itemSelectedColor: '#4fbf95', itemHoverColor: '#6fd3ab', inkBarColor: '#4fbf95' } }
            : {
                Menu: { itemSelectedBg: '#e3f1eb', itemActiveBg: '#e3f1eb', itemSelectedColor: '#0b6e4f' },
                Tree: { nodeSelectedBg: '#e3f1eb' },
              },
      }}
    >
      {/* Confirmations go by themselves: a pointer resting over one (antd pauses the timer on
          hover) kept a "saved" note on screen for twenty minutes. */}
      <AntApp message={{ duration: 3, maxCount: 3, pauseOnHover: false }}>
        <SessionProvider>
          <Screens />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <PrefsProvider>
        <Themed />
      </PrefsProvider>
    </QueryClientProvider>
  );
}
