import { errorCode, testAdminToken, waitFor } from '@lockstep/testkit';
import { BearerTokens } from './bearer-tokens.ts';
import type { JsonClient, JsonResponse } from './json-client.ts';
import { mapLimit } from './map-limit.ts';
import type { SagaDeployment, ServiceName } from './saga-deployment.ts';

/** What the operator's routes (seeding, fault injection, audits) send; the deployment configures it. */
export const asAdmin = { headers: { 'x-admin-token': testAdminToken } };

/** A point on the map. */
export interface GeoPoint {
  lat: number;
  lng: number;
}

/** GET /skus/:sku on inventory. */
export interface SkuView {
  sku: string;
  stocked: number;
  available: number;
  reserved: number;
  sold: number;
}

/** GET /orders/:orderId on inventory. */
export interface OrderView {
  orderId: string;
  sku: string;
  customerId: string;
  walletId: string;
  amountCents: number;
  status: 'reserved' | 'confirmed' | 'cancelled' | 'expired' | 'refund-pending';
  reason: string | null;
}

/** GET /payments/:paymentId on payment. */
export interface PaymentView {
  paymentId: string;
  walletId: string;
  amountCents: number;
  status: 'completed' | 'failed' | 'refunded';
  failureReason: string | null;
}

/** GET /assignments/:orderId on delivery-assignment. */
export interface AssignmentView {
  orderId: string;
  partnerId: string;
  status: string;
}

/** GET /partners/:id on delivery-assignment. */
export interface PartnerView {
  partnerId: string;
  lat: number;
  lng: number;
  capacity: number;
  active: number;
  version: number;
}

/** One replica's GET /audit, reduced to what every service answers. */
export interface ReplicaAudit {
  replica: string;
  ok: boolean;
  failing: string[];
}

/** What the order of a buyer asks for; it is sent with `customerId`'s bearer token. */
export interface OrderRequest {
  sku: string;
  customerId: string;
  walletId: string;
  deliverTo: GeoPoint;
  quantity?: number;
}

/** A wallet the operator opens for its owner, funded from the bank. */
export interface OwnedWallet {
  walletId: string;
  /** The customer it belongs to: only their orders can spend it, only they can read it. */
  ownerId: string;
  balanceCents: number;
}

/** Order statuses no payment outcome changes any more. */
const terminal = new Set<OrderView['status']>(['confirmed', 'cancelled']);

/**
 * The three services' HTTP APIs as the saga tests use them, spreading calls over the live
 * replicas of each service. Setup calls throw on an unexpected status, naming the answer.
 */
export class SagaClient {
  /** Customers' and partners' bearer tokens, from payment's development issuer. */
  readonly tokens: BearerTokens;
  // Who owns what, so a read is sent with its owner's token without the caller naming them.
  private readonly walletOwners = new Map<string, string>();
  private readonly orderCustomers = new Map<string, string>();

  constructor(
    readonly http: JsonClient,
    private readonly deployment: SagaDeployment,
  ) {
    this.tokens = new BearerTokens();
  }

  /** The live replicas' URLs of a service. */
  urls(service: ServiceName): string[] {
    return this.deployment.urls(service);
  }

  /** Round-robin: the URL of the `n`-th call's replica. */
  urlFor(service: ServiceName, n: number): string {
    const urls = this.urls(service);
    const url = urls[n % urls.length];
    if (url === undefined) throw new Error(`no live ${service} replica`);
    return url;
  }

  /** POST /skus. */
  async createSku(sku: string, stock: number, priceCents: number): Promise<void> {
    const body = { sku, name: `saga e2e ${sku}`, priceCents, stock };
    expectStatus(await this.http.post(this.urlFor('inventory', 0), '/skus', body, asAdmin), 201);
  }

  /** GET /skus/:sku. */
  async sku(sku: string, n = 0): Promise<SkuView> {
    const response = await this.http.get<SkuView>(this.urlFor('inventory', n), `/skus/${sku}`);
    expectStatus(response, 200);
    return response.body;
  }

