import http from 'k6/http';
import { arrivals } from './outcomes.js';
import { settings } from './settings.js';
import { replicaOf } from './targets.js';

const headers = { 'content-type': 'application/json' };
const adminHeaders = { ...headers, 'x-admin-token': settings.adminToken };

/**
 * Sends one JSON request to a replica of `service`. The `name` tag is the endpoint, so k6's
 * own http_req_* metrics group by route rather than by every distinct URL. `admin` sends the
 * admin token, for the operator's routes (a top-up from the bank).
 */
export function sendJson(service, method, path, endpoint, body, { admin = false } = {}) {
  arrivals.add(1, { endpoint });
  return http.request(
    method,
    `${replicaOf(service)}${path}`,
    body === undefined ? null : JSON.stringify(body),
    {
      headers: admin ? adminHeaders : headers,
      timeout: settings.requestTimeout,
      tags: { name: endpoint },
      responseType: 'text',
    },
  );
}
