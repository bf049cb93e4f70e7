import type { Database } from "../../../db/client";
import type { ConfirmedItem } from "../../module";
import { voidTickets } from "./issue";

/**
 * ProductModule.onItemCancelled for events: a cancelled booking item's tickets are void, whatever
 * cancelled it (the traveller, the event's cancellation, a failed confirmation). Idempotent: a
 * repeated call voids nothing more. The door refuses a void ticket with TICKET_VOID; it also
 * refuses a ticket whose item is cancelled before this ran (tickets/check-in.ts), so the window
 * between the cancellation and this call admits no one.
 */
export async function voidTicketsOfCancelledItem(
  deps: { db: Database; now: () => number },
  item: Pick<ConfirmedItem, "id">,
): Promise<void> {
  await voidTickets({ deps, input: { itemId: item.id } });
}
