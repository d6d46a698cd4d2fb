ALTER TABLE "channel_listings" ADD COLUMN "platform_price" integer;--> statement-breakpoint
ALTER TABLE "channel_listings" ADD COLUMN "platform_currency" text;--> statement-breakpoint
ALTER TABLE "channel_listings" ADD COLUMN "platform_quantity" integer;--> statement-breakpoint
ALTER TABLE "channel_listings" ADD COLUMN "platform_active" boolean;--> statement-breakpoint
ALTER TABLE "channel_listings" ADD COLUMN "pulled_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "channel_listings" ADD COLUMN "price_drift" integer;--> statement-breakpoint
ALTER TABLE "channel_listings" ADD COLUMN "quantity_drift" integer;--> statement-breakpoint
ALTER TABLE "shops" ADD COLUMN "listings_pull_started_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "shops" ADD COLUMN "listings_pulled_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "shops" ADD COLUMN "listings_pull_error" text;--> statement-breakpoint
CREATE INDEX "channel_listings_drift_idx" ON "channel_listings" USING btree ("shop_id","created_at") WHERE "channel_listings"."price_drift" <> 0 or "channel_listings"."quantity_drift" <> 0;--> statement-breakpoint
ALTER TABLE "channel_listings" ADD CONSTRAINT "channel_listings_pulled_check" CHECK (("channel_listings"."pulled_at" is null) = ("channel_listings"."platform_active" is null) and ("channel_listings"."platform_price" is null) = ("channel_listings"."platform_currency" is null) and coalesce("channel_listings"."platform_price", 0) >= 0 and coalesce("channel_listings"."platform_quantity", 0) >= 0);