import { envString } from './settings.js';

// The base URLs of every replica of every service, comma-separated per service. There is no
// load balancer in front of the replicas, so each request picks one: spreading requests over
// replicas is what gives every lock a real competitor.
const urls = {
  inventory: list('INVENTORY_URLS', 'http://127.0.0.1:8081'),
  payment: list('PAYMENT_URLS', 'http://127.0.0.1:8082'),
  'delivery-assignment': list('DELIVERY_URLS', 'http://127.0.0.1:8083'),
  booking: list('BOOKING_URLS', 'http://127.0.0.1:8084'),
};

function list(name, fallback) {
  return envString(name, fallback)
    .split(',')
    .map((url) => url.trim().replace(/\/$/, ''))
    .filter((url) => url !== '');
}

/** Every service with its replicas' base URLs. */
export const services = Object.keys(urls);

/** A replica of `service` for the next request, chosen at random. */
export function replicaOf(service) {
  const list = urls[service];
  return list[Math.floor(Math.random() * list.length)];
}

/** The first replica of `service`: for seeding and the audit, where any one will do. */
export function firstReplicaOf(service) {
  return urls[service][0];
}
