// The database holds the invariants; this table says what each broken one means to a user.
// The tRPC error middleware consults it, so services need no try/catch per constraint.
import { violatedConstraint } from '@crossdock/db/errors';
import { DomainError } from '@crossdock/domain/errors';

const meanings: Record<string, () => DomainError> = {
  users_email_lower_key: () => new DomainError('EMAIL_TAKEN', 'An account with this email already exists'),
  roles_name_lower_key: () => new DomainError('ROLE_NAME_TAKEN', 'A role with this name already exists'),
  categories_slug_key: () => new DomainError('SLUG_TAKEN', 'Another category already uses this slug'),
  brands_slug_key: () => new DomainError('SLUG_TAKEN', 'Another brand already uses this slug'),
  products_slug_key: () => new DomainError('SLUG_TAKEN', 'Another product already uses this slug'),
  skus_code_key: () => new DomainError('SKU_CODE_TAKEN', 'Another SKU already uses this code'),
  skus_barcode_key: () => new DomainError('BARCODE_TAKEN', 'Another SKU already uses this barcode'),
  option_values_code_key: () =>
    new DomainError('VALIDATION_FAILED', 'Each value of an option needs its own code'),
  skus_compare_at_check: () =>
    new DomainError('PRICE_BELOW_COMPARE', 'A compare-at price must be higher than the price'),
  sku_prices_compare_at_check: () =>
    new DomainError('PRICE_BELOW_COMPARE', 'A compare-at price must be higher than the price'),
  warehouses_code_key: () => new DomainError('WAREHOUSE_CODE_TAKEN', 'Another warehouse uses this code'),
  coupons_code_key: () => new DomainError('COUPON_CODE_TAKEN', 'Another coupon already uses this code'),
  promotions_usage_check: () =>
    new DomainError('LIMIT_BELOW_USAGE', 'The usage limit cannot be below the times it has been used'),
  promotions_budget_check: () =>
    new DomainError('LIMIT_BELOW_USAGE', 'The budget cannot be below what the promotion has already given'),
  points_balances_not_negative: () =>
    new DomainError('POINTS_INSUFFICIENT', 'You do not have that many points left; review your order'),
  cart_checkouts_pkey: () =>
    new DomainError('CART_EMPTY', 'This cart has already been ordered; your order is in your account'),
  promotions_window_check: () => new DomainError('INVALID_WINDOW', 'The end must come after the start'),
};

/** The domain error a database refusal stands for, or null when it is not one we name. */
export function domainErrorForConstraint(error: unknown): DomainError | null {
  const constraint = violatedConstraint(error);
  return constraint ? (meanings[constraint]?.() ?? null) : null;
}
