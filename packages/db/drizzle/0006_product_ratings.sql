ALTER TABLE "products" ADD COLUMN "ratings1" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "ratings2" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "ratings3" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "ratings4" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "ratings5" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "rating_count" integer GENERATED ALWAYS AS (ratings1 + ratings2 + ratings3 + ratings4 + ratings5) STORED;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "rating_score" double precision GENERATED ALWAYS AS (case when ratings1 + ratings2 + ratings3 + ratings4 + ratings5 = 0 then 0
        else (ratings1 + 2 * ratings2 + 3 * ratings3 + 4 * ratings4 + 5 * ratings5 + 6)::float8
          / (ratings1 + ratings2 + ratings3 + ratings4 + ratings5 + 2) end) STORED;--> statement-breakpoint
CREATE INDEX "products_rating_idx" ON "products" USING btree ("rating_score","id");--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_ratings_check" CHECK (least("products"."ratings1", "products"."ratings2", "products"."ratings3", "products"."ratings4", "products"."ratings5") >= 0);