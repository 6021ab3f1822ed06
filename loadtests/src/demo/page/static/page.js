// The lock-contention page: polls /api/contention (built from Jaeger and Prometheus by the
// demo's page server) and draws it; /trace/<id> shows one trace instead (trace-view.js), for
// when Jaeger runs without its UI.

import { duration, h, s, strategyColor, tooltip } from './draw.js';
import { renderLanes } from './lanes.js';
import { renderTrace } from './trace-view.js';

const pollMs = 3_000;
const tip = tooltip(document.getElementById('tooltip'));
let latest;

async function poll() {
  try {
    const response = await fetch('/api/contention');
    if (!response.ok) throw new Error(`the page server answered ${response.status}`);
    latest = await response.json();
    // Redrawing under the pointer would drop the hovered bar and its tooltip.
    if (!document.querySelector('.lane:hover')) render(latest);
    document.body.dataset.state = 'ready';
  } catch (error) {
    document.getElementById('updated').textContent = `no answer: ${error.message}`;
    document.body.dataset.state = 'error';
  } finally {
    setTimeout(poll, pollMs);
  }
}

function render(report) {
  document.getElementById('updated').textContent =
    `live · updated ${new Date(report.generatedAt).toLocaleTimeString()}${report.run ? ` · run ${report.run}` : ''}`;
  renderSources(report.sources);
  renderStrategies(report.strategies);
  renderLanes(document.getElementById('lanes'), report, tip);
  renderHottest(report.hottest);
  renderReplicas(report.replicas);
  document.body.dataset.generatedAt = String(report.generatedAt);
}

function renderSources(sources) {
  document.getElementById('sources').replaceChildren(
    ...Object.entries(sources).map(([name, source]) =>
      h(
        'a',
        {
          class: source.ok ? 'source ok' : 'source down',
          href: source.url,
          target: '_blank',
          title: source.detail,
        },
        [
          h('b', {}, name),
          h('span', {}, source.ok ? source.detail : `not answering: ${source.detail}`),
        ],
      ),
    ),
  );
}

function renderStrategies(strategies) {
  const container = document.getElementById('strategies');
  if (strategies.length === 0) {
    container.replaceChildren(h('p', { class: 'empty' }, 'No lock metrics for this run yet.'));
    return;
  }
  container.replaceChildren(
    ...strategies.map((panel) => {
      const tone = strategyColor[panel.strategy] ?? '#8b98a5';
      const share = panel.contendedShare;
      return h(
        'article',
        { class: 'strategy', 'data-strategy': panel.strategy, style: `--tone:${tone}` },
        [
          h('header', {}, [h('span', { class: 'dot' }), h('h3', {}, panel.strategy)]),
          h('div', { class: 'figures' }, [
            figure(
              Math.round(panel.acquires).toLocaleString(),
              panel.strategy === 'cas' ? 'writes' : 'acquires',
            ),
            figure(
              share === null ? '—' : `${Math.round(share * 100)}%`,
              'contended',
              share === null ? undefined : share,
            ),
            figure(
              String(panel.lostSpans),
              'leases lost',
              undefined,
              panel.lostSpans > 0 ? 'bad' : '',
              `${panel.lostSpans} lock.hold spans ended lost (Jaeger); the replicas counted ${Math.round(panel.lost)} (Prometheus lock_lost_total), not seeing holders outside them`,
            ),
          ]),
          histogram('wait', panel.wait, tone),
          panel.hold.length > 0 ? histogram('hold', panel.hold, tone) : null,
        ],
      );
    }),
  );
}

function figure(value, label, share, tone = '', title = undefined) {
  return h('div', { class: `figure ${tone}`, title }, [
    h('strong', {}, value),
    h('span', {}, label),
    share === undefined
      ? null
      : h('div', { class: 'meter' }, h('i', { style: `width:${Math.round(share * 100)}%` })),
  ]);
}

