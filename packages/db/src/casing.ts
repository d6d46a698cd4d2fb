// One casing setting shared by drizzle-kit and the runtime client: TypeScript keys are
// camelCase, columns are snake_case.
export const casing = 'snake_case' as const;
