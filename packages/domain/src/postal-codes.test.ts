import { describe, expect, it } from 'vitest';
import { addressInput } from './orders';
import { postalCodeProblem } from './postal-codes';

describe('postal codes', () => {
  it('refuses "-1" and other shapes for Germany, takes a real one', () => {
    expect(postalCodeProblem('DE', '-1')).toMatch(/like 10119/);
    expect(postalCodeProblem('DE', '1011')).not.toBeNull();
    expect(postalCodeProblem('DE', null)).toBe('Enter the postal code');
    expect(postalCodeProblem('DE', ' 10119 ')).toBeNull();
  });

  it('knows the shapes of the main markets', () => {
    for (const [country, code] of [
      ['GB', 'sw1a 1aa'],
      ['US', '94105-1234'],
      ['NL', '1012JS'],
      ['JP', '1000001'],
      ['CA', 'K1A0B1'],
      ['PL', '00-950'],
      ['CN', '310000'],
    ] as const) {
      expect(postalCodeProblem(country, code), `${country} ${code}`).toBeNull();
    }
    expect(postalCodeProblem('US', '9410')).not.toBeNull();
  });

  it('does not check a country it does not know, nor one without codes', () => {
    expect(postalCodeProblem('HK', null)).toBeNull();
    expect(postalCodeProblem('XX', 'anything')).toBeNull();
  });

  it('puts the message on the postal code field of an address', () => {
    const result = addressInput.safeParse({
      name: 'Mia',
      line1: 'Torstraße 1',
      city: 'Berlin',
      postalCode: '-1',
      country: 'de',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['postalCode'] })]);
  });
});
