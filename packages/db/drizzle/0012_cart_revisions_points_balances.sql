CREATE TABLE "cart_checkouts" (
	"revision" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "points_balances" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"balance" integer NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_balances_not_negative" CHECK ("points_balances"."balance" >= 0)
);
--> statement-breakpoint
ALTER TABLE "carts" ADD COLUMN "revision" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "cart_checkouts" ADD CONSTRAINT "cart_checkouts_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_balances" ADD CONSTRAINT "points_balances_customer_id_users_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Balances as they stand. A balance that an earlier overdraft left below zero starts at zero.
INSERT INTO "points_balances" ("customer_id", "balance")
  SELECT "customer_id", greatest(sum("points"), 0)::int FROM "points_ledger" GROUP BY "customer_id";--> statement-breakpoint
-- Every ledger row moves its customer's balance in the same statement; the CHECK on
-- points_balances refuses the row when the balance would go below zero. A spending row only
-- updates (a proposed insert is checked before its conflict is found, so it would always fail).
CREATE FUNCTION "points_ledger_balance"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.points >= 0 THEN
    INSERT INTO points_balances (customer_id, balance, updated_at)
      VALUES (NEW.customer_id, NEW.points, now())
      ON CONFLICT (customer_id)
      DO UPDATE SET balance = points_balances.balance + EXCLUDED.balance, updated_at = now();
  ELSE
    UPDATE points_balances SET balance = balance + NEW.points, updated_at = now()
      WHERE customer_id = NEW.customer_id;
    IF NOT FOUND THEN
      -- No points at all: this insert is refused by the CHECK, as an overdraft.
      INSERT INTO points_balances (customer_id, balance, updated_at) VALUES (NEW.customer_id, NEW.points, now());
    END IF;
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "points_ledger_balance" AFTER INSERT ON "points_ledger"
  FOR EACH ROW EXECUTE FUNCTION "points_ledger_balance"();
