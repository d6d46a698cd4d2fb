// The account pages' own navigation, with who is signed in and a way out.
import { useQueryClient } from '@tanstack/react-query';
import { NavLink, useNavigate } from 'react-router';
import { useShopper } from '../../../lib/i18n';
import { session, useSession } from '../../../lib/session';

export function AccountNav() {
  const { t } = useShopper();
  const { user } = useSession();
  const navigate = useNavigate();
  const client = useQueryClient();
  return (
    <nav className="account-nav" aria-label={t('account.title')}>
      <p className="muted small">{user ? t('account.signedInAs', { name: user.name }) : null}</p>
      <ul>
        <li>
          <NavLink to="/account" end>
            {t('account.orders')}
          </NavLink>
        </li>
        <li>
          <NavLink to="/account/addresses">{t('account.addresses')}</NavLink>
        </li>
        <li>
          <NavLink to="/account/points">{t('points.title')}</NavLink>
        </li>
        <li>
          <button
            type="button"
            className="link-button"
            onClick={async () => {
              await session.signOut();
              client.clear();
              navigate('/');
            }}
          >
            {t('nav.signOut')}
          </button>
        </li>
      </ul>
    </nav>
  );
}
