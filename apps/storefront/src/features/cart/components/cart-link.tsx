// The header's cart link with the number of items, and the account link or sign-in.
import { Link } from 'react-router';
import { useShopper } from '../../../lib/i18n';
import { useSession } from '../../../lib/session';
import { useCart } from '../api';

export function CartLink() {
  const { t } = useShopper();
  const cart = useCart();
  const count = cart.data?.itemCount ?? 0;
  return (
    <Link to="/cart" className="cart-link" aria-label={t('nav.cartCount', { count })} data-testid="cart-link">
      {t('nav.cart')}
      <span className="badge" aria-hidden="true">
        {count}
      </span>
    </Link>
  );
}

export function AccountLink() {
  const { t } = useShopper();
  const { user, restoring } = useSession();
  if (restoring) return null;
  return user ? (
    <Link to="/account" className="account-link">
      {t('nav.account')}
    </Link>
  ) : (
    <Link to="/account/sign-in" className="account-link">
      {t('nav.signIn')}
    </Link>
  );
}