  /**
   * POST /orders on the `n`-th replica as `order.customerId` (their bearer token; the body names
   * no customer, the token does), with `extraHeaders` (a traceparent); any status resolves, a
   * connection error rejects.
   */
  async placeOrder(
    order: OrderRequest,
    n: number,
    extraHeaders: Record<string, string> = {},
  ): Promise<JsonResponse<{ orderId: string }>> {
    const { customerId, ...body } = order;
    const headers = { ...extraHeaders, ...(await this.tokens.headers(customerId, 'customer')) };
    const response = await this.http.post<{ orderId: string }>(
      this.urlFor('inventory', n),
      '/orders',
      { quantity: 1, ...body },
      { headers },
    );
    if (response.status === 201) this.orderCustomers.set(response.body.orderId, customerId);
    return response;
  }

  /** Opens wallets for their owners as the operator (funded: admin token), `limit` at a time. */
  async openWallets(wallets: readonly OwnedWallet[], limit = 64): Promise<void> {
    await mapLimit(wallets.length, limit, async (i) => {
      const { walletId, ownerId, balanceCents } = wallets[i] as OwnedWallet;
      const response = await this.http.post(
        this.urlFor('payment', i),
        '/wallets',
        { walletId, ownerId, initialBalanceCents: balanceCents },
        asAdmin,
      );
      expectStatus(response, 201);
      this.walletOwners.set(walletId, ownerId);
    });
  }

  /** GET /wallets/:walletId's balance, read by the wallet's owner. */
  async balanceOf(walletId: string, n = 0): Promise<number> {
    const response = await this.http.get<{ balanceCents: number }>(
      this.urlFor('payment', n),
      `/wallets/${walletId}`,
      { headers: await this.tokens.headers(this.ownerOf(walletId), 'customer') },
    );
    expectStatus(response, 200);
    return response.body.balanceCents;
  }

  /** PUT /gateway on every payment replica: the simulated bank lives in each process. */
  async setGateway(latencyMs: number, failureRate = 0): Promise<void> {
    for (const url of this.urls('payment')) {
      expectStatus(await this.http.put(url, '/gateway', { latencyMs, failureRate }, asAdmin), 200);
    }
  }

  /** POST /partners. */
  async addPartner(partnerId: string, at: GeoPoint, capacity: number): Promise<void> {
    const body = { partnerId, name: partnerId, lat: at.lat, lng: at.lng, capacity };
    expectStatus(
      await this.http.post(this.urlFor('delivery-assignment', 0), '/partners', body, asAdmin),
      201,
    );
  }

  /** GET /partners/:id, read by the partner itself. */
  async partner(partnerId: string, n = 0): Promise<PartnerView> {
    const response = await this.http.get<PartnerView>(
      this.urlFor('delivery-assignment', n),
      `/partners/${partnerId}`,
      { headers: await this.tokens.headers(partnerId, 'partner') },
    );
    expectStatus(response, 200);
    return response.body;
  }

  /**
   * GET /payments/:paymentId of an order's payment (the payment id is the order id), read by
   * the order's customer (who owns the wallet it charged); undefined while payment has not
   * decided it.
   */
  async payment(paymentId: string, n = 0): Promise<PaymentView | undefined> {
    const response = await this.http.get<PaymentView>(
      this.urlFor('payment', n),
      `/payments/${paymentId}`,
      { headers: await this.tokens.headers(this.customerOf(paymentId), 'customer') },
    );
    if (response.status === 404) return undefined;
    expectStatus(response, 200);
    return response.body;
  }

