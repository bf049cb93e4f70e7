/**
 * The demo organiser of a local database (`npm run seed`): `organiser@edgefare.example` owns the
 * first few units of every product, so the README's organiser walk-through works after a seed.
 * Sign in as it with a magic link like anyone else. Statements are idempotent (INSERT OR IGNORE):
 * an owner an admin changed stays changed.
 */
export const DEMO_ORGANISER = { id: "acc_demo_organiser", email: "organiser@edgefare.example" } as const;

/** `unitTables`: each product's table of units (an `id` column holds the unit id). */
export function demoOrganiserStatements(unitTables: readonly string[], nowSeconds: number, perProduct = 5): string[] {
  return [
    `INSERT OR IGNORE INTO accounts (id, email, role, created_at) VALUES ('${DEMO_ORGANISER.id}', '${DEMO_ORGANISER.email}', 'organiser', ${nowSeconds});`,
    ...unitTables.map(
      (table) =>
        `INSERT OR IGNORE INTO inventory_owners (unit_id, account_id, created_at) SELECT id, '${DEMO_ORGANISER.id}', ${nowSeconds} FROM "${table}" ORDER BY id LIMIT ${perProduct};`,
    ),
  ];
}
