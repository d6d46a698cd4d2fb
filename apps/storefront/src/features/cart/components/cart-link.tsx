// The header's mini-cart: a button with the number of items that opens a small panel with the
// lines, the total after discounts and the ways on (cart, checkout); and the account link.
// The panel closes with Escape, a click outside, or on navigation, and gives focus back.
import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useCart } from '../../../lib/cart';
import { useShopper } from '../../../lib/i18n';
import { formatPrice } from '../../../lib/money';
import { useSession } from '../../../lib/session';

export function CartLink() {
  const { t, locale } = useShopper();
  const cart = useCart();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const location = useLocation();
  const count = cart.data?.itemCount ?? 0;

  // Closes on every navigation.
  useEffect(() => setOpen(false), [location.pathname]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  const data = cart.data;
  return (
    <div className="mini-cart" ref={root}>
      <button
        ref={button}
        type="button"
        className="cart-link"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t('nav.cartCount', { count })}
        data-testid="cart-link"
        onClick={() => setOpen((o) => !o)}
      >
        {t('nav.cart')}{' '}
        <span className="badge" aria-hidden="true">
          {count}
        </span>
      </button>
      {open ? (
        <section id={panelId} className="mini-cart-panel" aria-label={t('cart.title')}>
          {!data || data.lines.length === 0 ? (
            <p className="muted">{t('cart.empty')}</p>
          ) : (
            <>
              <ul>
                {data.lines.slice(0, 5).map((line) => (
                  <li key={line.skuId}>
                    <span>
                      {line.title ?? line.code} × {line.quantity}
                      {line.problem ? <span className="warning small"> !</span> : null}
                    </span>
                    <span>{line.total ? formatPrice(line.total, locale) : '—'}</span>
                  </li>
                ))}
              </ul>
              {data.lines.length > 5 ? <p className="muted small">+{data.lines.length - 5}</p> : null}
              <p className="mini-cart-total">
                <span>{t('cart.total')}</span>
                <strong>{formatPrice(data.total, locale)}</strong>
              </p>
              <div className="buttons">
                <Link to="/cart">{t('product.viewCart')}</Link>
                <Link to="/checkout" className="primary small-button">
                  {t('cart.checkout')}
                </Link>
              </div>
            </>
          )}
        </section>
      ) : null}
    </div>
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
