/**
 * Raw SQL because drizzle can declare neither a virtual table nor MATCH. The FTS index answers
 * the match (scoped to the city inside the index), then each hit reaches its event by the
 * integer primary key the index's rowid mirrors (events.seq). One query per text search.
 */
export const TEXT_MATCH_SQL = `SELECT e.id
  FROM events_fts
  JOIN events e ON e.seq = events_fts.rowid
 WHERE events_fts MATCH ?1
   AND e.local_date BETWEEN ?2 AND ?3
   AND e.status <> 'cancelled'`;

/** Ids of the events whose name, performers or venue match, sorted (a cached value compares equal). */
export async function loadTextMatches(
  d1: D1Database,
  input: { match: string; from: string; to: string },
): Promise<string[]> {
  const result = await d1.prepare(TEXT_MATCH_SQL).bind(input.match, input.from, input.to).all<{ id: string }>();
  return result.results.map((r) => r.id).sort();
}
