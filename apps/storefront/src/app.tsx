// Providers and routes. Each page is its own chunk, loaded when first visited.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Layout } from './components/layout';
import { Loading } from './components/states';
import { ShopperProvider } from './lib/i18n';

const HomePage = lazy(() => import('./features/catalog/routes/home-page'));
const CategoryPage = lazy(() => import('./features/catalog/routes/category-page'));
const SearchPage = lazy(() => import('./features/catalog/routes/search-page'));
const ProductPage = lazy(() => import('./features/catalog/routes/product-page'));
const NotFoundPage = lazy(() => import('./routes/not-found-page'));

const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 30_000, refetchOnWindowFocus: false } },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <ShopperProvider>
        <BrowserRouter>
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route element={<Layout />}>
                <Route index element={<HomePage />} />
                <Route path="c/:slug" element={<CategoryPage />} />
                <Route path="search" element={<SearchPage />} />
                <Route path="p/:slug" element={<ProductPage />} />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </Suspense>
        </BrowserRouter>
      </ShopperProvider>
    </QueryClientProvider>
  );
}
