import { defineConfig } from 'drizzle-kit';
import { casing } from './src/casing';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './drizzle',
  casing,
});
