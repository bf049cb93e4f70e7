/** Who asks for rooms: `rooms` rooms for `adults` adults and `children` children in all. */
export interface Party {
  rooms: number;
  adults: number;
  children: number;
}

export interface Occupancy {
  maxAdults: number;
  maxChildren: number;
}

/**
 * Whether the party fits in `rooms` rooms of this type: every room has an adult, no room more
 * adults than it takes, and children fill the child places and any adult place left free (a
 * child may sleep in an adult's bed, an adult not in a cot). Spreading guests over the rooms
 * then always works, so the check is on totals.
 */
export function partyFits(room: Occupancy, party: Party): boolean {
  const { rooms, adults, children } = party;
  return (
    adults >= rooms &&
    adults <= rooms * room.maxAdults &&
    adults + children <= rooms * (room.maxAdults + room.maxChildren)
  );
}
