// Providers and routes. Each page is its own chunk, loaded when first visited.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Layout } from './components/layout';
import { Loading } from './components/states';
import { ShopperProvider } from './lib/i18n';
import { SessionProvider } from './lib/session';

const HomePage = lazy(() => import('./features/catalog/routes/home-page'));
const CategoryPage = lazy(() => import('./features/catalog/routes/category-page'));
const SearchPage = lazy(() => import('./features/catalog/routes/search-page'));
const ProductPage = lazy(() => import('./features/catalog/routes/product-page'));
const CartPage = lazy(() => import('./features/cart/routes/cart-page'));
const CheckoutPage = lazy(() => import('./features/checkout/routes/checkout-page'));
const SignInPage = lazy(() => import('./features/account/routes/sign-in-page'));
const ResetPasswordPage = lazy(() => import('./features/account/routes/reset-password-page'));
const OrdersPage = lazy(() => import('./features/account/routes/orders-page'));
const OrderPage = lazy(() => import('./features/account/routes/order-page'));
const AddressesPage = lazy(() => import('./features/account/routes/addresses-page'));
const PointsPage = lazy(() => import('./features/account/routes/points-page'));
const PaymentPage = lazy(() => import('./features/account/routes/payment-page'));
const NotFoundPage = lazy(() => import('./routes/not-found-page'));

const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 30_000, refetchOnWindowFocus: false } },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <ShopperProvider>
        <SessionProvider>
          <BrowserRouter>
            <Suspense fallback={<Loading />}>
              <Routes>
                <Route element={<Layout />}>
                  <Route index element={<HomePage />} />
                  <Route path="c/:slug" element={<CategoryPage />} />
                  <Route path="search" element={<SearchPage />} />
                  <Route path="p/:slug" element={<ProductPage />} />
                  <Route path="cart" element={<CartPage />} />
                  <Route path="checkout" element={<CheckoutPage />} />
                  <Route path="account" element={<OrdersPage />} />
                  <Route path="account/sign-in" element={<SignInPage />} />
                  {/* The path the reset mail links to (auth.service). */}
                  <Route path="reset-password" element={<ResetPasswordPage />} />
                  <Route path="account/orders/:id" element={<OrderPage />} />
                  <Route path="account/orders/:id/payment" element={<PaymentPage />} />
                  <Route path="account/addresses" element={<AddressesPage />} />
                  <Route path="account/points" element={<PointsPage />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </SessionProvider>
      </ShopperProvider>
    </QueryClientProvider>
  );
}