/** One histogram: a bar per bucket, labelled with its upper bound. */
function histogram(title, buckets, tone) {
  const width = 300;
  const height = 92;
  const most = Math.max(1, ...buckets.map((b) => b.count));
  const barWidth = (width - 8) / Math.max(1, buckets.length);
  const label = (le) => (le === null ? '∞' : le >= 1000 ? `${le / 1000}s` : String(le));
  const bars = buckets.flatMap((bucket, i) => {
    const barHeight = (bucket.count / most) * (height - 30);
    const x = 4 + i * barWidth;
    return [
      s(
        'rect',
        {
          x: x + 1,
          y: height - 18 - barHeight,
          width: barWidth - 2,
          height: Math.max(bucket.count > 0 ? 1.5 : 0, barHeight),
          rx: 1.5,
          fill: tone,
          opacity: title === 'wait' ? 0.95 : 0.6,
        },
        [s('title', {}, `${bucket.count} ${title}s ≤ ${label(bucket.le)} ms`)],
      ),
      i % 2 === 0
        ? s(
            'text',
            { class: 'tick-label', x: x + barWidth / 2, y: height - 4, 'text-anchor': 'middle' },
            label(bucket.le),
          )
        : null,
    ];
  });
  return h('figure', { class: 'histogram' }, [
    h('figcaption', {}, `${title} (ms)`),
    s(
      'svg',
      {
        width: '100%',
        viewBox: `0 0 ${width} ${height}`,
        role: 'img',
        'aria-label': `${title} histogram`,
      },
      bars,
    ),
  ]);
}

function renderHottest(rows) {
  const most = Math.max(1, ...rows.map((r) => r.queuedMs));
  document.getElementById('hottest').replaceChildren(
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['resource', 'acquires', 'contended', 'holds', 'lost', 'queued', 'p95 wait'].map((c) =>
          h('th', {}, c),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((row) =>
        h('tr', { class: row.lost > 0 ? 'has-lost' : '' }, [
          h('td', {}, [
            h(
              'span',
              { class: 'badge', style: `--tone:${strategyColor[row.strategy] ?? '#8b98a5'}` },
              row.strategy,
            ),
            h('code', {}, row.resource),
          ]),
          h('td', {}, String(row.acquires)),
          h('td', {}, String(row.contended)),
          h('td', {}, String(row.holds)),
          h('td', { class: row.lost > 0 ? 'bad' : '' }, String(row.lost)),
          h('td', { class: 'waited' }, [
            h(
              'div',
              { class: 'meter' },
              h('i', { style: `width:${(row.queuedMs / most) * 100}%` }),
            ),
            row.queuedMs > 0 ? duration(row.queuedMs) : '—',
          ]),
          h('td', {}, duration(row.waitP95Ms)),
        ]),
      ),
    ),
  );
}

function renderReplicas(replicas) {
  const services = [...new Set(replicas.map((r) => r.service))].sort();
  document
    .getElementById('replicas')
    .replaceChildren(
      ...services.map((service) =>
        h('div', { class: 'service' }, [
          h('h3', {}, service),
          ...replicas
            .filter((r) => r.service === service)
            .map((r) =>
              h('div', { class: 'replica', 'data-replica': r.replica }, [
                h('span', { class: `health ${r.health}`, title: `Prometheus: ${r.health}` }),
                h('span', { class: 'name' }, r.replica),
                h('code', {}, r.url.replace(/^http:\/\//, '')),
                ...['openapi.json', 'metrics', 'audit'].map((page) =>
                  h('a', { href: `${r.url}/${page}`, target: '_blank' }, `/${page}`),
                ),
              ]),
            ),
        ]),
      ),
    );
}

const traceMatch = /^\/trace\/([0-9a-f]+)$/.exec(location.pathname);
if (traceMatch) {
  document.getElementById('contention').hidden = true;
  document.getElementById('trace').hidden = false;
  renderTrace(traceMatch[1], tip);
} else {
  window.addEventListener('resize', () => latest && render(latest));
  poll();
}
