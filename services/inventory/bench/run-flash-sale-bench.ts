/**
 * `npm run bench:flash-sale`: POST /orders throughput and latency against two in-process
 * inventory replicas on the local stack, for one hot SKU and for 100 SKUs, with coalescing
 * off and on in the same run (a fresh database per mode); then the sold-out answer latency
 * beside a bare ZooKeeper lock round trip (acquire + release). Stock is large enough never to
 * sell out while measuring. Ends by auditing each database and exits 1 if an audit fails.
 * Writes docs/bench/flash-sale.{json,md,svg} and flash-sale-latency.svg.
 *
 *   npm run bench:flash-sale -- [--orders 3000] [--in-flight 200] [--latency-only]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { localTopology } from '@lockstep/infra-local';
import { ZooKeeperLock } from '@lockstep/locks';
import { mintDevelopmentToken } from '@lockstep/service-kit';
import { testAdminToken } from '@lockstep/testkit';
import { type InventoryDeployment, startDeployment } from '../test/support/replicas.ts';
import { barChart } from './bar-chart.ts';
import { type LoadResult, percentile, runOrderLoad } from './order-load.ts';
import { recordServerTimes } from './server-time.ts';
import { timeFromWorker } from './worker-client.ts';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '3000' },
    'in-flight': { type: 'string', default: '200' },
    // Only the sold-out answer and the lock round trip: quick, writes no docs.
    'latency-only': { type: 'boolean', default: false },
    out: {
      type: 'string',
      default: join(dirname(fileURLToPath(import.meta.url)), '../../../docs/bench'),
    },
  },
});
const orders = Number(values.orders);
const inFlight = Number(values['in-flight']);
const stock = 1_000_000;
const runId = Date.now().toString(36).toUpperCase();
const log = (message: string) => console.log(`[bench:flash-sale] ${message}`);

interface Row {
  scenario: string;
  coalescing: string;
  result: LoadResult;
  lockAcquisitions: number;
  maxBatchSize: number;
}

async function createSkus(url: string, prefix: string, count: number, units: number) {
  const skus = Array.from({ length: count }, (_, i) => `${prefix}-${runId}-${i}`);
  for (const sku of skus) {
    const response = await fetch(`${url}/skus`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-admin-token': testAdminToken },
      body: JSON.stringify({ sku, name: sku, priceCents: 100, stock: units }),
    });
    if (response.status !== 201) throw new Error(`creating ${sku}: ${response.status}`);
  }
  return skus;
}

const acquisitionsOf = (deployment: InventoryDeployment) =>
  deployment.replicas.reduce((sum, r) => sum + r.reservations.lockAcquisitions, 0);

async function auditOk(deployment: InventoryDeployment): Promise<boolean> {
  const response = await fetch(`${deployment.replicas[0]?.url}/audit`, {
    headers: { 'x-admin-token': testAdminToken },
  });
  const report = (await response.json()) as { ok: boolean; checks: Array<{ ok: boolean }> };
  if (!report.ok) log(`audit: ${JSON.stringify(report.checks.filter((check) => !check.ok))}`);
  return report.ok;
}

/**
 * No payment service runs here, so every hold stays reserved: a TTL past the run keeps the
 * sweeper from expiring thousands of holds mid-measurement (and the audit from flagging holds
 * it had no time to sweep); the audit still checks every counter against the order rows.
 */
const benchEnv = { RESERVATION_TTL_MS: '3600000' };

async function measureMode(coalescing: 'on' | 'off', rows: Row[]): Promise<boolean> {
  log(`coalescing ${coalescing}: starting two replicas on a fresh database`);
  const deployment = await startDeployment(2, {
    ...benchEnv,
    INVENTORY_COALESCING: coalescing,
    // Long enough that no order is refused for waiting: the measure is the lock's hand-off.
    ORDER_LOCK_WAIT_MS: '60000',
    DB_POOL_SIZE: '20',
  });
  try {
    const urls = deployment.replicas.map((r) => r.url);
    await runOrderLoad({
      urls,
      skus: await createSkus(urls[0] ?? '', 'WARM', 10, stock),
      orders: 300,
      inFlight: 50,
    });
    for (const [scenario, count] of [
      ['1 hot SKU', 1],
      ['100 SKUs', 100],
    ] as const) {
      const skus = await createSkus(urls[0] ?? '', `B${count}`, count, stock);
      const acquisitionsBefore = acquisitionsOf(deployment);
      log(`coalescing ${coalescing}, ${scenario}: ${orders} orders, ${inFlight} in flight`);
      const result = await runOrderLoad({ urls, skus, orders, inFlight });
      const row = {
        scenario,
        coalescing,
        result,
        lockAcquisitions: acquisitionsOf(deployment) - acquisitionsBefore,
        maxBatchSize: Math.max(...deployment.replicas.map((r) => r.reservations.maxBatchSize)),
      };
      rows.push(row);
      log(
        `  ${result.acceptedPerSec.toFixed(0)} accepted/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ${row.lockAcquisitions} lock acquisitions, answers ${JSON.stringify(result.answers)}`,
      );
    }
    const ok = await auditOk(deployment);
    log(`coalescing ${coalescing}: audit ${ok ? 'clean' : 'FAILED'}`);
    return ok;
  } finally {
    await deployment.stop();
  }
}

