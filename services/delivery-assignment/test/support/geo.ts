/** A point, in degrees. */
export interface Point {
  lat: number;
  lng: number;
}

/**
 * A random spot of its own for one test run, far from the poles and the antimeridian. Orders
 * of other runs (topics are shared) land elsewhere, outside this run's service area, so this
 * run's replicas ignore them.
 */
export function randomArea(): Point {
  return { lat: -50 + Math.random() * 100, lng: -170 + Math.random() * 340 };
}

/** The point `northKm` north and `eastKm` east of `from` (flat-earth offsets; fine for a few km). */
export function offset(from: Point, northKm: number, eastKm: number): Point {
  const kmPerDegreeLat = 111.32;
  const kmPerDegreeLng = kmPerDegreeLat * Math.cos((from.lat * Math.PI) / 180);
  return { lat: from.lat + northKm / kmPerDegreeLat, lng: from.lng + eastKm / kmPerDegreeLng };
}
