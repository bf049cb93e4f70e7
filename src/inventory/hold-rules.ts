import type { HoldStatus, HoldView } from "./contract";

/**
 * The hold state machine. Every write to a hold goes through `nextStatus`, so an illegal
 * transition (confirming a released hold, releasing a sold one) cannot be written.
 *
 *   held ──confirm──▶ confirmed ──cancel──▶ cancelled
 *     │ ├─release──▶ released
 *     │ └─expire───▶ expired
 *     └─extend (once)──▶ held
 */
export type HoldAction = "extend" | "release" | "expire" | "confirm" | "cancel";

const TRANSITIONS: Record<HoldStatus, Partial<Record<HoldAction, HoldStatus>>> = {
  held: { extend: "held", release: "released", expire: "expired", confirm: "confirmed" },
  confirmed: { cancel: "cancelled" },
  released: {},
  expired: {},
  cancelled: {},
};

export function nextStatus(from: HoldStatus, action: HoldAction): HoldStatus | null {
  return TRANSITIONS[from][action] ?? null;
}

export function isTerminal(status: HoldStatus): boolean {
  return Object.keys(TRANSITIONS[status]).length === 0;
}

export interface QuantityDeltas {
  heldDelta: number;
  soldDelta: number;
  capacityDelta: number;
}

/** How each step moves one line's quantity between the held and sold buckets of its pool. */
export function lineDeltas(action: HoldAction | "place", quantity: number): QuantityDeltas {
  switch (action) {
    case "place":
      return { heldDelta: quantity, soldDelta: 0, capacityDelta: 0 };
    case "release":
    case "expire":
      return { heldDelta: -quantity, soldDelta: 0, capacityDelta: 0 };
    case "confirm":
      return { heldDelta: -quantity, soldDelta: quantity, capacityDelta: 0 };
    case "cancel":
      return { heldDelta: 0, soldDelta: -quantity, capacityDelta: 0 };
    case "extend":
      return { heldDelta: 0, soldDelta: 0, capacityDelta: 0 };
  }
}

/**
 * A held hold whose deadline has passed is expired even if the alarm has not run yet
 * (alarms can be late); the object sweeps such holds before answering any call.
 */
export function isDue(hold: Pick<HoldView, "status" | "expiresAt">, nowMs: number): boolean {
  return hold.status === "held" && hold.expiresAt <= nowMs;
}
