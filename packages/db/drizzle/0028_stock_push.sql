ALTER TABLE "channel_pushes" DROP CONSTRAINT "channel_pushes_kind_check";--> statement-breakpoint
ALTER TABLE "channel_listings" ADD COLUMN "pushed_quantity" integer;--> statement-breakpoint
ALTER TABLE "channel_listings" ADD COLUMN "pushed_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "sim_amazon_listings" ADD COLUMN "quantity" integer;--> statement-breakpoint
ALTER TABLE "channel_pushes" ADD CONSTRAINT "channel_pushes_kind_check" CHECK ("channel_pushes"."kind" in ('shipment', 'stock'));