// One timeline per hot resource: the holders' track on top (one bar per lock.hold span, in
// the holder's colour, its fencing token inside, lost leases hatched red), the queue below
// (one thin bar per acquire that waited, ending where its hold begins or where it gave up).
// Hovering an attempt outlines the holder(s) it queued behind; clicking opens its trace.

import { clock, duration, h, holderColors, s, strategyColor, tickStep } from './draw.js';

const gutter = 64;
const holdRow = 22;
const waitRow = 7;
const mostWaitRows = 16;
const axisHeight = 22;

/** Draws every lane of the report into `container`, replacing what was there. */
export function renderLanes(container, report, tip) {
  const colors = holderColors(report.lanes.flatMap((lane) => lane.attempts.map((a) => a.holder)));
  const width = Math.max(480, container.clientWidth);
  if (report.lanes.length === 0) {
    container.replaceChildren(h('p', { class: 'empty' }, 'No lock spans yet in this window.'));
    return;
  }
  container.replaceChildren(
    ...report.lanes.map((lane) => laneElement(lane, report, colors, width, tip)),
  );
}

function laneElement(lane, report, colors, width, tip) {
  const holders = [...new Set(lane.attempts.map((a) => a.holder))].sort();
  const cas = lane.strategy === 'cas';
  const stats = [
    cas ? `${lane.attempts.length} writes` : `${lane.holds} holds`,
    `${lane.contended} contended`,
    `${duration(lane.waitedMs)} waited in total`,
  ];
  return h(
    'section',
    {
      class: lane.lost > 0 ? 'lane has-lost' : 'lane',
      'data-resource': lane.resource,
      'data-strategy': lane.strategy,
      'data-holds': lane.holds,
      'data-lost': lane.lost,
    },
    [
      h('header', {}, [
        h(
          'span',
          { class: 'badge', style: `--tone:${strategyColor[lane.strategy] ?? '#8b98a5'}` },
          lane.strategy,
        ),
        h('code', { class: 'resource' }, lane.resource),
        h('span', { class: 'stats' }, stats.join(' · ')),
        lane.lost > 0
          ? h('span', { class: 'lost-flag' }, `${lane.lost} lease${lane.lost > 1 ? 's' : ''} lost`)
          : null,
      ]),
      timeline(lane, report, colors, width, tip),
      h(
        'div',
        { class: 'holders' },
        holders.map((name) =>
          h('span', {}, [h('i', { style: `background:${colors.get(name)}` }), name]),
        ),
      ),
    ],
  );
}

/**
 * Greedy interval packing in start order: each bar goes to the first row free by its start,
 * `slack` (ms) of overlap allowed; past `most` rows, into the row that frees first.
 */
function pack(items, startOf, endOf, most, slack) {
  const rows = new Array(items.length);
  const rowEnds = [];
  const order = items.map((_, i) => i).sort((a, b) => startOf(items[a]) - startOf(items[b]));
  for (const i of order) {
    const item = items[i];
    let row = rowEnds.findIndex((end) => end - slack <= startOf(item));
    if (row === -1) {
      row = rowEnds.length < most ? rowEnds.length : rowEnds.indexOf(Math.min(...rowEnds));
    }
    rowEnds[row] = Math.max(rowEnds[row] ?? 0, endOf(item));
    rows[i] = row;
  }
  return rows;
}

