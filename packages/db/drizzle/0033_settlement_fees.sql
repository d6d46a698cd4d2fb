CREATE TABLE "channel_settlement_fees" (
	"shop_id" uuid NOT NULL,
	"settlement_id" text NOT NULL,
	"transaction" text NOT NULL,
	"external_order_id" text NOT NULL,
	"fees" integer NOT NULL,
	"posted_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channel_settlement_fees_shop_id_settlement_id_transaction_pk" PRIMARY KEY("shop_id","settlement_id","transaction")
);
--> statement-breakpoint
ALTER TABLE "channel_settlement_fees" ADD CONSTRAINT "channel_settlement_fees_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "channel_settlement_fees_order_idx" ON "channel_settlement_fees" USING btree ("shop_id","external_order_id");--> statement-breakpoint
ALTER TABLE "channel_imports" DROP COLUMN "orders_new";--> statement-breakpoint
ALTER TABLE "channel_imports" DROP COLUMN "orders_updated";--> statement-breakpoint
ALTER TABLE "channel_imports" DROP COLUMN "orders_unchanged";--> statement-breakpoint
ALTER TABLE "channel_imports" DROP COLUMN "orders_waiting";--> statement-breakpoint
ALTER TABLE "channel_imports" DROP COLUMN "orders_skipped";