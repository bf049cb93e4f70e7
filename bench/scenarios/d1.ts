import { shuffled } from "../fixtures.ts";
import { get, measure, type Scenario } from "../scenario.ts";

/** What origin search is held against: one D1 statement by primary key, nothing else. */
export const d1PrimaryKey: Scenario = {
  id: "d1-pk",
  title: "Bare D1 primary-key lookup",
  async run(ctx) {
    const ids = shuffled(ctx.fixtures.departureIds);
    const { result } = await measure(ctx, {
      id: this.id,
      title: this.title,
      method:
        `GET /__bench/d1-pk (bench-only route): SELECT * FROM departures WHERE id = ? over ${ids.length} ids, ` +
        "through the same middleware as every route.",
      requests: ids.map((id) => get(`/__bench/d1-pk?id=${id}`)),
    });
    return result;
  },
};

/** The public departure route: two statements (departure, its fares) in one D1 batch. */
export const departureDetails: Scenario = {
  id: "departure",
  title: "GET /v1/departures/{id}",
  async run(ctx) {
    const ids = shuffled(ctx.fixtures.departureIds);
    const { result } = await measure(ctx, {
      id: this.id,
      title: this.title,
      method: `GET /v1/departures/{id} over ${ids.length} ids: two statements in one D1 batch.`,
      requests: ids.map((id) => get(`/v1/departures/${id}`)),
    });
    return result;
  },
};
