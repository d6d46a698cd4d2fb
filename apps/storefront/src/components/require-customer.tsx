// Pages for signed-in customers: while the session is being restored, wait; without one, go to
// sign-in and come back here afterwards.
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../lib/session';
import { Loading } from './states';

export function RequireCustomer({ children }: { children: ReactNode }) {
  const { user, restoring } = useSession();
  const location = useLocation();
  if (restoring) return <Loading />;
  if (!user) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/account/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}
