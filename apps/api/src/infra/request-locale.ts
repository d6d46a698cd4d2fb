// The language of the request being served, for the words the contracts and refusals give.
// Contracts word their messages when a value is checked (see domain/messages), which happens
// deep inside a procedure; the request's language reaches them through AsyncLocalStorage rather
// than as an argument to every parse.
import { AsyncLocalStorage } from 'node:async_hooks';
import { type Locale, setLocaleSource } from '@crossdock/domain/messages';

const requestLocale = new AsyncLocalStorage<Locale>();
setLocaleSource(() => requestLocale.getStore() ?? 'en');

/** Runs `work` with messages in `locale`. */
export function inLocale<T>(locale: Locale, work: () => T): T {
  return requestLocale.run(locale, work);
}
