import type { Operator } from "./operators.ts";

/**
 * Ferries only sail where a real line does: an explicit list of port pairs with the line's
 * crossing time (minutes), daily sailings per direction, first local departure and capacity.
 * Sailing times follow the real lines rather than a speed formula (fast craft vs overnight ships).
 */
export interface FerryLink {
  from: string;
  to: string;
  operator: Operator;
  minutes: number;
  perDay: number;
  /** Local minutes after midnight of the first sailing; later ones are spread through the day. */
  firstDeparture: number;
  standardSeats: number;
  firstSeats: number;
}

const link = (
  from: string,
  to: string,
  operator: [string, string],
  minutes: number,
  perDay: number,
  firstDeparture: number,
  seats: [number, number],
): FerryLink => ({
  from,
  to,
  operator: { name: operator[0], code: operator[1] },
  minutes,
  perDay,
  firstDeparture,
  standardSeats: seats[0],
  firstSeats: seats[1],
});

const H = 60;

export const FERRY_LINKS: readonly FerryLink[] = [
  link("GBDVR", "FRCQF", ["Channel Star Ferries", "CS"], 90, 10, 6 * H, [900, 80]),
  link("FIHWT", "EETLH", ["Baltic Star Line", "BS"], 120, 7, 7 * H, [1600, 120]),
  link("FIHSH", "SEVHT", ["Baltic Star Line", "BS"], 16 * H + 30, 1, 17 * H, [1800, 300]),
  link("SEVHT", "EETLH", ["Baltic Star Line", "BS"], 16 * H, 1, 17 * H + 30, [1800, 300]),
  link("GBLPT", "IEDBP", ["Irish Sea Ferries", "IS"], 8 * H, 2, 8 * H, [900, 60]),
  link("GBNSH", "NLIJM", ["North Sea Lines", "NL"], 16 * H + 30, 1, 17 * H, [1200, 250]),
  link("NOOFT", "DKKFT", ["Skagerrak Line", "SL"], 17 * H, 1, 16 * H + 30, [1600, 300]),
  link("ESBPT", "ESPMP", ["Balearic Sun Ferries", "BF"], 7 * H + 30, 2, 9 * H, [1000, 120]),
  link("ITNPT", "ITPAP", ["Tyrrhenian Ferries", "TF"], 10 * H + 30, 1, 20 * H, [1200, 200]),
  link("GRPIR", "GRJAT", ["Aegean Blue Lines", "AB"], 7 * H + 30, 3, 7 * H, [1500, 150]),
  link("GRPIR", "GRHEP", ["Aegean Blue Lines", "AB"], 9 * H, 2, 9 * H, [1500, 200]),
  link("FRMFT", "TNLGN", ["Mediterranean Bridge", "MB"], 21 * H, 1, 12 * H, [1400, 250]),
  link("HKHKF", "MOMFT", ["Pearl River Jetfoil", "PR"], 60, 16, 7 * H, [400, 18]),
  link("KRBSP", "JPHKF", ["Kampu Strait Ferry", "KS"], 3 * H + 40, 2, 8 * H + 30, [500, 30]),
  link("CATSW", "CASWB", ["Salish Ferries", "SF"], 95, 8, 7 * H, [1500, 100]),
  link("ARBBQ", "UYMVP", ["Río de la Plata Ferries", "RP"], 2 * H + 15, 3, 8 * H, [1000, 120]),
];
