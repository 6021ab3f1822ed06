import http from 'k6/http';
import { settings } from './settings.js';
import { replicaOf } from './targets.js';

const headers = { 'content-type': 'application/json' };

/**
 * Sends one JSON request to a replica of `service`. The `name` tag is the endpoint, so k6's
 * own http_req_* metrics group by route rather than by every distinct URL.
 */
export function sendJson(service, method, path, endpoint, body) {
  return http.request(
    method,
    `${replicaOf(service)}${path}`,
    body === undefined ? null : JSON.stringify(body),
    { headers, timeout: settings.requestTimeout, tags: { name: endpoint }, responseType: 'text' },
  );
}
