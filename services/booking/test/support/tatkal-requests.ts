/** A deterministic pseudo-random generator (mulberry32): the same seed, the same rush. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * `count` seat requests for a `rows` x `seatsPerRow` hall: each asks for 1..`maxSeats`
 * adjacent seats in one row, at a random place, so requests overlap heavily (and in both
 * directions: one asks for C4-C6, another for C5-C7).
 */
export function tatkalRequests(
  seed: number,
  count: number,
  hall: { rows: number; seatsPerRow: number; maxSeats: number },
): string[][] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const size = 1 + Math.floor(random() * hall.maxSeats);
    const row = String.fromCharCode(65 + Math.floor(random() * hall.rows));
    const first = 1 + Math.floor(random() * (hall.seatsPerRow - size + 1));
    const seats = Array.from({ length: size }, (_, i) => `${row}${first + i}`);
    // Half of the requests list their seats backwards: acquireAll must not care.
    return random() < 0.5 ? seats : seats.reverse();
  });
}
