/**
 * Names and limits declared once. wrangler.toml repeats the binding, queue and cron
 * names because Cloudflare reads them from there; test/config-drift.test.ts keeps both in step.
 */
export const BINDINGS = {
  db: "DB",
  routeCache: "ROUTE_CACHE",
  inventory: "INVENTORY",
  paymentJobs: "PAYMENT_JOBS",
  emailJobs: "EMAIL_JOBS",
  /** Account erasure (src/accounts/erasure.ts). */
  accountJobs: "ACCOUNT_JOBS",
  email: "EMAIL",
  /** Workers Analytics Engine dataset: one data point per request and event (src/metrics/points.ts). */
  metrics: "METRICS",
  /** The rolling last-hour summary the Worker reads itself (workers/metrics-object.ts). */
  metricsSummary: "METRICS_SUMMARY",
  /** One line per unit under an on-sale (workers/waiting-room-object.ts). */
  waitingRoom: "WAITING_ROOM",
  /** R2 bucket of nightly D1 exports (src/backup). */
  backups: "BACKUPS",
  /** One trip coordinator per trip (workers/trip-coordinator.ts, docs/trips.md). */
  trips: "TRIPS",
} as const;

export const QUEUES = {
  paymentJobs: "edgefare-payment-jobs",
  emailJobs: "edgefare-email-jobs",
  paymentDeadLetters: "edgefare-payment-jobs-dlq",
  emailDeadLetters: "edgefare-email-jobs-dlq",
  accountJobs: "edgefare-account-jobs",
  accountDeadLetters: "edgefare-account-jobs-dlq",
} as const;

export const CRONS = {
  reconcile: "*/5 * * * *",
  refreshPopularRoutes: "*/2 * * * *",
  reminders: "0 * * * *",
  cleanup: "30 3 * * *",
  alerts: "* * * * *",
  backup: "0 2 * * *",
} as const;

export type CronJob = keyof typeof CRONS;

export const SEARCH_LIMITS = {
  maxPassengers: 9,
  maxDaysAhead: 330,
  defaultPageSize: 20,
  maxPageSize: 100,
} as const;

/**
 * Cache freshness. A snapshot younger than freshSeconds is served as is; up to maxStaleSeconds
 * it is served while one background refresh runs; older is a miss. KV refuses TTLs under 60 s.
 * Route versions (the invalidation signal) are re-read at least every versionTtlSeconds per
 * isolate; KV's edge caching adds up to 60 s, so an operator change stops being served within
 * versionTtlSeconds + 60 s everywhere (immediately on the local stack).
 */
export const CACHE_POLICY = {
  freshSeconds: 30,
  maxStaleSeconds: 120,
  /** Memory holds an entry for seconds only, so popular route-days flow on into KV from Redis. */
  memoryTtlSeconds: 10,
  memoryMaxEntries: 500,
  versionTtlSeconds: 5,
  kvMinTtlSeconds: 60,
  redisTtlSeconds: 120,
  /** After a Redis failure, an isolate leaves Redis alone this long (cache tier and popularity). */
  redisCoolOffSeconds: 5,
  /**
   * KV promotion and refresh-ahead (docs/search-and-caching.md, "When a key goes to KV"): a member
   * (route-day, city-day, city-night) is popular, written to KV and kept warm by the cron, once it
   * is searched this many times in one popularity window across the fleet (per isolate without
   * Redis). A KV write costs $5/M, ten KV reads; a popular key is rewritten about once per
   * freshSeconds (30 s), and at 10 searches a minute that write is read at least 3 times before the
   * next (one isolate's memory hides repeats for 10 s), each read saving a Redis read ($2/M) or a
   * D1 load: $6/M or more saved per $5/M written. 3 searches an hour wrote the whole tail to KV.
   */
  popularThreshold: 10,
  /** Counts per minute: the rate KV's economics turn on; the cron reads this window and the last. */
  popularityWindowSeconds: 60,
  /** An isolate sends its popularity counts to Redis at most this often (first sight excepted). */
  popularityFlushSeconds: 5,
  /**
   * A flush counts a route-day searched fewer times than this by sampling (src/cache/popularity-buffer.ts):
   * at most one Redis command per this many searches of the long tail.
   */
  popularityExactFrom: 8,
} as const;

/**
 * What one request leaves behind besides its answer (src/http/request-recording.ts): every write,
 * every 5xx and every read slower than slowMs is logged and written to Analytics Engine; of the
 * other reads, one in 1/readRate, with that weight. Both are billed per line or point (Workers
 * Logs $0.60, Analytics Engine $0.25 per million), about three times the Workers request price.
 * The rolling summary behind the alerts counts every request whatever this says. Development and
 * tests record everything; REQUEST_SAMPLE_RATE (a number from 0 to 1) overrides readRate.
 */
export const REQUEST_RECORDING = {
  readRate: 0.01,
  slowMs: 500,
} as const;

/** Public /health reuses an isolate's last probe this long (it is unauthenticated and unlimited). */
export const HEALTH_POLICY = {
  publicMemoSeconds: 5,
} as const;

/**
 * Guests' personal data (docs/accounts.md, "Retention"): the nightly cleanup anonymises a guest
 * booking this many days after its last item ended (the card schemes' chargeback window, so a
 * disputed booking still names its travellers), at most maxBookingsPerRun a night (50 per D1
 * batch); the rest goes the next night.
 */
export const GUEST_RETENTION = {
  days: 120,
  maxBookingsPerRun: 1000,
} as const;

export const HTTP_LIMITS = {
  maxBodyBytes: 64 * 1024,
} as const;

export const RATE_LIMITS = {
  search: { requests: 120, windowSeconds: 60 },
  write: { requests: 30, windowSeconds: 60 },
  lookup: { requests: 30, windowSeconds: 60 },
  /** Ticket check-ins: every gate of a venue scans from one network, a ticket every second or two each. */
  door: { requests: 600, windowSeconds: 60 },
  /** Wrong admin keys per caller network (src/ratelimit/auth-failures.ts): only failures spend it. */
  auth: { requests: 10, windowSeconds: 900 },
} as const;

/**
 * The rolling metrics summary (src/metrics). An isolate sends its increments to the summary
 * object at most every flushSeconds (or once maxPendingEvents pile up), from waitUntil: one
 * Durable Object call per isolate per interval, never one per request.
 */
export const METRICS_POLICY = {
  flushSeconds: 10,
  maxPendingEvents: 500,
  /** Minutes the summary object keeps (GET /v1/admin/metrics answers up to this window). */
  windowMinutes: 60,
} as const;

/** Alert rules evaluated every minute by the alerts cron (src/alerts/rules.ts). */
export const ALERT_POLICY = {
  /** Latency and error rate are judged over this many recent minutes... */
  recentMinutes: 5,
  /** ...and only when at least this many requests were seen (a quiet night does not page). */
  minRequests: 20,
  p95Ms: 500,
  errorRate: 0.01,
  /** Dead letters not yet replayed. */
  deadLetters: 10,
  /** Outbox emails pending for more than outboxAgeSeconds. */
  outboxBacklog: 50,
  outboxAgeSeconds: 600,
  /** p95 of the time messages waited in a queue before a consumer saw them. */
  queueLagMs: 60_000,
  /** An invariant failure reported by any inventory object within this many minutes keeps its incident open. */
  invariantMinutes: 60,
} as const;
