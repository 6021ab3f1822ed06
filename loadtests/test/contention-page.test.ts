import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { localTopology } from '@lockstep/infra-local';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentionReport } from '../src/demo/page/contention-report.ts';
import { repoRoot } from '../src/paths.ts';
import { type DemoProcess, startDemo } from './support/demo-process.ts';
import { jaegerLockSpans } from './support/jaeger-lock-spans.ts';

// A short demo run (one replica per service, two seconds of each scenario, then the paused
// holder) with headless Chromium on its lock-contention page. The numbers drawn are checked
// against Jaeger's own answers, not against the page's JSON, and the screenshot README shows
// is taken here.
const chromium = '/usr/bin/chromium';
const screenshot = join(repoRoot, 'docs', 'lock-contention.png');
const jaeger = localTopology().jaegerQuery;
const since = Date.now();

let demo: DemoProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let pageUrl: string;
let pausedResource: string;

/** What the browser drew for each lane: bars counted in the SVG, not read from the JSON. */
async function drawnLanes(): Promise<
  Array<{ resource: string; strategy: string; holds: number; writes: number; lost: number }>
> {
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  return page.$$eval('section.lane', (lanes) =>
    lanes.map((lane) => ({
      resource: lane.getAttribute('data-resource') ?? '',
      strategy: lane.getAttribute('data-strategy') ?? '',
      holds: lane.querySelectorAll('rect.hold').length,
      writes: lane.querySelectorAll('rect.cas').length,
      lost: lane.querySelectorAll('rect.hold.lost').length,
    })),
  );
}

/**
 * Hovers an element of the live page. The page redraws every 3 s unless the pointer is over a
 * lane, so the element found can be replaced before the pointer reaches it ("Node is detached
 * from document"); once the pointer is on a lane the redraws stop and the hover holds.
 */
async function hoverWhileLive(selector: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.hover(selector);
      return;
    } catch (error) {
      if (attempt >= 5 || !String(error).includes('detached')) throw error;
    }
  }
}

beforeAll(async () => {
  if (!existsSync(chromium)) throw new Error(`no Chromium at ${chromium}: npm run infra:install`);
  const services = await fetch(`${jaeger}/api/services`).catch(() => undefined);
  if (!services?.ok) throw new Error(`Jaeger does not answer on ${jaeger}: npm run infra:up`);
  demo = startDemo([
    ...['--rate', '5', '--duration', '2s', '--replicas', '1', '--page-port', '0'],
    // npm test builds before it tests.
    '--skip-build',
  ]);
  pageUrl = await demo.waitFor(/lock contention, live while the demo runs: (\S+)/, 30_000);
  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  page = await browser.newPage();
  await page.setViewport({ width: 1440, height: 1100 });
  // Live while the demo runs: the page answers before the replicas are even up.
  await page.goto(pageUrl);
  await page.waitForSelector('body[data-state="ready"]');
  pausedResource = await demo.waitFor(/^\s+(seat:paused-\S+): holder/, 150_000);
  await demo.waitFor(/everything keeps running/, 60_000);
}, 200_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
}, 60_000);

