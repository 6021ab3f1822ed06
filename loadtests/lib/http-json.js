import http from 'k6/http';
import { arrivals } from './outcomes.js';
import { settings } from './settings.js';
import { replicaOf } from './targets.js';

const headers = { 'content-type': 'application/json' };

/**
 * Sends one JSON request to a replica of `service`. The `name` tag is the endpoint, so k6's
 * own http_req_* metrics group by route rather than by every distinct URL.
 */
export function sendJson(service, method, path, endpoint, body) {
  arrivals.add(1, { endpoint });
  return http.request(
    method,
    `${replicaOf(service)}${path}`,
    body === undefined ? null : JSON.stringify(body),
    { headers, timeout: settings.requestTimeout, tags: { name: endpoint }, responseType: 'text' },
  );
}
