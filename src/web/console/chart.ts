import { type Html, html } from "../html";

export interface DayBar {
  /** YYYY-MM-DD. */
  day: string;
  value: number;
  /** What the bar says in words (its table cell and its tooltip). */
  label: string;
}

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { top: 12, right: 8, bottom: 28, left: 8 };

/**
 * Bars per day as server-rendered SVG: no script, no inline style (the page's CSP allows neither),
 * colours from the stylesheet. The picture is labelled for screen readers and the same numbers
 * are in the table beside it, which is what assistive technology should read.
 */
export function dayBarChart(id: string, title: string, bars: DayBar[]): Html {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const inner = { w: WIDTH - PAD.left - PAD.right, h: HEIGHT - PAD.top - PAD.bottom };
  const slot = inner.w / Math.max(1, bars.length);
  const width = Math.max(1, slot * 0.7);
  const ticks = bars.filter((_, i) => bars.length <= 8 || i % Math.ceil(bars.length / 8) === 0);
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${id}-title ${id}-desc"
    preserveAspectRatio="none" focusable="false">
    <title id="${id}-title">${title}</title>
    <desc id="${id}-desc">One bar a day from ${bars[0]?.day ?? ""} to ${bars.at(-1)?.day ?? ""}; the table beside it has the numbers.</desc>
    <line class="axis" x1="${PAD.left}" y1="${PAD.top + inner.h}" x2="${PAD.left + inner.w}" y2="${PAD.top + inner.h}" />
    ${bars.map((b, i) => {
      const h = (b.value / max) * inner.h;
      const x = PAD.left + i * slot + (slot - width) / 2;
      return html`<rect class="bar" x="${x.toFixed(1)}" y="${(PAD.top + inner.h - h).toFixed(1)}" width="${width.toFixed(1)}"
        height="${h.toFixed(1)}"><title>${b.day}: ${b.label}</title></rect>`;
    })}
    ${ticks.map((b) => {
      const x = PAD.left + bars.indexOf(b) * slot + slot / 2;
      return html`<text class="tick" x="${x.toFixed(1)}" y="${HEIGHT - 8}" text-anchor="middle">${b.day.slice(5)}</text>`;
    })}
  </svg>`;
}
