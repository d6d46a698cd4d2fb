// The staff session: the server chosen on first run, the access token in memory, the refresh
// token in the OS keychain through the bridge (so a session survives restarts), and the signed-in
// user with their permissions. A refused refresh (revoked or expired session) signs out with a
// message.
import type { Permission } from '@crossdock/domain/permissions';
import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { type Api, createApi, sessionRefusal } from './api';
import { bridge } from './bridge';

export interface StaffUser {
  id: string;
  name: string;
  email: string;
  permissions: ReadonlySet<Permission>;
}

type Status = 'loading' | 'setup' | 'signed-out' | 'signed-in';

interface Session {
  status: Status;
  serverUrl: string | null;
  user: StaffUser | null;
  api: Api | null;
  /** Why the last session ended, if it was not the user's choice. */
  endedBecause: string | null;
  chooseServer(url: string): Promise<void>;
  /** Back to the first-run page to pick another server. */
  changeServer(): void;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** The Authorization header for requests outside tRPC (photo uploads). */
  authHeaders(): Promise<Record<string, string>>;
}

const SessionContext = createContext<Session | null>(null);

interface Tokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>('loading');
  const [serverUrl, setServerUrl] = useState<string | null>(null);
  const [user, setUser] = useState<StaffUser | null>(null);
  const [endedBecause, setEndedBecause] = useState<string | null>(null);
  const tokens = useRef<Tokens | null>(null);
  const refreshing = useRef<Promise<boolean> | null>(null);

  // A client without a token, for signing in and refreshing.
  const bare = useMemo(() => (serverUrl ? createApi(serverUrl, async () => ({})) : null), [serverUrl]);

  const adopt = useCallback(
    async (issued: { accessToken: string; accessTokenExpiresAt: Date; refreshToken: string | null }) => {
      tokens.current = { accessToken: issued.accessToken, accessTokenExpiresAt: issued.accessTokenExpiresAt };
      await bridge.setRefreshToken(issued.refreshToken);
    },
    [],
  );

  const queryClient = useQueryClient();
  const end = useCallback(
    async (reason: string | null) => {
      tokens.current = null;
      // Nothing the last user saw stays in the cache for the next one.
      queryClient.clear();
      await bridge.setRefreshToken(null);
      setUser(null);
      setEndedBecause(reason);
      setStatus('signed-out');
    },
    [queryClient],
  );

  const refresh = useCallback(async (): Promise<boolean> => {
    if (!bare) return false;
    refreshing.current ??= (async () => {
      const refreshToken = await bridge.refreshToken();
      if (!refreshToken) return false;
      try {
        await adopt(await bare.auth.refresh.mutate({ refreshToken }));
        return true;
      } catch {
        return false;
      } finally {
        refreshing.current = null;
      }
    })();
    return refreshing.current;
  }, [bare, adopt]);

  const authHeaders = useCallback(async (): Promise<Record<string, string>> => {
    if (tokens.current && tokens.current.accessTokenExpiresAt.getTime() - Date.now() < 30_000) {
      if (!(await refresh())) {
        await end('revoked');
        return {};
      }
    }
    return tokens.current ? { authorization: `Bearer ${tokens.current.accessToken}` } : {};
  }, [refresh, end]);

  const api = useMemo(() => (serverUrl ? createApi(serverUrl, authHeaders) : null), [serverUrl, authHeaders]);

  // The server refused the access token before it expired: the session was revoked (signed out
  // elsewhere) or the account disabled. One refresh tells whether a refused token can go on; if
  // not, or the account is disabled, back to sign-in saying why.
  useEffect(() => {
    const onError = (error: unknown) => {
      const refusal = sessionRefusal(error);
      if (!refusal || !tokens.current) return;
      if (refusal === 'disabled') void end('disabled');
      else void refresh().then((ok) => (ok ? undefined : end('revoked')));
    };
    const offQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') onError(event.action.error);
    });
    const offMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') onError(event.action.error);
    });
    return () => {
      offQueries();
      offMutations();
    };
  }, [queryClient, refresh, end]);

  const loadUser = useCallback(async () => {
    if (!api) return;
    const me = await api.auth.me.query();
    if (me.kind !== 'staff') {
      await end(null);
      throw new Error('This app is for staff accounts');
    }
    setUser({
      id: me.id,
      name: me.name,
      email: me.email,
      permissions: new Set(me.permissions as Permission[]),
    });
    setStatus('signed-in');
  }, [api, end]);

  // Start-up: the server chosen before, and the session kept in the keychain.
  useEffect(() => {
    void (async () => {
      const url = await bridge.serverUrl();
      setServerUrl(url);
      if (!url) setStatus('setup');
    })();
  }, []);
  useEffect(() => {
    if (!serverUrl || status !== 'loading') return;
    void (async () => {
      if (await refresh()) await loadUser().catch(() => end('revoked'));
      else setStatus('signed-out');
    })();
  }, [serverUrl, status, refresh, loadUser, end]);

  const value = useMemo<Session>(
    () => ({
      status,
      serverUrl,
      user,
      api: status === 'signed-in' ? api : null,
      endedBecause,
      async chooseServer(url) {
        await bridge.setServerUrl(url);
        tokens.current = null;
        setServerUrl(url);
        setEndedBecause(null);
        setStatus('signed-out');
      },
      changeServer() {
        setStatus('setup');
      },
      async signIn(email, password) {
        if (!bare) throw new Error('Choose a server first');
        await adopt(await bare.auth.login.mutate({ email, password, kind: 'staff', transport: 'body' }));
        setEndedBecause(null);
        await loadUser();
      },
      async signOut() {
        const refreshToken = await bridge.refreshToken();
        if (bare && refreshToken) await bare.auth.logout.mutate({ refreshToken }).catch(() => undefined);
        await end(null);
      },
      authHeaders,
    }),
    [status, serverUrl, user, api, endedBecause, bare, adopt, loadUser, end, authHeaders],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The API of the signed-in session (the layout only renders modules when there is one). */
export function useApi(): Api {
  const { api } = useSession();
  if (!api) throw new Error('useApi without a session');
  return api;
}
