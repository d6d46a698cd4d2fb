// Patterns for ILIKE searches: what staff typed, matched anywhere, its own %, _ and \ taken literally.

/** `%text%` with the text's LIKE wildcards escaped. */
export const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
