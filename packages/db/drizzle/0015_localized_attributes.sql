-- A product's material and care text become words in each language, like its title: an English
-- string already stored becomes { "en": … }.
UPDATE "products"
SET "attributes" = jsonb_set("attributes", '{material}', jsonb_build_object('en', "attributes"->'material'))
WHERE jsonb_typeof("attributes"->'material') = 'string';
--> statement-breakpoint
UPDATE "products"
SET "attributes" = jsonb_set("attributes", '{care}', jsonb_build_object('en', "attributes"->'care'))
WHERE jsonb_typeof("attributes"->'care') = 'string';
