import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { reasonCodes } from '../errors';
import { trackingEventKinds } from '../fulfilment';
import { orderActions, orderStatuses } from '../order-states';
import { builtinMessage, catalogs, localeFor, locales, message, reasonMessage, setLocaleSource } from '.';
import { orderEventWords, orderStatusWords, scanWords, trackingStageWords } from './orders';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
  it('every locale has every key, with the same placeholders', () => {
    const keys = Object.keys(catalogs.en).sort();
    for (const locale of locales) {
      expect(Object.keys(catalogs[locale]).sort(), locale).toEqual(keys);
      for (const key of keys as (keyof typeof catalogs.en)[]) {
        expect(catalogs[locale][key].trim(), `${locale} ${key}`).not.toBe('');
        expect(placeholders(catalogs[locale][key]), `${locale} ${key}`).toEqual(
          placeholders(catalogs.en[key]),
        );
      }
    }
  });

  it('has words for every reason the API can give', () => {
    for (const reason of Object.keys(reasonCodes)) {
      for (const locale of locales) expect(reasonMessage(reason, null, locale), reason).toBeTruthy();
    }
    expect(reasonMessage('NO_SUCH_REASON')).toBeNull();
    expect(reasonMessage('RATE_LIMITED', { retryAfterSeconds: 30 }, 'zh-CN')).toContain('30');
  });

  it('reads the language from Accept-Language', () => {
    expect(localeFor('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(localeFor('zh-TW')).toBe('zh-CN');
    expect(localeFor('de-DE,en;q=0.5')).toBe('en');
    expect(localeFor(undefined)).toBe('en');
  });

  it('words zod’s own checks for people, in the language of the moment', () => {
    const schema = z.strictObject({
      name: z.string().max(3),
      age: z.number().int().min(18),
      tags: z.array(z.string()).min(1),
    });
    const messages = (value: unknown) => schema.safeParse(value).error?.issues.map((i) => i.message);
    expect(messages({ name: 'abcd', age: 17.5, tags: [] })).toEqual([
      'Use at most 3 characters',
      'Enter a whole number',
      'Choose at least one',
    ]);
    expect(messages({})).toEqual(['Required', 'Required', 'Required']);
    setLocaleSource(() => 'zh-CN');
    try {
      expect(messages({ name: 'abcd', age: 12, tags: ['a'], extra: 1 })).toEqual([
        '最多 3 个字符',
        '不能小于 18',
        '未知字段：extra',
      ]);
      expect(message('address.city')).toBe('请输入城市');
    } finally {
      setLocaleSource(() => 'en');
    }
    expect(builtinMessage({ code: 'invalid_format', format: 'email', input: 'x' } as never)).toBe(
      'Enter a valid email address',
    );
  });
});

// Every contract, given broken values in Chinese: each message it gives must be Chinese, so no
// English written into a contract (or zod's own) can reach a Chinese-speaking user.
// Vite's import.meta.glob, which Vitest runs (this package has no Vite types of its own).
declare global {
  interface ImportMeta {
    glob<T>(patterns: string[], options: { eager: true }): Record<string, T>;
  }
}
const contractModules = import.meta.glob<Record<string, unknown>>(['../*.ts', '!../*.test.ts'], {
  eager: true,
});

const broken = (schema: z.ZodType): unknown[] => {
  const values: unknown[] = [undefined, null, '', 'x'.repeat(20_000), -1.5, Number.NaN, '\u0000', [], {}];
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  if (shape) {
    for (const bad of ['', ' ', 'x'.repeat(20_000), -1.5, 0, '\u0000', 'not-a-uuid', [], null]) {
      values.push(Object.fromEntries(Object.keys(shape).map((key) => [key, bad])));
    }
    values.push({
      ...Object.fromEntries(Object.keys(shape).map((key) => [key, undefined])),
      unknownField: 1,
    });
  }
  return values;
};

describe('contracts speak Chinese', () => {
  it('every message of every exported schema, for broken input', () => {
    const english: string[] = [];
    let checked = 0;
    setLocaleSource(() => 'zh-CN');
    try {
      for (const [file, exports] of Object.entries(contractModules)) {
        for (const [name, value] of Object.entries(exports)) {
          if (!(value instanceof z.ZodType)) continue;
          for (const input of broken(value)) {
            const result = value.safeParse(input);
            for (const issue of result.error?.issues ?? []) {
              checked++;
              if (!/[\u4e00-\u9fff]/.test(issue.message)) english.push(`${file} ${name}: ${issue.message}`);
            }
          }
        }
      }
    } finally {
      setLocaleSource(() => 'en');
    }
    expect([...new Set(english)]).toEqual([]);
    expect(checked).toBeGreaterThan(500);
  });
});

describe('the words of an order and a parcel', () => {
  it('has a status word for every order status and an entry word for every action, in every language', () => {
    for (const locale of locales) {
      for (const status of orderStatuses) expect(orderStatusWords(status, locale)).not.toBe(status);
      for (const action of orderActions) {
        expect(orderEventWords(action, locale), action).not.toBe(orderEventWords('unheard_of', locale));
      }
    }
    expect(orderStatusWords('refund_requested', 'zh-CN')).toBe('退款申请中');
    expect(orderEventWords('unheard_of', 'en')).toBe('Updated');
    expect(orderEventWords('placed', 'en')).toBe('Order placed');
  });

  it('gives a scan the carrier’s words in English and its stage’s words otherwise', () => {
    const scan = { kind: 'in_transit' as const, description: 'Departed facility, Leipzig' };
    expect(scanWords(scan, 'en')).toBe('Departed facility, Leipzig');
    expect(scanWords(scan, 'zh-CN')).toBe('运输中');
    for (const kind of trackingEventKinds) expect(trackingStageWords(kind, 'zh-CN')).toBeTruthy();
  });
});
