ALTER TABLE "channel_imports" ADD COLUMN "items_new" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "channel_imports" ADD COLUMN "items_updated" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "channel_imports" ADD COLUMN "items_unchanged" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "channel_imports" ADD COLUMN "items_waiting" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "channel_imports" ADD COLUMN "items_skipped" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "channel_imports" SET "items_new" = "orders_new", "items_updated" = "orders_updated", "items_unchanged" = "orders_unchanged", "items_waiting" = "orders_waiting", "items_skipped" = "orders_skipped";