// The words people read when a contract refuses a value or the API refuses an action, in every
// language the apps speak. Contracts name a message by key (`say('address.city')`); the text is
// chosen when the value is checked, in the language of whoever is asking: the shopper's or the
// staff member's choice in a client, the request's Accept-Language on the server. zod's own
// checks (too long, required, not a number…) are worded here too: its built-in English is
// written for developers ("Too big: expected string to have <=200 characters").
import { z } from 'zod';
import { en, type MessageKey } from './en';
import { zhCN } from './zh-CN';

export type { MessageKey };

export const locales = ['en', 'zh-CN'] as const;
export type Locale = (typeof locales)[number];

export const catalogs: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = { en, 'zh-CN': zhCN };

type Params = Readonly<Record<string, string | number | boolean | null | undefined>>;

let localeSource: () => Locale = () => 'en';

/** Where the language of the moment comes from (a client's setting, or the request on the server). */
export function setLocaleSource(source: () => Locale): void {
  localeSource = source;
}

export function currentLocale(): Locale {
  return localeSource();
}

/** The language for an Accept-Language header or a stored choice: Chinese if asked first, else English. */
export function localeFor(tag: string | null | undefined): Locale {
  const first = tag?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('zh') ? 'zh-CN' : 'en';
}

/** `{name}` in a template, filled from params (a missing one is left out). */
export function fill(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

export function message(key: MessageKey, params?: Params, locale: Locale = currentLocale()): string {
  return fill(catalogs[locale][key], params);
}

/** A contract's message for a check, worded when the check fails: `.min(1, say('address.city'))`. */
export function say(key: MessageKey, params?: Params): { error: () => string } {
  return { error: () => message(key, params) };
}

function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/**
 * A refusal's words in `locale`: in English the use case's own message (written in English, and
 * the most precise), in any other language the reason's words from the catalog, filled from its
 * details (its own message where the catalog has none).
 */
export function refusalMessage(
  refusal: { reason: string; message: string; details?: Params | null },
  locale: Locale = currentLocale(),
): string {
  if (locale === 'en') return refusal.message;
  return reasonMessage(refusal.reason, refusal.details, locale) ?? refusal.message;
}

/** What to tell a person about a refusal with this reason, or null for a reason we have no words for. */
export function reasonMessage(reason: string, details?: Params | null, locale: Locale = currentLocale()) {
  const key = `error.${reason}`;
  return isMessageKey(key) ? message(key, details ?? undefined, locale) : null;
}

const numberFormats = new Map<Locale, Intl.NumberFormat>();
function num(value: unknown, locale: Locale): string {
  if (typeof value !== 'number' && typeof value !== 'bigint') return String(value);
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

function day(value: unknown): string {
  const date = new Date(value as number);
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString().slice(0, 10);
}

const referenceFormats = new Set(['uuid', 'guid', 'cuid', 'cuid2', 'ulid', 'nanoid', 'xid', 'ksuid']);

/** zod's built-in checks, worded for people. */
export function builtinMessage(issue: z.core.$ZodRawIssue, locale: Locale = currentLocale()): string {
  const say = (key: MessageKey, params?: Params) => message(key, params, locale);
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return say('v.required');
      const expected = { number: 'v.number', int: 'v.integer', string: 'v.text', date: 'v.date' } as const;
      const more = { boolean: 'v.yesNo', array: 'v.list' } as const;
      const key =
        expected[issue.expected as keyof typeof expected] ??
        more[issue.expected as keyof typeof more] ??
        'v.invalid';
      return say(key);
    }
    case 'too_big': {
      const max = issue.origin === 'date' ? day(issue.maximum) : num(issue.maximum, locale);
      if (issue.origin === 'string')
        return say(issue.exact ? 'v.exactLength' : 'v.tooLong', { max, length: max });
      if (issue.origin === 'array' || issue.origin === 'set') return say('v.itemsAtMost', { max });
      if (issue.origin === 'date') return say('v.dateAtMost', { max });
      return say(issue.inclusive === false ? 'v.below' : 'v.atMost', { max });
    }
    case 'too_small': {
      const min = issue.origin === 'date' ? day(issue.minimum) : num(issue.minimum, locale);
      const one = Number(issue.minimum) === 1 && issue.inclusive !== false;
      if (issue.origin === 'string') {
        if (issue.exact) return say('v.exactLength', { length: min });
        return one ? say('v.required') : say('v.tooShort', { min });
      }
      if (issue.origin === 'array' || issue.origin === 'set') {
        return one ? say('v.chooseOne') : say('v.itemsAtLeast', { min });
      }
      if (issue.origin === 'date') return say('v.dateAtLeast', { min });
      return say(issue.inclusive === false ? 'v.above' : 'v.atLeast', { min });
    }
    case 'invalid_format': {
      if (issue.format === 'email') return say('v.email');
      if (issue.format === 'url') return say('v.url');
      if (referenceFormats.has(issue.format)) return say('v.reference');
      if (issue.format === 'datetime' || issue.format === 'date' || issue.format === 'time')
        return say('v.dateTime');
      return say('v.format');
    }
    case 'invalid_value':
      return say('v.choose');
    case 'not_multiple_of':
      return say('v.multipleOf', { divisor: num(issue.divisor, locale) });
    case 'unrecognized_keys':
      return say('v.unknownFields', { keys: issue.keys.join(', ') });
    default:
      return say('v.invalid');
  }
}

// One zod serves the contracts and both clients, so its messages are set once, here, where
// every contract that words a message is sure to have loaded it.
z.config({ customError: (issue) => builtinMessage(issue) });

/**
 * What to tell a person about a failed call. A refusal from the API comes worded in the
 * language asked for (it carries `data` from the server); anything else never reached the
 * server, or its answer was lost: said as a connection problem rather than as the browser's
 * own English ("Failed to fetch").
 */
export function failureMessage(error: unknown, locale: Locale = currentLocale()): string {
  const failure = error as { message?: unknown; data?: unknown } | null | undefined;
  if (failure && typeof failure === 'object' && failure.data && typeof failure.message === 'string') {
    return failure.message;
  }
  return message('error.NETWORK', undefined, locale);
}