describe('the lock-contention page, in Chromium during a short demo run', () => {
  it('draws each hot lane with as many holders as Jaeger has lock.hold spans for its resource', async () => {
    let resources: string[] = [];
    // Late spans (a payment settling, the sweeper) can land between the page's read and
    // Jaeger's; the two must agree once they have.
    await expect
      .poll(
        async () => {
          const lanes = await drawnLanes();
          resources = lanes.map((lane) => lane.resource);
          // A redraw on a loaded machine can catch the page between data sets: wait until the
          // lanes asserted below are drawn, as well as until page and Jaeger agree.
          const mismatches: string[] = [];
          if (!resources.includes(pausedResource))
            mismatches.push(`${pausedResource} not drawn yet`);
          if (!resources.some((resource) => resource.startsWith('sku:'))) {
            mismatches.push('no sku lane drawn yet');
          }
          for (const lane of lanes) {
            const holds = await jaegerLockSpans(jaeger, 'lock.hold', lane.resource, since);
            if (lane.holds !== holds.length) {
              mismatches.push(
                `${lane.resource}: ${lane.holds} holds drawn, ${holds.length} in Jaeger`,
              );
            }
            if (lane.strategy === 'cas') {
              const writes = await jaegerLockSpans(jaeger, 'lock.cas', lane.resource, since);
              if (lane.writes !== writes.length) {
                mismatches.push(
                  `${lane.resource}: ${lane.writes} writes drawn, ${writes.length} in Jaeger`,
                );
              }
            }
          }
          return mismatches;
        },
        { timeout: 30_000, interval: 3_000 },
      )
      .toEqual([]);
    expect(resources).toContain(pausedResource);
    expect(resources.some((resource) => resource.startsWith('sku:'))).toBe(true);
  });

  it("shows the paused holder's lease as lost, and whom the bookings behind it queued behind", async () => {
    const lane = `section.lane[data-resource="${pausedResource}"]`;
    // The stopped holder's lock.hold span reaches Jaeger when its process resumes and exports
    // it, and the spans of the bookings queued behind it when their replica exports them, which
    // on a loaded machine can be after the demo's last line: wait until both are there.
    const linkedWaiter = async () => {
      const report = (await (await fetch(`${pageUrl}api/contention`)).json()) as ContentionReport;
      const attempts = report.lanes.find((l) => l.resource === pausedResource)?.attempts ?? [];
      const holder = attempts.find((a) => a.holdOutcome === 'lost');
      const waiter = attempts.find(
        (a) => holder?.acquireSpanId && a.behind.includes(holder.acquireSpanId),
      );
      return { holder, waiter };
    };
    // The pair the page drew, kept from the poll: a later report can come back short while a
    // loaded Jaeger answers a search late, and the test is about what the page showed.
    let linked: Awaited<ReturnType<typeof linkedWaiter>> = { holder: undefined, waiter: undefined };
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.waitForSelector('body[data-state="ready"]');
          const drawn = await page.$$eval(`${lane} rect.hold.lost`, (rects) => rects.length);
          if (drawn === 0) return false;
          linked = await linkedWaiter();
          return linked.waiter !== undefined;
        },
        { timeout: 60_000, interval: 3_000 },
      )
      .toBe(true);
    const lost = await page.$$eval(`${lane} rect.hold.lost`, (rects) =>
      rects.map((rect) => rect.getAttribute('data-outcome')),
    );
    expect(lost).toEqual(['lost']);
    expect(await page.$eval(`${lane} .lost-flag`, (flag) => flag.textContent)).toBe('1 lease lost');
    const inJaeger = await jaegerLockSpans(jaeger, 'lock.hold', pausedResource, since);
    expect(inJaeger.filter((span) => span.outcome === 'lost')).toHaveLength(1);
    const etcdLost = await page.$eval(
      'article.strategy[data-strategy="etcd"] .figure.bad strong',
      (figure) => figure.textContent,
    );
    expect(Number(etcdLost)).toBeGreaterThanOrEqual(1);

    // A booking that queued behind the stopped holder: hovering its wait outlines the holder.
    const { holder, waiter } = linked;
    expect(waiter, 'a booking linked to the paused holder').toBeDefined();
    await hoverWhileLive(`${lane} g[data-acquire="${waiter?.acquireSpanId}"] rect.wait`);
    await page.waitForSelector(`${lane} g.ahead[data-acquire="${holder?.acquireSpanId}"]`);
    expect(await page.$eval('#tooltip', (tip) => tip.textContent)).toContain(
      `queued behind${holder?.holder}`,
    );
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot as `${string}.png`, fullPage: true });
  });

  it('links the lost lease to its trace, which shows the lock.hold span lost', async () => {
    const href = await page.$eval(
      `section.lane[data-resource="${pausedResource}"] rect.hold.lost`,
      (rect) => rect.closest('a')?.getAttribute('href') ?? '',
    );
    if (href.startsWith(jaeger)) {
      // Jaeger's UI is there (LOCKSTEP_JAEGER_UI_DIR): the link is Jaeger's own trace page.
      expect(href).toMatch(/\/trace\/[0-9a-f]{32}$/);
      return;
    }
    expect(href).toMatch(/^\/trace\/[0-9a-f]{32}$/);
    const trace = await browser?.newPage();
    await trace?.goto(new URL(href, pageUrl).toString());
    await trace?.waitForSelector('body[data-state="ready"]');
    const rows = await trace?.$$eval('.span-row.lost', (lost) =>
      lost.map((row) => row.textContent),
    );
    expect(rows?.some((row) => row?.includes('lock.hold') && row.includes(pausedResource))).toBe(
      true,
    );
    await trace?.close();
  });

  it('draws a wait histogram from Prometheus for every lock strategy the run used', async () => {
    const panels = await page.$$eval('article.strategy', (articles) =>
      articles.map((article) => ({
        strategy: article.getAttribute('data-strategy'),
        bars: [...article.querySelectorAll('figure.histogram:first-of-type rect')].filter(
          (rect) => Number(rect.getAttribute('height')) > 0,
        ).length,
      })),
    );
    expect(panels.map((panel) => panel.strategy)).toEqual(['cas', 'etcd', 'redlock', 'zookeeper']);
    for (const panel of panels) expect(panel.bars, String(panel.strategy)).toBeGreaterThan(0);
  });

  it("links every replica's /openapi.json, /metrics and /audit", async () => {
    const links = await page.$$eval('.replica', (replicas) =>
      replicas.map((replica) => [...replica.querySelectorAll('a')].map((a) => a.href)),
    );
    expect(links).toHaveLength(4);
    for (const replicaLinks of links) {
      expect(replicaLinks.map((href) => new URL(href).pathname)).toEqual([
        '/openapi.json',
        '/metrics',
        '/audit',
      ]);
    }
    const openapi = await fetch(links[0]?.[0] ?? '');
    expect(openapi.status).toBe(200);
  });
});
