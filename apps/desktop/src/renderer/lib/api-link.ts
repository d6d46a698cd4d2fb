// How the staff app reaches the API: batched HTTP with superjson. A query whose input would
// not fit in a URL (a long search, many filters) goes by POST, which the server allows, instead
// of being refused with 431; a batch of short ones is split before its URL grows too long.
// Every request says the language the user chose, so the API words its messages in it.
import type { AppRouter } from '@crossdock/api';
import { currentLocale } from '@crossdock/domain/messages';
import { httpBatchLink, splitLink } from '@trpc/client';
import superjson from 'superjson';

/** Serialised input longer than this goes by POST (URLs stay well under 8 KB once encoded). */
const LONG_INPUT = 1_500;
const MAX_URL_LENGTH = 6_000;

type Headers = Parameters<typeof httpBatchLink<AppRouter>>[0]['headers'];

export function apiLink(url: string, given?: Headers) {
  const headers: Headers = async (options) => ({
    ...(typeof given === 'function' ? await given(options) : given),
    'accept-language': currentLocale(),
  });
  return splitLink<AppRouter>({
    condition: (op) =>
      op.type === 'query' && JSON.stringify(superjson.serialize(op.input)).length > LONG_INPUT,
    true: httpBatchLink({ url, transformer: superjson, headers, methodOverride: 'POST' }),
    false: httpBatchLink({ url, transformer: superjson, headers, maxURLLength: MAX_URL_LENGTH }),
  });
}
