// Small drawing helpers shared by the page's views: DOM and SVG element builders, colours,
// number formats and a tooltip. No library: the page is a few hundred lines of plain DOM.

const svgNs = 'http://www.w3.org/2000/svg';

/** An HTML element with attributes (`class`, `data-*`, `href`, ...) and children (nodes or text). */
export function h(tag, attributes = {}, children = []) {
  return fill(document.createElement(tag), attributes, children);
}

/** The same for SVG. */
export function s(tag, attributes = {}, children = []) {
  return fill(document.createElementNS(svgNs, tag), attributes, children);
}

function fill(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) {
      element.setAttribute(name, String(value));
    }
  }
  for (const child of [children].flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
  return element;
}

/** A strategy's colour, the same in every panel and lane. */
export const strategyColor = {
  zookeeper: '#5cb85c',
  redlock: '#f0883e',
  redis: '#39c5cf',
  etcd: '#58a6ff',
  cas: '#bc8cff',
};

/** Holder colours: distinct, none of them the red that means a lost lease. */
const holderPalette = [
  '#58a6ff',
  '#f0883e',
  '#3fb950',
  '#d2a8ff',
  '#39c5cf',
  '#e3b341',
  '#ff9bce',
  '#a5d6ff',
  '#7ee787',
  '#ffa657',
];

/** One colour per holder name, stable across lanes and refreshes (assigned in name order). */
export function holderColors(names) {
  const colors = new Map();
  [...new Set(names)].sort().forEach((name, i) => {
    colors.set(name, holderPalette[i % holderPalette.length]);
  });
  return colors;
}

/** `0.42 ms`, `12 ms`, `1.35 s`. */
export function duration(ms) {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** Wall-clock time of day with tenths: `23:37:05.2`. */
export function clock(epochMs) {
  const d = new Date(epochMs);
  const two = (n) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${Math.floor(d.getMilliseconds() / 100)}`;
}

/** A tick step giving at most `most` ticks over `spanMs`. */
export function tickStep(spanMs, most) {
  const steps = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000];
  return steps.find((step) => spanMs / step <= most) ?? 120_000;
}

/** The floating tooltip: `show(event, lines)` next to the pointer, `hide()`. */
export function tooltip(element) {
  return {
    show(event, lines) {
      element.replaceChildren(
        ...lines.map(([label, value, tone]) =>
          h('div', { class: tone ? `row ${tone}` : 'row' }, [
            h('span', { class: 'label' }, label),
            h('span', { class: 'value' }, value),
          ]),
        ),
      );
      element.hidden = false;
      const x = Math.min(event.clientX + 14, window.innerWidth - element.offsetWidth - 8);
      const y = Math.min(event.clientY + 14, window.innerHeight - element.offsetHeight - 8);
      element.style.left = `${x}px`;
      element.style.top = `${y}px`;
    },
    hide() {
      element.hidden = true;
    },
  };
}
