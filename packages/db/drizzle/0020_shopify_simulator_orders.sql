CREATE TABLE "sim_shopify_orders" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sim_shopify_orders_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 5100000001 CACHE 1),
	"domain" text NOT NULL,
	"number" integer NOT NULL,
	"document" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sim_shopify_variants" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sim_shopify_variants_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"domain" text NOT NULL,
	"sku" text,
	"barcode" text,
	"title" text NOT NULL,
	"price" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sim_shopify_stores" ADD COLUMN "bucket_size" integer DEFAULT 2000 NOT NULL;--> statement-breakpoint
ALTER TABLE "sim_shopify_stores" ADD COLUMN "restore_rate" integer DEFAULT 100 NOT NULL;--> statement-breakpoint
ALTER TABLE "sim_shopify_stores" ADD COLUMN "bucket_available" double precision DEFAULT 2000 NOT NULL;--> statement-breakpoint
ALTER TABLE "sim_shopify_stores" ADD COLUMN "bucket_at" timestamp (3) with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "sim_shopify_stores" ADD COLUMN "fail_next_calls" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sim_shopify_stores" ADD COLUMN "orders_per_hour" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sim_shopify_stores" ADD COLUMN "traffic_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "sim_shopify_orders" ADD CONSTRAINT "sim_shopify_orders_domain_sim_shopify_stores_domain_fk" FOREIGN KEY ("domain") REFERENCES "public"."sim_shopify_stores"("domain") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sim_shopify_variants" ADD CONSTRAINT "sim_shopify_variants_domain_sim_shopify_stores_domain_fk" FOREIGN KEY ("domain") REFERENCES "public"."sim_shopify_stores"("domain") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sim_shopify_orders_number_key" ON "sim_shopify_orders" USING btree ("domain","number");--> statement-breakpoint
CREATE INDEX "sim_shopify_orders_updated_idx" ON "sim_shopify_orders" USING btree ("domain","updated_at","id");--> statement-breakpoint
CREATE INDEX "sim_shopify_variants_domain_idx" ON "sim_shopify_variants" USING btree ("domain");