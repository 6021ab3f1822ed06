/** Most rows a show may have: one per letter, A..Z. */
export const maxRows = 26;

/** Most seats in one row. */
export const maxSeatsPerRow = 50;

/** The letter of row `index` (0-based): 0 → A, 25 → Z. */
export function rowLabel(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= maxRows) {
    throw new RangeError(`row index ${index} is outside 0..${maxRows - 1}`);
  }
  return String.fromCharCode(65 + index);
}

/** Every seat of a `rows` x `seatsPerRow` hall, row by row: A1, A2, ..., B1, ... */
export function seatLabels(rows: number, seatsPerRow: number): string[] {
  if (!Number.isInteger(seatsPerRow) || seatsPerRow < 1 || seatsPerRow > maxSeatsPerRow) {
    throw new RangeError(`seats per row ${seatsPerRow} is outside 1..${maxSeatsPerRow}`);
  }
  const labels: string[] = [];
  for (let row = 0; row < rows; row++) {
    for (let seat = 1; seat <= seatsPerRow; seat++) labels.push(`${rowLabel(row)}${seat}`);
  }
  return labels;
}

const seatPattern = /^([A-Z]{1,2})([0-9]{1,3})$/;

/**
 * Orders seat labels as a hall reads them (A2 before A10), for answers and seat maps. Lock
 * order is separate: acquireAll sorts the lock resources itself, and any fixed order will do.
 */
export function compareSeats(a: string, b: string): number {
  const left = seatPattern.exec(a);
  const right = seatPattern.exec(b);
  if (!left || !right) return a < b ? -1 : a > b ? 1 : 0;
  const [, rowA = '', numberA = '0'] = left;
  const [, rowB = '', numberB = '0'] = right;
  if (rowA !== rowB) return rowA.length - rowB.length || (rowA < rowB ? -1 : 1);
  return Number(numberA) - Number(numberB);
}

/** The seats sorted in hall order, duplicates removed. */
export function sortSeats(seats: readonly string[]): string[] {
  return [...new Set(seats)].sort(compareSeats);
}
