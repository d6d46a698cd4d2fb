CREATE TABLE "sim_shopify_webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"domain" text NOT NULL,
	"topic" text NOT NULL,
	"callback_url" text NOT NULL,
	"body" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_at" timestamp (3) with time zone NOT NULL,
	"delivered_at" timestamp (3) with time zone,
	"last_status" integer,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sim_shopify_webhook_subscriptions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sim_shopify_webhook_subscriptions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 8000001 CACHE 1),
	"domain" text NOT NULL,
	"topic" text NOT NULL,
	"callback_url" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "shops" ADD COLUMN "webhooks_subscribed_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "sim_shopify_webhook_deliveries" ADD CONSTRAINT "sim_shopify_webhook_deliveries_domain_sim_shopify_stores_domain_fk" FOREIGN KEY ("domain") REFERENCES "public"."sim_shopify_stores"("domain") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sim_shopify_webhook_subscriptions" ADD CONSTRAINT "sim_shopify_webhook_subscriptions_domain_sim_shopify_stores_domain_fk" FOREIGN KEY ("domain") REFERENCES "public"."sim_shopify_stores"("domain") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sim_shopify_webhook_deliveries_due_idx" ON "sim_shopify_webhook_deliveries" USING btree ("next_at") WHERE "sim_shopify_webhook_deliveries"."delivered_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "sim_shopify_webhook_subscriptions_key" ON "sim_shopify_webhook_subscriptions" USING btree ("domain","topic","callback_url");