import http from 'k6/http';
import { arrivals } from './outcomes.js';
import { settings } from './settings.js';
import { replicaOf } from './targets.js';

const headers = { 'content-type': 'application/json' };
const adminHeaders = { ...headers, 'x-admin-token': settings.adminToken };

/**
 * Sends one JSON request to a replica of `service`. The `name` tag is the endpoint, so k6's
 * own http_req_* metrics group by route rather than by every distinct URL. `admin` sends the
 * admin token, for the operator's routes (a top-up from the bank); `token` sends a customer's
 * or partner's bearer token (seed.js mints them in setup()).
 */
export function sendJson(service, method, path, endpoint, body, { admin = false, token } = {}) {
  const bearer = token === undefined ? {} : { authorization: `Bearer ${token}` };
  arrivals.add(1, { endpoint });
  return http.request(
    method,
    `${replicaOf(service)}${path}`,
    body === undefined ? null : JSON.stringify(body),
    {
      headers: { ...(admin ? adminHeaders : headers), ...bearer },
      timeout: settings.requestTimeout,
      tags: { name: endpoint },
      responseType: 'text',
    },
  );
}
