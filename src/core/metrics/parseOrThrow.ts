import type { ZodType } from 'zod';

/** What a caller hands in is checked like what is read back: a bad one is a bug in the caller. */
export function parseOrThrow<T>(schema: ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new TypeError(`${what} rejected: ${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}`);
}
