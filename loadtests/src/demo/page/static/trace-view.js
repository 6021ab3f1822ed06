// The page's own view of one trace, for a Jaeger without its UI: the spans Jaeger's query API
// returns for the trace, as a waterfall in parent-child order, lock spans annotated with
// resource, fencing token and outcome, and a lost lease in red.

import { duration, h, holderColors } from './draw.js';

/** Spans too many and too small to read in a waterfall: folded into a count on their parent. */
const quietScopes = ['@opentelemetry/instrumentation-pg', '@opentelemetry/instrumentation-ioredis'];

export async function renderTrace(traceId, tip) {
  document.title = `trace ${traceId.slice(0, 8)} · lockstep`;
  document.getElementById('updated').textContent = 'one trace, as Jaeger has it';
  const title = document.getElementById('trace-title');
  const view = document.getElementById('trace-view');
  const response = await fetch(`/api/trace/${traceId}`);
  const { spans } = await response.json();
  title.replaceChildren(
    `Trace `,
    h('code', {}, traceId),
    h('a', { class: 'back', href: '/' }, '← lock contention'),
  );
  if (spans.length === 0) {
    view.replaceChildren(h('p', { class: 'empty' }, 'Jaeger does not have this trace (any more).'));
    document.body.dataset.state = 'ready';
    return;
  }
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map();
  for (const span of spans) {
    const parent = span.parentId && ids.has(span.parentId) ? span.parentId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const start = Math.min(...spans.map((span) => span.start));
  const end = Math.max(...spans.map((span) => span.end));
  const colors = holderColors(spans.map((span) => span.service));
  const rows = [];
  const walk = (parent, depth) => {
    const list = (children.get(parent) ?? []).sort((a, b) => a.start - b.start);
    const quiet = list.filter((span) => quietScopes.includes(span.attributes['otel.scope.name']));
    for (const span of list) {
      if (quiet.includes(span)) continue;
      rows.push(row(span, depth, start, end, colors, tip));
      walk(span.spanId, depth + 1);
    }
    if (quiet.length > 0) {
      rows.push(
        h(
          'div',
          { class: 'span-row quiet', style: `--depth:${depth}` },
          h('span', { class: 'span-name' }, `${quiet.length} database/redis calls`),
        ),
      );
    }
  };
  walk(undefined, 0);
  view.replaceChildren(
    h(
      'p',
      { class: 'trace-summary' },
      `${spans.length} spans · ${duration(end - start)} · ${[...new Set(spans.map((s) => s.service))].join(', ')}`,
    ),
    ...rows,
  );
  document.body.dataset.state = 'ready';
}

function row(span, depth, start, end, colors, tip) {
  const a = span.attributes;
  const lock = typeof a['lock.resource'] === 'string';
  const lost = a['lock.outcome'] === 'lost';
  const left = ((span.start - start) / Math.max(1, end - start)) * 100;
  const width = Math.max(0.3, ((span.end - span.start) / Math.max(1, end - start)) * 100);
  const note = lock
    ? [
        a['lock.strategy'],
        a['lock.resource'],
        a['lock.token'] && `token ${a['lock.token']}`,
        a['lock.outcome'],
        a['lock.loss_reason'],
      ]
        .filter(Boolean)
        .join(' · ')
    : '';
  const element = h(
    'div',
    {
      class: `span-row${lock ? ' lock' : ''}${lost ? ' lost' : ''}${span.error ? ' error' : ''}`,
      style: `--depth:${depth}`,
    },
    [
      h('span', { class: 'span-name' }, [
        h('i', { style: `background:${colors.get(span.service)}` }),
        h('b', {}, span.service),
        ` ${span.name}`,
        note ? h('small', {}, note) : null,
      ]),
      h(
        'span',
        { class: 'span-track' },
        h(
          'span',
          {
            class: 'span-bar',
            style: `left:${left}%;width:${width}%;background:${lost ? '#ff5c57' : colors.get(span.service)}`,
          },
          h('em', {}, duration(span.end - span.start)),
        ),
      ),
    ],
  );
  const details = [
    ['service', span.service],
    ['instance', span.instance],
    ['duration', duration(span.end - span.start)],
    ...Object.entries(a)
      .filter(([key]) => key.startsWith('lock.'))
      .map(([key, value]) => [key, String(value), key === 'lock.outcome' && lost ? 'bad' : '']),
  ];
  element.addEventListener('mousemove', (event) => tip.show(event, details));
  element.addEventListener('mouseleave', () => tip.hide());
  return element;
}
