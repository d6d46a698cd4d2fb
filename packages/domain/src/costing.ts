// What stock cost: the moving weighted average cost of each SKU, in the base currency's minor
// units with four decimals (a unit may cost a fraction of a cent). Every receipt re-averages
// what is on hand with what came, at its landed cost; every issue (a shipment, a loss) leaves at
// the average of the moment and does not change it. Amounts to spread (freight, duties) are
// split in whole minor units so the parts always sum to the whole.

/** Four decimals of a minor unit: what a unit cost is kept to. */
export const COST_DECIMALS = 4;
const SCALE = 10 ** COST_DECIMALS;

export const roundCost = (cost: number): number => Math.round(cost * SCALE) / SCALE;

/**
 * A SKU's stock, company-wide, and what one of it cost on average (base minor units); null while
 * no costed receipt has come (stock counted in before costing began).
 */
export interface CostPosition {
  quantity: number;
  unitCost: number | null;
}

/**
 * `quantity` units come in at `unitCost` each (their landed cost). The average is what was there
 * and what came, weighted by quantity; with nothing there (or less than nothing, counted before
 * it was received), what came sets it.
 */
export function receiveAtCost(position: CostPosition, quantity: number, unitCost: number): CostPosition {
  if (!Number.isInteger(quantity) || quantity <= 0) throw new RangeError('a receipt is of whole units');
  if (!(unitCost >= 0)) throw new RangeError('a unit cannot cost less than nothing');
  const before = Math.max(position.quantity, 0);
  const after = position.quantity + quantity;
  // Units of unknown cost are taken to have cost what came: the first costed receipt sets it.
  if (before === 0 || after <= 0 || position.unitCost === null) {
    return { quantity: after, unitCost: roundCost(unitCost) };
  }
  return {
    quantity: after,
    unitCost: roundCost((before * position.unitCost + quantity * unitCost) / (before + quantity)),
  };
}

/**
 * `quantity` units leave (shipped, lost, counted short): at the average of the moment, which
 * does not change. Returns the position after and the value that left.
 */
export function issueAtCost(
  position: CostPosition,
  quantity: number,
): { position: CostPosition; value: number | null } {
  if (!Number.isInteger(quantity) || quantity <= 0) throw new RangeError('an issue is of whole units');
  return {
    position: { quantity: position.quantity - quantity, unitCost: position.unitCost },
    value: position.unitCost === null ? null : roundCost(quantity * position.unitCost),
  };
}

/** Units that come back or are found without a cost of their own: at the average, which stays. */
export function addAtAverage(position: CostPosition, quantity: number): CostPosition {
  if (!Number.isInteger(quantity) || quantity <= 0) throw new RangeError('units come in whole');
  return { quantity: position.quantity + quantity, unitCost: position.unitCost };
}

/**
 * Splits `amount` (whole minor units) over parts in proportion to their weights, in whole minor
 * units, the remainder going to the largest fractions first (ties to the earlier part), so the
 * parts sum to `amount` exactly. With no weight at all, the parts share it equally.
 */
export function allocate(amount: number, weights: readonly number[]): number[] {
  if (!Number.isInteger(amount)) throw new RangeError('only whole minor units are allocated');
  if (weights.length === 0) return [];
  if (weights.some((w) => !(w >= 0))) throw new RangeError('weights cannot be negative');
  const total = weights.reduce((sum, w) => sum + w, 0);
  const shares =
    total > 0 ? weights.map((w) => (amount * w) / total) : weights.map(() => amount / weights.length);
  const parts = shares.map((s) => Math.floor(s));
  let left = amount - parts.reduce((sum, p) => sum + p, 0);
  const byFraction = shares
    .map((s, index) => ({ index, fraction: s - Math.floor(s) }))
    .sort((a, b) => b.fraction - a.fraction || a.index - b.index);
  for (const { index } of byFraction) {
    if (left <= 0) break;
    parts[index]! += 1;
    left -= 1;
  }
  return parts;
}

/** How freight and duties are spread over what they brought: by weight, volume, value or count. */
export const landedCostBases = ['weight', 'volume', 'value', 'quantity'] as const;
export type LandedCostBasis = (typeof landedCostBases)[number];

/**
 * Each line's share of `amount` (minor units) on `basis`, and what that adds to one of its units
 * (four decimals). A line's weight for the basis is its unit's weight, volume or value times its
 * quantity.
 */
export function landedCosts(
  amount: number,
  basis: LandedCostBasis,
  lines: readonly { quantity: number; unitValue: number; unitWeight: number; unitVolume: number }[],
): { share: number; perUnit: number }[] {
  const weights = lines.map((l) =>
    basis === 'quantity'
      ? l.quantity
      : l.quantity * (basis === 'weight' ? l.unitWeight : basis === 'volume' ? l.unitVolume : l.unitValue),
  );
  return allocate(amount, weights).map((share, i) => ({
    share,
    perUnit: lines[i]!.quantity > 0 ? roundCost(share / lines[i]!.quantity) : 0,
  }));
}

/**
 * An amount in another currency's minor units, in the base currency's minor units to four
 * decimals: at `rate` units of that currency per one base unit, across their minor-unit digits
 * (a yen has none, a euro two).
 */
export function costInBase(
  amount: number,
  from: { rate: number; digits: number },
  baseDigits: number,
): number {
  if (!(from.rate > 0)) throw new RangeError('a rate is above nothing');
  return roundCost((amount / from.rate) * 10 ** (baseDigits - from.digits));
}
