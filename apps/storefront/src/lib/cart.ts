// The cart as react-query state: one query per shopper, language and currency; every change
// returns the new cart, which replaces the cached one (no refetch round trip).
import type { StoreCurrency } from '@crossdock/domain/catalog-constants';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type Locale, useShopper } from './i18n';
import { useSession } from './session';
import { api, type Cart } from './trpc';

export interface View {
  locale: Locale;
  currency: StoreCurrency;
}

export function useCartKey() {
  const { locale, currency } = useShopper();
  const { user } = useSession();
  return ['cart', user?.id ?? 'guest', locale, currency] as const;
}

export function useCart() {
  const { locale, currency } = useShopper();
  const { restoring } = useSession();
  return useQuery({
    queryKey: useCartKey(),
    queryFn: () => api.cart.get.query({ locale, currency }),
    enabled: !restoring,
    staleTime: 10_000,
  });
}

/** A cart change: runs `change` with the shopper's view and stores the cart it returns. */
export function useCartChange<I>(change: (input: I, view: View) => Promise<Cart>) {
  const { locale, currency } = useShopper();
  const client = useQueryClient();
  const key = useCartKey();
  return useMutation({
    mutationFn: (input: I) => change(input, { locale, currency }),
    onSuccess: (cart) => client.setQueryData(key, cart),
  });
}

export const cartChanges = {
  add: (input: { skuId: string; quantity: number }, view: View) => api.cart.add.mutate({ ...input, ...view }),
  setQuantity: (input: { skuId: string; quantity: number }, view: View) =>
    api.cart.setQuantity.mutate({ ...input, ...view }),
  remove: (input: { skuId: string }, view: View) => api.cart.remove.mutate({ ...input, ...view }),
  applyCoupon: (input: { code: string }, view: View) => api.cart.applyCoupon.mutate({ ...input, ...view }),
  removeCoupon: (_: undefined, view: View) => api.cart.removeCoupon.mutate(view),
  acceptPrices: (_: undefined, view: View) => api.cart.acceptPrices.mutate(view),
};