interface SoldOutResult {
  /** POST /orders on a sold-out SKU, timed by a client thread (loopback HTTP included). */
  soldOut: { p50: number; p99: number; answers: Record<string, number> };
  /** The same answers, timed inside the replica from request start to response finish. */
  server: { p50: number; p99: number };
  /** GET /healthz, Express's cheapest answer, timed by the client. */
  floor: { p50: number; p99: number };
  /** GET /healthz timed inside the replica: Express's floor, for comparison. */
  floorServer: { p50: number; p99: number };
  fastPath: number;
  ok: boolean;
}

/** Timed requests per answer; the first {@link warmUp} of each are sent but not timed. */
const timedRequests = 3000;
const warmUp = 2000;

/** Client-side and replica-side timings of `timedRequests` requests, warm-up left out. */
async function timeAnswers(
  urls: string[],
  path: string,
  method: 'GET' | 'POST',
  body?: string,
  headers?: Record<string, string>,
) {
  const serverTimes = recordServerTimes(path);
  const client = await timeFromWorker({
    urls,
    path,
    method,
    ...(headers === undefined ? {} : { headers }),
    count: timedRequests,
    warmUp,
    ...(body === undefined ? {} : { body }),
  });
  serverTimes.stop();
  return { client, server: percentiles(serverTimes.samples.slice(warmUp)) };
}

async function measureSoldOut(): Promise<SoldOutResult> {
  log(
    `sold out: one SKU with no units, ${warmUp} + ${timedRequests} sequential orders over both replicas, sent from a worker thread`,
  );
  const deployment = await startDeployment(2, benchEnv);
  try {
    const urls = deployment.replicas.map((r) => r.url);
    const skus = await createSkus(urls[0] ?? '', 'GONE', 1, 0);
    // One order per replica reads the row and flags the SKU; what follows is the fast path.
    await runOrderLoad({ urls, skus, orders: 2, inFlight: 1 });
    const before = deployment.replicas.reduce((s, r) => s + r.reservations.soldOutFastPath, 0);
    const orders = await timeAnswers(
      urls,
      '/orders',
      'POST',
      JSON.stringify({
        sku: skus[0],
        quantity: 1,
        walletId: 'bench-wallet',
        deliverTo: { lat: 12.9, lng: 77.6 },
      }),
      // The sold-out gate answers only a request that carries a bearer token (it does not
      // verify it: that is the cost it skips); without one the route answers 401.
      {
        authorization: `Bearer ${await mintDevelopmentToken({ subject: 'bench-sold-out', role: 'customer' })}`,
      },
    );
    const fastPath =
      deployment.replicas.reduce((s, r) => s + r.reservations.soldOutFastPath, 0) - before;
    const health = await timeAnswers(urls, '/healthz', 'GET');
    return {
      soldOut: { ...percentiles(orders.client.latencies), answers: orders.client.statuses },
      server: orders.server,
      floor: percentiles(health.client.latencies),
      floorServer: health.server,
      fastPath,
      ok: await auditOk(deployment),
    };
  } finally {
    await deployment.stop();
  }
}

