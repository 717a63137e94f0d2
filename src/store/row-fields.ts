import { z } from "zod";

/** A JSON field of a database row that may be absent or null: null either way. */
export const nullableText = z
  .string()
  .nullable()
  .optional()
  .transform((v) => v ?? null);
export const nullableInt = z
  .number()
  .int()
  .nullable()
  .optional()
  .transform((v) => v ?? null);
