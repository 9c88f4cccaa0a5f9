/**
 * A DateTime column value as Prisma's better-sqlite3 adapter writes it
 * (ISO 8601 with "+00:00", its default `timestampFormat`), so rows written by
 * the raw driver and by Prisma read back the same through either.
 */
export function sqliteTimestamp(at: Date = new Date()): string {
  return at.toISOString().replace('Z', '+00:00');
}
