// The shopper's session. The access token lives in memory only; the refresh token is an httpOnly
// cookie the browser sends to /trpc, so a reload restores the session with `auth.refresh` and
// script on the page never sees a long-lived secret. Tokens are refreshed shortly before they
// expire, before the request that would have failed.
import type { AppRouter, RouterOutputs } from '@crossdock/api';
import { createTRPCClient } from '@trpc/client';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useSyncExternalStore } from 'react';
import { apiLink } from './api-link';

export type SessionUser = RouterOutputs['auth']['login']['user'];
type Issued = { user: SessionUser; accessToken: string; accessTokenExpiresAt: Date };

// A client without the session's headers, for the calls that make or end a session.
const authClient = createTRPCClient<AppRouter>({
  links: [apiLink('/trpc')],
});

let current: Issued | null = null;
let status: 'restoring' | 'ready' = 'restoring';
let refreshing: Promise<void> | null = null;
const listeners = new Set<() => void>();
const emit = () => {
  for (const listener of listeners) listener();
};

// Not a secret: only whether a session cookie is worth trying, so a guest's first page does
// not send a refresh that can only fail.
const HINT = 'cd.session';
const hinted = () => {
  try {
    return localStorage.getItem(HINT) === '1';
  } catch {
    return false;
  }
};

function adopt(issued: Issued | null) {
  current = issued;
  status = 'ready';
  try {
    if (issued) localStorage.setItem(HINT, '1');
    else localStorage.removeItem(HINT);
  } catch {
    // Storage may be unavailable (private mode); the session still works for this page.
  }
  emit();
}

async function refresh(): Promise<void> {
  if (status === 'restoring' && !hinted()) {
    adopt(null);
    return;
  }
  refreshing ??= authClient.auth.refresh
    .mutate({})
    .then((issued) => adopt(issued))
    .catch(() => adopt(null))
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/** The bearer header for the next request, refreshing the token first if it is about to expire. */
export async function authorization(): Promise<Record<string, string>> {
  if (status === 'restoring') await refresh();
  if (current && current.accessTokenExpiresAt.getTime() - Date.now() < 30_000) await refresh();
  return current ? { authorization: `Bearer ${current.accessToken}` } : {};
}

export const session = {
  async signIn(email: string, password: string) {
    adopt(await authClient.auth.login.mutate({ email, password, kind: 'customer', transport: 'cookie' }));
  },
  async register(input: { name: string; email: string; password: string; locale: 'en' | 'zh-CN' }) {
    adopt(await authClient.auth.register.mutate({ ...input, transport: 'cookie' }));
  },
  async signOut() {
    await authClient.auth.logout.mutate({}).catch(() => undefined);
    adopt(null);
  },
  restore: refresh,
};

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

interface SessionState {
  user: SessionUser | null;
  restoring: boolean;
}
const SessionContext = createContext<SessionState>({ user: null, restoring: true });

export function SessionProvider({ children }: { children: ReactNode }) {
  const user = useSyncExternalStore(subscribe, () => current?.user ?? null);
  const restoring = useSyncExternalStore(subscribe, () => status === 'restoring');
  useEffect(() => {
    if (status === 'restoring') void refresh();
  }, []);
  const value = useMemo(() => ({ user, restoring }), [user, restoring]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  return useContext(SessionContext);
}