function percentiles(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

async function measureLockRoundTrip(): Promise<{ p50: number; p99: number }> {
  log('ZooKeeper lock round trip: 500 sequential acquire + release');
  const lock = new ZooKeeperLock({
    connectionString: localTopology().zookeeper,
    sessionTimeoutMs: 10_000,
  });
  try {
    const resource = `bench:flash-sale:${runId}`;
    const samples: number[] = [];
    for (let i = 0; i < 520; i++) {
      const t0 = performance.now();
      const lease = await lock.acquire(resource, { waitMs: 5_000 });
      await lease.release();
      if (i >= 20) samples.push(performance.now() - t0); // the first 20 warm the session up
    }
    samples.sort((a, b) => a - b);
    return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
  } finally {
    await lock.close();
  }
}

const fmt = (n: number, digits = 1) => (Number.isNaN(n) ? '-' : n.toFixed(digits));

async function main(): Promise<number> {
  const rows: Row[] = [];
  const latencyOnly = values['latency-only'];
  const offOk = latencyOnly || (await measureMode('off', rows));
  const onOk = latencyOnly || (await measureMode('on', rows));
  const soldOut = await measureSoldOut();
  const lockRoundTrip = await measureLockRoundTrip();
  const auditClean = offOk && onOk && soldOut.ok;

  const rate = (scenario: string, mode: string) =>
    rows.find((r) => r.scenario === scenario && r.coalescing === mode)?.result.acceptedPerSec ?? 0;
  const hotSpeedup = rate('1 hot SKU', 'on') / rate('1 hot SKU', 'off');
  const soldOutSpeedup = lockRoundTrip.p50 / soldOut.server.p50;
  const soldOutClientSpeedup = lockRoundTrip.p50 / soldOut.soldOut.p50;

  const table = [
    '| scenario | coalescing | accepted orders/s | p50 ms | p99 ms | lock acquisitions | max batch | answers |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.coalescing} | ${fmt(r.result.acceptedPerSec, 0)} | ${fmt(r.result.p50)} | ${fmt(r.result.p99)} | ${r.lockAcquisitions} | ${r.maxBatchSize} | ${Object.entries(
          r.result.answers,
        )
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ')} |`,
    ),
  ];
  const latency = [
    '| answer | p50 ms | p99 ms |',
    '| --- | ---: | ---: |',
    `| POST /orders on a sold-out SKU, inside the replica (request start to response finish) | ${fmt(soldOut.server.p50, 2)} | ${fmt(soldOut.server.p99, 2)} |`,
    `| GET /healthz inside the replica (a route behind Express's middleware, which the sold-out gate skips) | ${fmt(soldOut.floorServer.p50, 2)} | ${fmt(soldOut.floorServer.p99, 2)} |`,
    `| POST /orders on a sold-out SKU, at the client (loopback HTTP round trip, ${soldOut.fastPath}/${warmUp + timedRequests} answers from the fast path, warm-up included) | ${fmt(soldOut.soldOut.p50, 2)} | ${fmt(soldOut.soldOut.p99, 2)} |`,
    `| GET /healthz at the client (Express's cheapest answer) | ${fmt(soldOut.floor.p50, 2)} | ${fmt(soldOut.floor.p99, 2)} |`,
    `| ZooKeeper lock acquire + release (no HTTP, no database) | ${fmt(lockRoundTrip.p50, 2)} | ${fmt(lockRoundTrip.p99, 2)} |`,
  ];
  const summary = [
    `- hot SKU: coalescing on is **${fmt(hotSpeedup)}x** the one-lock-per-order rate (goal >= 5x).`,
    `- sold-out answers take the replica **${fmt(soldOutSpeedup)}x** less time than a lock round trip at p50 (goal >= 10x); at the client, loopback HTTP included, ${fmt(soldOutClientSpeedup)}x (GET /healthz, through Express: ${fmt(lockRoundTrip.p50 / soldOut.floor.p50)}x). Sold-out answers are refused by a gate in front of Express; timings leave out the first ${warmUp} requests of each kind, sent to warm the JIT.`,
    `- audit after every phase: **${auditClean ? 'clean' : 'FAILED'}**.`,
  ];
  const markdown = [
    '# Flash-sale benchmark (inventory)',
    '',
    `\`npm run bench:flash-sale\`: two in-process replicas on the local stack, ${orders} orders per row, ${inFlight} in flight, round-robin over both replicas; stock ${stock} per SKU so nothing sells out while measuring. Run ${new Date().toISOString()}.`,
    '',
    ...table,
    '',
    '![accepted orders per second](flash-sale.svg)',
    '',
    ...latency,
    '',
    '![sold-out answer against a lock round trip, p50](flash-sale-latency.svg)',
    '',
    ...summary,
    '',
  ].join('\n');
  console.log(`\n${markdown}`);
  if (latencyOnly) return auditClean ? 0 : 1;

  mkdirSync(values.out, { recursive: true });
  writeFileSync(join(values.out, 'flash-sale.md'), markdown);
  writeFileSync(
    join(values.out, 'flash-sale.json'),
    `${JSON.stringify({ orders, inFlight, stock, rows, soldOut, lockRoundTrip, hotSpeedup, soldOutSpeedup, soldOutClientSpeedup, auditClean }, null, 2)}\n`,
  );
  writeFileSync(
    join(values.out, 'flash-sale.svg'),
    barChart(
      'POST /orders accepted per second (two replicas)',
      'orders/s',
      rows.map((r) => ({
        label: `${r.scenario}, coalescing ${r.coalescing}`,
        value: r.result.acceptedPerSec,
      })),
    ),
  );
  writeFileSync(
    join(values.out, 'flash-sale-latency.svg'),
    barChart(
      'Sold-out answer against a ZooKeeper lock round trip, p50',
      'ms',
      [
        { label: 'sold-out POST /orders, inside the replica', value: soldOut.server.p50 },
        { label: 'GET /healthz, inside the replica', value: soldOut.floorServer.p50 },
        { label: 'sold-out POST /orders, at the client', value: soldOut.soldOut.p50 },
        { label: 'GET /healthz, at the client', value: soldOut.floor.p50 },
        { label: 'ZooKeeper lock acquire + release', value: lockRoundTrip.p50 },
      ],
      2,
    ),
  );
  log(`wrote ${values.out}/flash-sale.{json,md,svg} and flash-sale-latency.svg`);
  return auditClean ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
