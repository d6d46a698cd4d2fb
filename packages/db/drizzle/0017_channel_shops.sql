CREATE TABLE "shops" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"platform" text NOT NULL,
	"marketplace" text NOT NULL,
	"currency" text NOT NULL,
	"time_zone" text NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"account" text,
	"credentials_sealed" text NOT NULL,
	"credentials_key_id" text NOT NULL,
	"stock_buffer" integer DEFAULT 0 NOT NULL,
	"sync_interval_minutes" integer DEFAULT 15 NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"last_checked_at" timestamp (3) with time zone,
	"last_check_error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shops_platform_check" CHECK ("shops"."platform" in ('amazon', 'shopify', 'ebay', 'aliexpress', 'shopee', 'tiktok_shop', 'other')),
	CONSTRAINT "shops_status_check" CHECK ("shops"."status" in ('active', 'paused', 'needs_reauth')),
	CONSTRAINT "shops_currency_check" CHECK ("shops"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "shops_buffer_check" CHECK ("shops"."stock_buffer" between 0 and 10000),
	CONSTRAINT "shops_interval_check" CHECK ("shops"."sync_interval_minutes" between 5 and 1440)
);
--> statement-breakpoint
ALTER TABLE "shops" ADD CONSTRAINT "shops_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "shops_name_key" ON "shops" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "shops_key_idx" ON "shops" USING btree ("credentials_key_id");