import type { z } from "@hono/zod-openapi";
import type { App } from "../api/context";
import type { IsolateState } from "../api/isolate-state";
import type { Services } from "../api/services";
import type { BookingItem } from "../bookings/items";
import type { CronJob } from "../config";
import type { CronTask } from "../cron/task";
import type { Database } from "../db/client";
import type { AppEnv } from "../env";
import type { ItemDescription } from "../holds/item-snapshot";
import type { HoldLine, HoldLineRequest, HoldView, InventorySource, PoolAttrs } from "../inventory/contract";
import type { DomainError, Result } from "../lib/result";
import type { EmailAttachment } from "../notifications/types";

/**
 * One product on the engine, as the app and the scheduler see it. Listed once, in
 * src/products/registry.ts; its seed is keyed by the same id in src/products/seeds.ts (kept out
 * of this module so the Worker bundle carries no seed generator). The engine parts (inventory
 * source, hold request, item snapshot) join this interface with the product-neutral engine.
 */
export interface ProductModule<Id extends string = string> {
  /** The registry key: "departures", "stays", "events". */
  id: Id;
  /** Prefix of the ids of its sellable units (`dep_…`, `prp_…`, `evt_…`). */
  idPrefix: string;
  /** Whether `id` can be one of its units: checked before any object wakes or D1 is asked. */
  isUnitId(id: string): boolean;
  /** How its units' inventory objects load, check and publish (absent: it sells nothing yet). */
  inventory?: InventorySource;
  /** Its body of POST /v1/holds and its fields on the Hold (absent: its units cannot be held over HTTP yet). */
  holds?: ProductHolds;
  /** A hold of its units as a booking item's snapshot (absent: its units cannot be booked yet). */
  describe?(deps: { db: Database }, hold: HoldView): Promise<ItemDescription | null>;
  /** How many named travellers a booking item of this hold needs (absent: 1..quantity). */
  travellers?(hold: HoldView): { min: number; max: number };
  /** Members a booking's view and the operator listing add for its items (absent: none). */
  bookingFields?: ProductBookingFields;
  /**
   * What a confirmed item adds to its booking_confirmed email (events: its tickets' codes and QR
   * images), called by the bookings engine when it renders that email; the .ics is the engine's.
   */
  confirmationExtras?(
    deps: { db: Database; env: AppEnv; now: () => number },
    item: ConfirmedItem,
    booking: { id: string; reference: string; leadTraveller: string },
  ): Promise<{ details: [string, string][]; attachments: EmailAttachment[] }>;
  /**
   * A booking item of its units has become cancelled, for any reason: the traveller cancelled it
   * or the whole booking, the operator cancelled its unit, or the booking's all-or-nothing
   * confirmation failed (docs/bookings-and-payments.md). Called by the engine once per item, after
   * the item's row says cancelled (`item.status` is "cancelled"); an engine step that is retried
   * may call it again, so it must be idempotent. A failure is logged and does not undo the
   * cancellation. Events void the item's tickets.
   */
  onItemCancelled?(deps: { db: Database; env: AppEnv; now: () => number }, item: BookingItem): Promise<void>;
  /**
   * Its units as an organiser's console lists them (GET /v1/organiser/units): the ones named, or
   * a keyset page of all of them in id order (absent: its units are listed by id alone).
   */
  listUnits?(deps: { db: Database }, input: UnitListInput): Promise<UnitSummary[]>;
  /** Its public and operator routes, on the app every product shares. */
  registerRoutes(app: App, context: ProductContext): void;
  /** Its scheduled work, by the trigger it rides on (CRONS in src/config.ts). */
  cronTasks: Partial<Record<CronJob, readonly CronTask[]>>;
}

/**
 * What a product reads of a booking item (src/bookings/items.ts BookingItem has these and more,
 * and is passed as is); named here so products need not import the bookings engine.
 */
export interface ConfirmedItem {
  id: string;
  unitId: string;
  status: "active" | "cancelled";
  lines: HoldLine[];
  quantity: number;
}

/**
 * Members of a product's own on the engine's Booking (and OperatorBooking) bodies, for clients
 * that read them before bookings had items (departures: `departure_id`, `cabin`, `seats`). The
 * engine's schemas compose every registered product's fields (optional there: present on
 * bookings with items of the product) and never name them.
 */
export interface ProductBookingFields {
  /** Zod shapes of what `present` adds to a booking's view. */
  fields: Record<string, z.ZodType>;
  /** From the booking's items of this product, in booking order (never called with none). */
  present(items: readonly ConfirmedItem[]): Record<string, unknown>;
  /** Zod shapes of what `presentListing` adds to an operator's list of bookings. */
  listingFields?: Record<string, z.ZodType>;
  /** From the booking's units of this product, in booking order (never called with none). */
  presentListing?(unitIds: readonly string[]): Record<string, unknown>;
}

/** Which units `listUnits` answers: these ids (any order), or those after `after` in id order. */
export type UnitListInput = { ids: readonly string[] } | { after: string | null; limit: number };

/** One unit in a list: what an organiser recognises it by. */
export interface UnitSummary {
  id: string;
  title: string;
  /** When it happens (a departure's departure, an event's start), epoch seconds; null for a property. */
  startsAt: number | null;
  /** The product's own status word ("scheduled", "cancelled", "open", "closed"…). */
  status: string;
}

/** What createApp hands each product when it registers its routes. */
export interface ProductContext {
  /** State shared by every product for the isolate's lifetime; each product adds its own parts beside it. */
  isolate: IsolateState;
  /**
   * Engine work a product's route starts, passed in by the app (src/http) rather than imported,
   * so a product's routes need not build the bookings engine's dependencies themselves.
   */
  engine: EngineActions;
}

export interface EngineActions {
  /** After an operator cancelled a unit: cancel and refund its confirmed bookings, in the background. */
  cancelBookingsOfCancelledUnit(services: Services, requestId: string, unitId: string): void;
}

/** What a hold request of this product asks the engine for. */
export interface EngineHoldRequest {
  unitId: string;
  lines: HoldLineRequest[];
  context?: PoolAttrs;
}

/**
 * A product's part of the holds API. POST /v1/holds validates the body against the union of the
 * registered products' `requestSchema`s (the first that parses names the product), the product
 * turns it into unit, lines and context, and the answer is the engine's Hold plus `present(hold)`.
 */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds products of different bodies; each checks its own.
export interface ProductHolds<Body = any, Bundle = any> {
  requestSchema: z.ZodType<Body>;
  toRequest(body: Body): Result<EngineHoldRequest>;
  /** Zod shapes of the fields `present` adds (optional in the shared Hold schema). */
  responseFields: Record<string, z.ZodType>;
  present(hold: HoldView): Record<string, unknown>;
  /** Product wording of an engine refusal (extra members today's clients read). */
  refusal?(error: DomainError): DomainError;
  /**
   * A body a trip's item may take that stands for several holds of this product (departures: an
   * itinerary /v1/search offered, one hold per segment). POST /v1/trips takes it beside the hold
   * bodies, tried first, and `expand` turns it into hold bodies of `requestSchema` before anything is held.
   */
  bundle?: { schema: z.ZodType<Bundle>; expand(bundle: Bundle): Body[] };
}
