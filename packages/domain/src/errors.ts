// Domain errors: a stable machine-readable `reason` for every rule a use case can break.
// The API maps each reason to a transport code through `reasonCodes`; clients switch on
// `reason` (e.g. to show a field message) and never parse message text.

/** Transport-neutral error classes; the API turns them into tRPC codes of the same name. */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'TOO_MANY_REQUESTS'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'INTERNAL_SERVER_ERROR';

export const reasonCodes = {
  // transport: the request itself is unusable
  MALFORMED_JSON: 'BAD_REQUEST',
  BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  BAD_REQUEST: 'BAD_REQUEST',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
  // shared
  VALIDATION_FAILED: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  CURRENCY_MISMATCH: 'BAD_REQUEST',
  INVALID_AMOUNT: 'BAD_REQUEST',
  INVALID_CURSOR: 'BAD_REQUEST',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  // identity: authentication
  UNAUTHENTICATED: 'UNAUTHORIZED',
  INVALID_CREDENTIALS: 'UNAUTHORIZED',
  ACCOUNT_DISABLED: 'FORBIDDEN',
  TOKEN_INVALID: 'UNAUTHORIZED',
  TOKEN_EXPIRED: 'UNAUTHORIZED',
  SESSION_REVOKED: 'UNAUTHORIZED',
  REFRESH_TOKEN_REUSED: 'UNAUTHORIZED',
  RESET_TOKEN_INVALID: 'BAD_REQUEST',
  // identity: passwords and accounts
  EMAIL_TAKEN: 'CONFLICT',
  PASSWORD_TOO_COMMON: 'BAD_REQUEST',
  PASSWORD_TOO_WEAK: 'BAD_REQUEST',
  PASSWORD_INCORRECT: 'BAD_REQUEST',
  // identity: access control
  PERMISSION_DENIED: 'FORBIDDEN',
  STAFF_ONLY: 'FORBIDDEN',
  CUSTOMER_ONLY: 'FORBIDDEN',
  LAST_OWNER: 'PRECONDITION_FAILED',
  ROLE_NAME_TAKEN: 'CONFLICT',
  ROLE_IN_USE: 'PRECONDITION_FAILED',
  SYSTEM_ROLE: 'PRECONDITION_FAILED',
  UNKNOWN_ROLE: 'BAD_REQUEST',
  CANNOT_CHANGE_SELF: 'PRECONDITION_FAILED',
  // catalog
  INVALID_RATE: 'BAD_REQUEST',
  SLUG_TAKEN: 'CONFLICT',
  SKU_CODE_TAKEN: 'CONFLICT',
  BARCODE_TAKEN: 'CONFLICT',
  PRICE_BELOW_COMPARE: 'BAD_REQUEST',
  CATEGORY_CYCLE: 'BAD_REQUEST',
  CATEGORY_NOT_EMPTY: 'PRECONDITION_FAILED',
  UNKNOWN_CATEGORY: 'BAD_REQUEST',
  UNKNOWN_BRAND: 'BAD_REQUEST',
  UNKNOWN_CURRENCY: 'BAD_REQUEST',
  NOT_PUBLISHABLE: 'PRECONDITION_FAILED',
  OPTION_IN_USE: 'PRECONDITION_FAILED',
  DUPLICATE_COMBINATION: 'CONFLICT',
  UNSUPPORTED_IMAGE: 'UNSUPPORTED_MEDIA_TYPE',
  INVALID_IMAGE: 'BAD_REQUEST',
  IMAGE_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  // inventory
  INSUFFICIENT_STOCK: 'PRECONDITION_FAILED',
  WAREHOUSE_CODE_TAKEN: 'CONFLICT',
  UNKNOWN_WAREHOUSE: 'BAD_REQUEST',
  // promotions
  UNKNOWN_PRODUCT: 'BAD_REQUEST',
  COUPON_CODE_TAKEN: 'CONFLICT',
  PROMOTION_NOT_COUPON: 'PRECONDITION_FAILED',
  LIMIT_BELOW_USAGE: 'BAD_REQUEST',
  INVALID_WINDOW: 'BAD_REQUEST',
  // cart and checkout
  CART_FULL: 'PRECONDITION_FAILED',
  NOT_PURCHASABLE: 'PRECONDITION_FAILED',
  COUPON_NOT_FOUND: 'NOT_FOUND',
  CART_EMPTY: 'PRECONDITION_FAILED',
  SHIPPING_UNAVAILABLE: 'BAD_REQUEST',
  IDEMPOTENCY_KEY_REUSED: 'CONFLICT',
  PROMOTION_UNAVAILABLE: 'CONFLICT',
  // orders
  TRANSITION_NOT_ALLOWED: 'PRECONDITION_FAILED',
  // system
  DELIVERY_NOT_FAILED: 'PRECONDITION_FAILED',
} as const satisfies Record<string, ErrorCode>;

export type ErrorReason = keyof typeof reasonCodes;

export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: ErrorCode;

  constructor(
    readonly reason: ErrorReason,
    message: string,
    /** Extra machine-readable facts a client may show, e.g. `{ retryAfterSeconds: 30 }`. */
    readonly details?: Readonly<Record<string, string | number | boolean | null>>,
  ) {
    super(message);
    this.code = reasonCodes[reason];
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
