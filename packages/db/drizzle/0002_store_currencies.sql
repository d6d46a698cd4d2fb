-- The currencies the store sells in, with starting exchange rates (units per 1 USD) and
-- rounding rules. Staff change rates and rules in the back office; USD is the base currency.
INSERT INTO "currencies" ("code", "rate", "rounding_mode", "rounding_step", "rounding_ending", "is_base") VALUES
  ('USD', 1, 'nearest', 1, 0, true),
  ('EUR', 0.92, 'charm', 100, 99, false),
  ('GBP', 0.79, 'charm', 100, 99, false),
  ('CNY', 7.2, 'nearest', 100, 0, false),
  ('JPY', 151, 'nearest', 10, 0, false)
ON CONFLICT ("code") DO NOTHING;
