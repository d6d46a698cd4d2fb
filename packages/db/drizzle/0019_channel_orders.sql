CREATE TABLE "channel_listings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL,
	"seller_sku" text NOT NULL,
	"external_id" text,
	"title" text NOT NULL,
	"barcode" text,
	"linked_by" text,
	"linked_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channel_listings_linked_by_check" CHECK ("channel_listings"."linked_by" in ('sku', 'barcode', 'staff')),
	CONSTRAINT "channel_listings_linked_check" CHECK (("channel_listings"."linked_by" is null) = ("channel_listings"."linked_at" is null))
);
--> statement-breakpoint
CREATE TABLE "channel_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"external_number" text NOT NULL,
	"status" text NOT NULL,
	"channel_updated_at" timestamp (3) with time zone NOT NULL,
	"purchased_at" timestamp (3) with time zone NOT NULL,
	"document" jsonb NOT NULL,
	"waiting" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channel_orders_status_check" CHECK ("channel_orders"."status" in ('pending', 'unshipped', 'partially_shipped', 'shipped', 'cancelled')),
	CONSTRAINT "channel_orders_waiting_check" CHECK ("channel_orders"."waiting" is null or "channel_orders"."waiting" in ('needs_mapping', 'short_of_stock'))
);
--> statement-breakpoint
CREATE TABLE "listing_components" (
	"listing_id" uuid NOT NULL,
	"sku_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "listing_components_listing_id_sku_id_pk" PRIMARY KEY("listing_id","sku_id"),
	CONSTRAINT "listing_components_quantity_check" CHECK ("listing_components"."quantity" between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"heartbeat_at" timestamp (3) with time zone NOT NULL,
	"finished_at" timestamp (3) with time zone,
	"read_from" timestamp (3) with time zone,
	"read_to" timestamp (3) with time zone,
	"pages" integer DEFAULT 0 NOT NULL,
	"orders_new" integer DEFAULT 0 NOT NULL,
	"orders_updated" integer DEFAULT 0 NOT NULL,
	"orders_waiting" integer DEFAULT 0 NOT NULL,
	"retries" integer DEFAULT 0 NOT NULL,
	"error" text,
	"requested_by" uuid,
	CONSTRAINT "sync_runs_trigger_check" CHECK ("sync_runs"."trigger" in ('schedule', 'manual')),
	CONSTRAINT "sync_runs_status_check" CHECK ("sync_runs"."status" in ('running', 'succeeded', 'failed')),
	CONSTRAINT "sync_runs_finished_check" CHECK (("sync_runs"."status" = 'running') = ("sync_runs"."finished_at" is null))
);
--> statement-breakpoint
ALTER TABLE "orders" ALTER COLUMN "customer_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "shops" ADD COLUMN "orders_cursor" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "shops" ADD COLUMN "last_synced_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "channel" text DEFAULT 'storefront' NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "shop_id" uuid;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "external_number" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "fulfilled_by" text DEFAULT 'merchant' NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "platform_fees" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "channel_listings" ADD CONSTRAINT "channel_listings_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_orders" ADD CONSTRAINT "channel_orders_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listing_components" ADD CONSTRAINT "listing_components_listing_id_channel_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."channel_listings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listing_components" ADD CONSTRAINT "listing_components_sku_id_skus_id_fk" FOREIGN KEY ("sku_id") REFERENCES "public"."skus"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "channel_listings_sku_key" ON "channel_listings" USING btree ("shop_id","seller_sku");--> statement-breakpoint
CREATE INDEX "channel_listings_unlinked_idx" ON "channel_listings" USING btree ("shop_id","created_at") WHERE "channel_listings"."linked_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "channel_orders_external_key" ON "channel_orders" USING btree ("shop_id","external_id");--> statement-breakpoint
CREATE INDEX "channel_orders_waiting_idx" ON "channel_orders" USING btree ("shop_id","purchased_at") WHERE "channel_orders"."waiting" is not null;--> statement-breakpoint
CREATE INDEX "listing_components_sku_idx" ON "listing_components" USING btree ("sku_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sync_runs_running_key" ON "sync_runs" USING btree ("shop_id") WHERE "sync_runs"."status" = 'running';--> statement-breakpoint
CREATE INDEX "sync_runs_shop_idx" ON "sync_runs" USING btree ("shop_id","started_at");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "orders_channel_key" ON "orders" USING btree ("shop_id","external_id");--> statement-breakpoint
CREATE INDEX "orders_channel_idx" ON "orders" USING btree ("channel","placed_at");--> statement-breakpoint
CREATE INDEX "orders_shop_idx" ON "orders" USING btree ("shop_id","placed_at") WHERE "orders"."shop_id" is not null;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_channel_check" CHECK (case when "orders"."channel" = 'storefront'
        then "orders"."customer_id" is not null and "orders"."shop_id" is null and "orders"."external_id" is null
        else "orders"."shop_id" is not null and "orders"."external_id" is not null and "orders"."external_number" is not null end);--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_channel_value_check" CHECK ("orders"."channel" in ('storefront', 'amazon', 'shopify', 'ebay', 'aliexpress', 'shopee', 'tiktok_shop', 'other'));--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_fulfilled_by_check" CHECK ("orders"."fulfilled_by" in ('merchant', 'platform'));--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_fees_check" CHECK ("orders"."platform_fees" >= 0);