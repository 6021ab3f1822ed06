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
