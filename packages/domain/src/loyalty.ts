// Loyalty points: how many a completed order earns, and how many an order may spend. Points are
// valued in the base currency: `perUnitRedeemed` points make one whole unit (e.g. 100 points =
// $1), and points may pay at most `maxShareBasisPoints` of the goods after promotions.
export interface PointsRules {
  perUnit: number;
  perUnitRedeemed: number;
  maxShareBasisPoints: number;
}

/** Points earned for `paidBase` minor units of the base currency kept (paid, not refunded). */
export function pointsEarned(paidBase: number, baseDigits: number, rules: PointsRules): number {
  return Math.max(0, Math.floor(paidBase / 10 ** baseDigits) * rules.perUnit);
}

/**
 * The most of `goodsBase` (base-currency minor units, after promotions) that `balance` points
 * may pay, and the points that costs (never more than the balance, rounded in the shop's favour
 * by at most one point).
 */
export function pointsRedemption(
  balance: number,
  goodsBase: number,
  baseDigits: number,
  rules: PointsRules,
): { points: number; amountBase: number } {
  if (balance <= 0 || goodsBase <= 0) return { points: 0, amountBase: 0 };
  const unit = 10 ** baseDigits;
  const byBalance = Math.floor((balance * unit) / rules.perUnitRedeemed);
  const byShare = Math.floor((goodsBase * rules.maxShareBasisPoints) / 10_000);
  const amountBase = Math.max(0, Math.min(byBalance, byShare));
  const points = Math.min(balance, Math.ceil((amountBase * rules.perUnitRedeemed) / unit));
  return { points: amountBase > 0 ? points : 0, amountBase };
}
