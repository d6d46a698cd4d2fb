-- Trigram matching backs typo-tolerant search (a trusted extension on Postgres 13+; PGlite loads it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE TABLE "product_listings" (
	"product_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"min_price" bigint NOT NULL,
	"max_price" bigint NOT NULL,
	CONSTRAINT "product_listings_product_id_currency_pk" PRIMARY KEY("product_id","currency"),
	CONSTRAINT "product_listings_range_check" CHECK (0 <= "product_listings"."min_price" and "product_listings"."min_price" <= "product_listings"."max_price")
);
--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "search_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;--> statement-breakpoint
ALTER TABLE "product_listings" ADD CONSTRAINT "product_listings_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_listings" ADD CONSTRAINT "product_listings_currency_currencies_code_fk" FOREIGN KEY ("currency") REFERENCES "public"."currencies"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "product_listings_price_idx" ON "product_listings" USING btree ("currency","min_price","product_id");--> statement-breakpoint
CREATE INDEX "products_search_vector_idx" ON "products" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "products_search_trgm_idx" ON "products" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "products_published_idx" ON "products" USING btree ("status","published_at","id");