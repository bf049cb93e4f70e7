import { fromBase64Url, textFromBase64Url, toBase64Url, utf8 } from "../lib/encoding";
import { err, ok, type Result } from "../lib/result";
import { WAITING_ROOM_POLICY } from "./room";

/** What a traveller's place in line says, signed by the edge so checking it needs no object call. */
export interface WaitingRoomPass {
  unitId: string;
  version: number;
  position: number;
  /** Epoch ms from which it admits one hold. */
  slotAt: number;
}

const PREFIX = "wr1";

async function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", utf8(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}

export async function signPass(pass: WaitingRoomPass, secret: string): Promise<string> {
  const payload = toBase64Url(utf8(JSON.stringify([pass.unitId, pass.version, pass.position, pass.slotAt])));
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), utf8(`${PREFIX}.${payload}`));
  return `${PREFIX}.${payload}.${toBase64Url(new Uint8Array(mac))}`;
}

/** The pass if the signature holds, whatever its unit and time: the caller judges those. */
export async function readPass(token: string, secret: string): Promise<WaitingRoomPass | null> {
  const [prefix, payload, mac, ...rest] = token.split(".");
  if (prefix !== PREFIX || !payload || !mac || rest.length > 0 || token.length > 512) return null;
  const signature = fromBase64Url(mac);
  if (!signature) return null;
  const valid = await crypto.subtle.verify("HMAC", await hmacKey(secret), signature, utf8(`${PREFIX}.${payload}`));
  if (!valid) return null;
  const fields = parseFields(textFromBase64Url(payload));
  if (!Array.isArray(fields) || fields.length !== 4) return null;
  const [unitId, version, position, slotAt] = fields as unknown[];
  if (typeof unitId !== "string" || ![version, position, slotAt].every(Number.isSafeInteger)) return null;
  return { unitId, version: version as number, position: position as number, slotAt: slotAt as number };
}

/**
 * The unit a pass names, without checking its signature: only to pick, among the passes a trip
 * sends, the one to check for a unit (readPass and judgePass then decide).
 */
export function unitOfPass(token: string): string | null {
  const [prefix, payload] = token.split(".");
  if (prefix !== PREFIX || !payload || token.length > 512) return null;
  const fields = parseFields(textFromBase64Url(payload));
  return Array.isArray(fields) && typeof fields[0] === "string" ? fields[0] : null;
}

function parseFields(text: string | null): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** Whether a pass lets its holder place a hold on `unitId` now, in the room as it is. */
export function judgePass(
  pass: WaitingRoomPass | null,
  room: { unitId: string; version: number },
  now: number,
): Result<WaitingRoomPass> {
  if (!pass || pass.unitId !== room.unitId || pass.version !== room.version) {
    return err("WAITING_ROOM_PASS_INVALID", "This waiting-room pass is not one this unit's waiting room gave out.", {
      join: joinPath(room.unitId),
    });
  }
  if (now < pass.slotAt) {
    return err("WAITING_ROOM_NOT_YET", "Your turn in the waiting room has not come yet.", {
      position: pass.position,
      ready_at: new Date(pass.slotAt).toISOString(),
    });
  }
  if (now > pass.slotAt + WAITING_ROOM_POLICY.admissionWindowSeconds * 1000) {
    return err(
      "WAITING_ROOM_PASS_EXPIRED",
      `Your turn came more than ${WAITING_ROOM_POLICY.admissionWindowSeconds} seconds ago. Join the line again.`,
      { join: joinPath(room.unitId) },
    );
  }
  return ok(pass);
}

export const joinPath = (unitId: string) => `/v1/waiting-rooms/${unitId}/join`;
