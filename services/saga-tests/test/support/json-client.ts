import http from 'node:http';

/** An HTTP answer with its JSON body parsed (the raw text when it is not JSON). */
export interface JsonResponse<T = unknown> {
  status: number;
  body: T;
  headers: http.IncomingHttpHeaders;
}

/** What a request sends. */
export interface RequestOptions {
  /** Serialised as JSON. */
  json?: unknown;
  /** Sent as is with content-type application/json, for malformed bodies. */
  raw?: string;
  /** Abandon the request (destroying its socket) after this long; default 30 s. */
  timeoutMs?: number;
  /** Extra headers, e.g. `x-admin-token` for the operator's routes. */
  headers?: Record<string, string>;
}

/** Methods whose repetition has no second effect, so a request on a stale socket may be resent. */
const idempotent = new Set(['GET', 'PUT', 'HEAD', 'DELETE']);

/**
 * A small JSON-over-HTTP client with keep-alive, so thousands of buyers reuse a bounded number
 * of connections instead of exhausting ephemeral ports. Connection failures reject (with the
 * socket error's `code`, e.g. ECONNRESET); any HTTP status resolves.
 *
 * Keep-alive has one race: the server may close an idle socket just as a request is written on
 * it. Idle sockets are therefore dropped after 2 s (Node servers keep them 5 s), and an
 * idempotent request that fails on a reused socket is sent once more on a fresh one, as Node's
 * documentation recommends. A POST is never resent: its failure is reported.
 */
export class JsonClient {
  private readonly agent: http.Agent;

  constructor(options: { maxSocketsPerHost?: number } = {}) {
    this.agent = new http.Agent({
      keepAlive: true,
      maxSockets: options.maxSocketsPerHost ?? 64,
      timeout: 2_000,
    });
  }

  /** Sends one request to `baseUrl + path`. */
  async request<T = unknown>(
    baseUrl: string,
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<JsonResponse<T>> {
    try {
      return await this.once<T>(baseUrl, method, path, options);
    } catch (error) {
      if (!idempotent.has(method) || !(error as { reusedSocket?: boolean }).reusedSocket) {
        throw error;
      }
      return this.once<T>(baseUrl, method, path, options);
    }
  }

  /** GET, resolving with the parsed body. */
  get<T = unknown>(
    baseUrl: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<JsonResponse<T>> {
    return this.request<T>(baseUrl, 'GET', path, options);
  }

  /** POST a JSON body. */
  post<T = unknown>(
    baseUrl: string,
    path: string,
    json: unknown,
    options: RequestOptions = {},
  ): Promise<JsonResponse<T>> {
    return this.request<T>(baseUrl, 'POST', path, { ...options, json });
  }

  /** PUT a JSON body. */
  put<T = unknown>(
    baseUrl: string,
    path: string,
    json: unknown,
    options: RequestOptions = {},
  ): Promise<JsonResponse<T>> {
    return this.request<T>(baseUrl, 'PUT', path, { ...options, json });
  }

  /** Closes every pooled connection. */
  close(): void {
    this.agent.destroy();
  }

  private once<T>(
    baseUrl: string,
    method: string,
    path: string,
    options: RequestOptions,
  ): Promise<JsonResponse<T>> {
    const payload =
      options.raw ?? (options.json === undefined ? undefined : JSON.stringify(options.json));
    return new Promise((resolve, reject) => {
      const request = http.request(
        new URL(path, baseUrl),
        {
          method,
          agent: this.agent,
          headers: {
            accept: 'application/json',
            ...options.headers,
            ...(payload === undefined
              ? {}
              : {
                  'content-type': 'application/json',
                  'content-length': Buffer.byteLength(payload),
                }),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            clearTimeout(timer);
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({
              status: response.statusCode ?? 0,
              body: parseJson(text) as T,
              headers: response.headers,
            });
          });
        },
      );
      const timer = setTimeout(
        () => request.destroy(new Error(`${method} ${path}: no answer in time`)),
        options.timeoutMs ?? 30_000,
      );
      request.on('error', (error) => {
        clearTimeout(timer);
        Object.assign(error, { reusedSocket: request.reusedSocket });
        reject(error);
      });
      request.end(payload);
    });
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // Not every answer is JSON (a proxy page, a plain-text 404): keep the text for messages.
    return text;
  }
}
