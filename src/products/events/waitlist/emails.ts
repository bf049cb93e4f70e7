import type { WaitlistEmail } from "./deps";

interface Entry {
  id: string;
  email: string;
  name: string;
  quantity: number;
}
interface EventWords {
  name: string;
  timezone: string;
}

const localTime = (epochMs: number, timeZone: string) =>
  `${new Intl.DateTimeFormat("en-GB", {
    timeZone,
    day: "numeric",
    month: "long",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  })
    .formatToParts(new Date(epochMs))
    .map((p) => p.value)
    .join("")} (${timeZone})`;

const tickets = (n: number) => `${n} ticket${n === 1 ? "" : "s"}`;

export function joinedEmail(e: Entry, event: EventWords, tierName: string, leaveToken: string): WaitlistEmail {
  return {
    dedupeKey: `waitlist-joined:${e.id}`,
    to: e.email,
    subject: `You are on the waitlist for ${event.name}`,
    text:
      `Hello ${e.name},\n\nyou are on the waitlist for ${tickets(e.quantity)} (${tierName}) to ${event.name}. ` +
      "When tickets come back, the first in line whose order fits gets them held for a short time, by email.\n\n" +
      `To leave the waitlist: entry ${e.id}, token ${leaveToken}.\n`,
  };
}

export function offerEmail(
  e: Entry,
  event: EventWords,
  tierName: string,
  offer: { holdId: string; expiresAt: number },
): WaitlistEmail {
  return {
    dedupeKey: `waitlist-offer:${e.id}`,
    to: e.email,
    subject: `Tickets for ${event.name} are held for you`,
    text:
      `Hello ${e.name},\n\n${tickets(e.quantity)} (${tierName}) to ${event.name} came back and are held for you ` +
      `until ${localTime(offer.expiresAt, event.timezone)}. Book them with hold ${offer.holdId} before then; ` +
      "after that they go to the next in line.\n",
  };
}

export function eventCancelledEmail(e: Entry, event: EventWords): WaitlistEmail {
  return {
    dedupeKey: `waitlist-cancelled:${e.id}`,
    to: e.email,
    subject: `${event.name} is cancelled`,
    text: `Hello ${e.name},\n\n${event.name} is cancelled, so its waitlist is closed. Nothing was charged.\n`,
  };
}
