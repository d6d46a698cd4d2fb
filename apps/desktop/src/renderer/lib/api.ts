// The typed API client for the chosen server. Types come from the API's router (type-only
// import); the server URL is the one staff entered on first run, and every request carries
// the session's access token.
import type { AppRouter, RouterInputs, RouterOutputs } from '@crossdock/api';
import { createTRPCClient, httpSubscriptionLink, splitLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import { apiLink } from './api-link';

export type Api = ReturnType<typeof createApi>;
export type { RouterInputs, RouterOutputs };

export function createApi(serverUrl: string, headers: () => Promise<Record<string, string>>) {
  const url = `${serverUrl}/trpc`;
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        // Live updates come over SSE, which carries no headers: the token goes as a parameter.
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url,
          transformer: superjson,
          connectionParams: async () => ({
            token: (await headers()).authorization?.replace(/^Bearer /, '') ?? '',
          }),
        }),
        false: apiLink(url, headers),
      }),
    ],
  });
}

/** The reason code of an API error, for switching on (never parse messages). */
export function reasonOf(error: unknown): string | null {
  if (error instanceof TRPCClientError)
    return (error.data as { reason?: string } | undefined)?.reason ?? null;
  return null;
}

/**
 * Whether an error means the session is over: 'disabled' when the account was disabled,
 * 'refused' when the token was not accepted (revoked or expired: a refresh may still save it).
 */
export function sessionRefusal(error: unknown): 'disabled' | 'refused' | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data = error.data as { code?: string; reason?: string } | undefined;
  if (data?.reason === 'ACCOUNT_DISABLED') return 'disabled';
  return data?.code === 'UNAUTHORIZED' ? 'refused' : null;
}

/** Field errors of a refused form, `{ "email": ["…"] }`, when the API sent them. */
export function fieldErrorsOf(error: unknown): Record<string, string[]> {
  if (error instanceof TRPCClientError) {
    return ((error.data as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors ??
      {}) as Record<string, string[]>;
  }
  return {};
}

/**
 * Checks that `url` is a Crossdock server that is up: its /readyz answers like ours. Returns a
 * message for the user when it is not.
 */
export async function checkServer(url: string): Promise<string | null> {
  let response: Response;
  try {
    response = await fetch(`${url.replace(/\/$/, '')}/readyz`, { signal: AbortSignal.timeout(5000) });
  } catch {
    return 'No server answers at this address. Check it, and that you are on the right network.';
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return 'This address answers, but it is not a Crossdock server.';
  }
  const status = (body as { status?: unknown; checks?: unknown } | null)?.status;
  if (status === 'ready') return null;
  if (status === 'not ready')
    return 'The Crossdock server is starting or its database is down. Try again in a minute.';
  return 'This address answers, but it is not a Crossdock server.';
}
