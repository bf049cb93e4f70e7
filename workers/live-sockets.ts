import type { PoolAvailability } from "../src/inventory/contract";
import { LIVE_POLICY, liveMessage } from "../src/inventory/live";

/**
 * The inventory object's live pages (src/inventory/live.ts): hibernatable WebSockets that hear
 * what a hold could get now, at once and after every published change.
 */
export function broadcastAvailability(ctx: DurableObjectState, rows: PoolAvailability[]): void {
  const sockets = ctx.getWebSockets();
  if (sockets.length === 0) return;
  const message = liveMessage(rows);
  for (const socket of sockets) {
    try {
      socket.send(message);
    } catch {
      // A socket closing meanwhile: the runtime drops it.
    }
  }
}

/** Accepts a page's socket with the current availability, or answers why not (426, 503, 404: no unit). */
export async function acceptLivePage(
  ctx: DurableObjectState,
  request: Request,
  availability: () => Promise<PoolAvailability[] | null>,
): Promise<Response> {
  if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return new Response(null, { status: 426 });
  if (ctx.getWebSockets().length >= LIVE_POLICY.maxSockets) return new Response(null, { status: 503 });
  const rows = await availability();
  if (rows === null) return new Response(null, { status: 404 });
  const { 0: client, 1: server } = new WebSocketPair();
  ctx.acceptWebSocket(server);
  server.send(liveMessage(rows));
  return new Response(null, { status: 101, webSocket: client });
}
