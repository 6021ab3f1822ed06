/** A point on the map, in degrees. */
export interface GeoPoint {
  lat: number;
  lng: number;
}

/** What assignment needs to know about a confirmed order. */
export interface OrderToDeliver {
  /** The order id; one assignment per order, ever. */
  orderId: string;
  /** Where the order goes; the nearest partners to it are tried first. */
  deliverTo: GeoPoint;
}

/**
 * The customer of an order, read from its stored order.confirmed payload; null when the
 * payload names none (no customer token matches null).
 */
export function customerOf(orderPayload: unknown): string | null {
  if (typeof orderPayload !== 'object' || orderPayload === null) return null;
  const { customerId } = orderPayload as { customerId?: unknown };
  return typeof customerId === 'string' ? customerId : null;
}