function timeline(lane, report, colors, width, tip) {
  const cas = lane.strategy === 'cas';
  const span = Math.max(1, lane.end - lane.start);
  const t0 = lane.start - span * 0.01;
  const t1 = lane.end + span * 0.01;
  const x = (t) => gutter + ((t - t0) / (t1 - t0)) * (width - gutter - 8);
  const barWidth = (a, b) => Math.max(1.5, x(b) - x(a));

  // The track on top: holds (or CAS writes, which hold nothing).
  const top = lane.attempts.filter((a) => (cas ? true : a.holdStart !== undefined));
  const topStart = (a) => (cas ? a.waitStart : a.holdStart);
  const topEnd = (a) => (cas ? a.waitEnd : a.holdEnd);
  // A hold ends when its release is confirmed, a few ms after the next holder was granted: a
  // sliver of overlap that is not two holders at once, so it does not open a second row.
  const msPerPixel = (t1 - t0) / (width - gutter - 8);
  const topRows = pack(top, topStart, topEnd, 6, 3 * msPerPixel);
  const topHeight = (Math.max(...topRows, 0) + 1) * holdRow;
  // The queue below: acquires that waited visibly long.
  const waits = cas ? [] : lane.attempts.filter((a) => x(a.waitEnd) - x(a.waitStart) >= 1);
  const waitRows = pack(
    waits,
    (a) => a.waitStart,
    (a) => a.waitEnd,
    mostWaitRows,
    msPerPixel,
  );
  const queueTop = topHeight + 10;
  const queueHeight = waits.length > 0 ? (Math.max(...waitRows) + 1) * (waitRow + 2) : 0;
  const axisTop = queueTop + queueHeight + 6;
  const height = axisTop + axisHeight;

  const byAcquire = new Map(lane.attempts.map((a) => [a.acquireSpanId, a]));
  const groups = new Map();
  const groupOf = (attempt) => {
    let group = groups.get(attempt);
    if (!group) {
      group = s('g', {
        class: 'attempt',
        'data-holder': attempt.holder,
        'data-acquire': attempt.acquireSpanId,
      });
      groups.set(attempt, group);
    }
    return group;
  };
  const linked = (traceId, child) =>
    s('a', { href: report.traceUrl.replace('{traceId}', traceId), target: '_blank' }, child);

  top.forEach((attempt, i) => {
    const start = topStart(attempt);
    const end = topEnd(attempt);
    const lost = attempt.holdOutcome === 'lost';
    const y = topRows[i] * holdRow + 2;
    const w = barWidth(start, end);
    const label = lost ? `✕ lost · ${attempt.lossReason ?? ''}` : attempt.token;
    const fits = label && w > label.length * 6.4 + 8;
    groupOf(attempt).append(
      linked(attempt.holdTraceId ?? attempt.traceId, [
        s('rect', {
          class: cas ? 'cas' : lost ? 'hold lost' : 'hold',
          'data-outcome': cas ? attempt.outcome : attempt.holdOutcome,
          'data-token': attempt.token,
          x: x(start),
          y,
          width: w,
          height: holdRow - 4,
          rx: 2,
          fill: lost ? 'url(#lost-hatch)' : colors.get(attempt.holder),
        }),
        fits
          ? s(
              'text',
              { class: lost ? 'bar-label lost' : 'bar-label', x: x(start) + 5, y: y + 13 },
              label,
            )
          : null,
        !fits && lost
          ? s('text', { class: 'bar-label lost outside', x: x(end) + 4, y: y + 13 }, '✕ lost')
          : null,
      ]),
    );
  });
  waits.forEach((attempt, i) => {
    const gaveUp = attempt.outcome !== 'acquired';
    const y = queueTop + waitRows[i] * (waitRow + 2);
    groupOf(attempt).append(
      linked(
        attempt.traceId,
        s('rect', {
          class: gaveUp ? 'wait timeout' : 'wait',
          x: x(attempt.waitStart),
          y,
          width: barWidth(attempt.waitStart, attempt.waitEnd),
          height: waitRow,
          rx: 1.5,
          fill: colors.get(attempt.holder),
        }),
      ),
    );
  });

  const svg = s('svg', { class: 'timeline', width, height, viewBox: `0 0 ${width} ${height}` }, [
    s('defs', {}, [
      s(
        'pattern',
        {
          id: 'lost-hatch',
          width: 6,
          height: 6,
          patternUnits: 'userSpaceOnUse',
          patternTransform: 'rotate(45)',
        },
        [
          s('rect', { width: 6, height: 6, fill: '#5a1d1d' }),
          s('rect', { width: 3, height: 6, fill: '#ff5c57' }),
        ],
      ),
    ]),
    s('text', { class: 'track-label', x: 4, y: 15 }, cas ? 'writes' : 'held by'),
    waits.length > 0 ? s('text', { class: 'track-label', x: 4, y: queueTop + 8 }, 'queue') : null,
    s('line', {
      class: 'track-rule',
      x1: gutter,
      x2: width - 8,
      y1: topHeight + 4,
      y2: topHeight + 4,
    }),
    ...axis(t0, t1, x, axisTop, lane.start),
    ...groups.values(),
  ]);

  for (const [attempt, group] of groups) {
    group.addEventListener('mouseenter', (event) => {
      svg.classList.add('focus');
      group.classList.add('current');
      for (const id of attempt.behind) groups.get(byAcquire.get(id))?.classList.add('ahead');
      tip.show(event, describe(attempt, byAcquire));
    });
    group.addEventListener('mousemove', (event) => tip.show(event, describe(attempt, byAcquire)));
    group.addEventListener('mouseleave', () => {
      svg.classList.remove('focus');
      for (const g of groups.values()) g.classList.remove('current', 'ahead');
      tip.hide();
    });
  }
  return svg;
}

function axis(t0, t1, x, top, origin) {
  const step = tickStep(t1 - t0, 8);
  const parts = [s('line', { class: 'axis', x1: gutter, x2: x(t1), y1: top, y2: top })];
  for (let t = origin; t <= t1; t += step) {
    const offset = t - origin;
    const label = offset === 0 ? clock(origin) : `+${duration(offset)}`;
    parts.push(
      s('line', { class: 'tick', x1: x(t), x2: x(t), y1: top, y2: top + 4 }),
      s(
        'text',
        {
          class: 'tick-label',
          x: x(t),
          y: top + 16,
          'text-anchor': offset === 0 ? 'start' : 'middle',
        },
        label,
      ),
    );
  }
  return parts;
}

function describe(attempt, byAcquire) {
  const lines = [
    ['holder', attempt.holder],
    ['service', attempt.service],
  ];
  if (attempt.acquireSpanId) {
    const waited = attempt.waitEnd - attempt.waitStart;
    lines.push(['waited', `${duration(waited)}${attempt.contended ? ' (contended)' : ''}`]);
    lines.push([
      'outcome',
      attempt.outcome,
      attempt.outcome === 'acquired' || attempt.outcome === 'applied' ? '' : 'bad',
    ]);
  }
  if (attempt.holdStart !== undefined) {
    lines.push(['held', duration(attempt.holdEnd - attempt.holdStart)]);
    lines.push([
      'lease',
      attempt.holdOutcome === 'lost' ? `LOST (${attempt.lossReason ?? '?'})` : attempt.holdOutcome,
      attempt.holdOutcome === 'lost' ? 'bad' : '',
    ]);
  }
  if (attempt.token) lines.push(['fencing token', attempt.token]);
  for (const id of attempt.behind) {
    const ahead = byAcquire.get(id);
    lines.push([
      'queued behind',
      ahead
        ? `${ahead.holder}${ahead.token ? ` (token ${ahead.token})` : ''}`
        : 'a holder outside this window',
    ]);
  }
  lines.push(['trace', `${attempt.traceId.slice(0, 16)}… (click)`]);
  return lines;
}
