CREATE TABLE "sim_amazon_listings" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sim_amazon_listings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"selling_partner_id" text NOT NULL,
	"marketplace_id" text NOT NULL,
	"seller_sku" text NOT NULL,
	"asin" text NOT NULL,
	"title" text NOT NULL,
	"price" text NOT NULL,
	"fulfillment_channel" text NOT NULL,
	CONSTRAINT "sim_amazon_listings_channel_check" CHECK ("sim_amazon_listings"."fulfillment_channel" in ('MFN', 'AFN'))
);
--> statement-breakpoint
CREATE TABLE "sim_amazon_orders" (
	"amazon_order_id" text PRIMARY KEY NOT NULL,
	"selling_partner_id" text NOT NULL,
	"marketplace_id" text NOT NULL,
	"purchase_date" timestamp (3) with time zone NOT NULL,
	"last_update_date" timestamp (3) with time zone NOT NULL,
	"order" jsonb NOT NULL,
	"items" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sim_amazon_rate_buckets" (
	"selling_partner_id" text NOT NULL,
	"operation" text NOT NULL,
	"tokens" double precision NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "sim_amazon_rate_buckets_selling_partner_id_operation_pk" PRIMARY KEY("selling_partner_id","operation")
);
--> statement-breakpoint
CREATE TABLE "sim_amazon_sellers" (
	"selling_partner_id" text PRIMARY KEY NOT NULL,
	"store_name" text NOT NULL,
	"region" text NOT NULL,
	"marketplace_ids" text[] NOT NULL,
	"lwa_client_id" text NOT NULL,
	"lwa_client_secret" text NOT NULL,
	"refresh_token" text NOT NULL,
	"rate_multiplier" double precision DEFAULT 1 NOT NULL,
	"fail_next_calls" integer DEFAULT 0 NOT NULL,
	"orders_per_hour" double precision DEFAULT 0 NOT NULL,
	"traffic_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sim_amazon_sellers_region_check" CHECK ("sim_amazon_sellers"."region" in ('na', 'eu', 'fe'))
);
--> statement-breakpoint
ALTER TABLE "sim_amazon_listings" ADD CONSTRAINT "sim_amazon_listings_selling_partner_id_sim_amazon_sellers_selling_partner_id_fk" FOREIGN KEY ("selling_partner_id") REFERENCES "public"."sim_amazon_sellers"("selling_partner_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sim_amazon_orders" ADD CONSTRAINT "sim_amazon_orders_selling_partner_id_sim_amazon_sellers_selling_partner_id_fk" FOREIGN KEY ("selling_partner_id") REFERENCES "public"."sim_amazon_sellers"("selling_partner_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sim_amazon_rate_buckets" ADD CONSTRAINT "sim_amazon_rate_buckets_selling_partner_id_sim_amazon_sellers_selling_partner_id_fk" FOREIGN KEY ("selling_partner_id") REFERENCES "public"."sim_amazon_sellers"("selling_partner_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sim_amazon_listings_sku_key" ON "sim_amazon_listings" USING btree ("selling_partner_id","marketplace_id","seller_sku");--> statement-breakpoint
CREATE INDEX "sim_amazon_orders_updated_idx" ON "sim_amazon_orders" USING btree ("selling_partner_id","marketplace_id","last_update_date","amazon_order_id");--> statement-breakpoint
CREATE INDEX "sim_amazon_orders_created_idx" ON "sim_amazon_orders" USING btree ("selling_partner_id","marketplace_id","purchase_date");