  /**
   * Polls GET /orders/:id (alternating replicas) until every order is confirmed or cancelled;
   * resolves with the final views. `progress` is called with the count still open.
   */
  async waitForTerminalOrders(
    orderIds: readonly string[],
    timeoutMs: number,
    progress?: (open: number) => void,
  ): Promise<Map<string, OrderView>> {
    const settled = new Map<string, OrderView>();
    const open = new Map<string, OrderView['status'] | 'unknown'>(
      orderIds.map((id) => [id, 'unknown']),
    );
    let round = 0;
    await waitFor(
      `${orderIds.length} orders to reach a terminal state`,
      async () => {
        round += 1;
        const ids = [...open.keys()];
        await mapLimit(ids.length, 16, async (i) => {
          const orderId = ids[i] as string;
          const response = await this.http.get<OrderView>(
            this.urlFor('inventory', i + round),
            `/orders/${orderId}`,
            { headers: await this.tokens.headers(this.customerOf(orderId), 'customer') },
          );
          expectStatus(response, 200);
          if (terminal.has(response.body.status)) settled.set(orderId, response.body);
          else open.set(orderId, response.body.status);
        });
        for (const orderId of settled.keys()) open.delete(orderId);
        progress?.(open.size);
        return open.size === 0;
      },
      { timeoutMs, intervalMs: 500, describe: () => JSON.stringify(Object.fromEntries(open)) },
    );
    return settled;
  }

  /** Polls GET /assignments/:orderId until every order has one; resolves with them. */
  async waitForAssignments(
    orderIds: readonly string[],
    timeoutMs: number,
  ): Promise<Map<string, AssignmentView>> {
    const found = new Map<string, AssignmentView>();
    await waitFor(
      `${orderIds.length} orders to be assigned a partner`,
      async () => {
        const missing = orderIds.filter((id) => !found.has(id));
        await mapLimit(missing.length, 16, async (i) => {
          const orderId = missing[i] as string;
          const response = await this.http.get<AssignmentView>(
            this.urlFor('delivery-assignment', i),
            `/assignments/${orderId}`,
            { headers: await this.tokens.headers(this.customerOf(orderId), 'customer') },
          );
          if (response.status === 200) found.set(orderId, response.body);
          else if (response.status !== 404) expectStatus(response, 200);
        });
        return found.size === orderIds.length;
      },
      {
        timeoutMs,
        intervalMs: 500,
        describe: () => `${orderIds.length - found.size} without a partner`,
      },
    );
    return found;
  }

  /** The owner a wallet was opened for here. */
  private ownerOf(walletId: string): string {
    const owner = this.walletOwners.get(walletId);
    if (owner === undefined) throw new Error(`wallet ${walletId} was not opened by this client`);
    return owner;
  }

  /** The customer who placed an order here. */
  private customerOf(orderId: string): string {
    const customer = this.orderCustomers.get(orderId);
    if (customer === undefined) throw new Error(`order ${orderId} was not placed by this client`);
    return customer;
  }

  /** GET /audit on every live replica of every service. */
  async auditEveryReplica(): Promise<ReplicaAudit[]> {
    return Promise.all(
      this.deployment.allReplicas().map(async (replica) => {
        const response = await this.http.get<{
          ok: boolean;
          checks: Array<{ name: string; ok: boolean }>;
        }>(replica.url, '/audit', asAdmin);
        expectStatus(response, 200);
        return {
          replica: replica.spec.name,
          ok: response.body.ok,
          failing: response.body.checks.filter((c) => !c.ok).map((c) => c.name),
        };
      }),
    );
  }
}

/** Throws, quoting the answer, unless it has the expected status. */
export function expectStatus(response: JsonResponse, status: number): void {
  if (response.status !== status) {
    throw new Error(
      `expected HTTP ${status}, got ${response.status} ${errorCode(response) ?? ''}: ${JSON.stringify(response.body)}`,
    );
  }
}

/**
 * A service area of its own for a run: a random point away from the poles and the fixed
 * points other suites use. delivery-assignment ignores orders with no partner within its
 * radius, so orders of other runs (shared topics) stay out of this run's partners.
 */
export function randomServiceArea(): GeoPoint {
  return { lat: -50 + Math.random() * 100, lng: -170 + Math.random() * 340 };
}

/** A point within about `km` kilometres of `center` (a degree of latitude is ~111 km). */
export function near(center: GeoPoint, km: number): GeoPoint {
  const degrees = km / 111;
  const lngScale = Math.max(0.2, Math.cos((center.lat * Math.PI) / 180));
  return {
    lat: center.lat + (Math.random() * 2 - 1) * degrees,
    lng: center.lng + ((Math.random() * 2 - 1) * degrees) / lngScale,
  };
}
