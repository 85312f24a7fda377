/**
 * Horizontal stacked bars as inline SVG, drawn on the server (no script, nothing fetched). The chart is an
 * image with a label; the same numbers are in a table next to it for screen readers and for copying.
 * Colours come from the stylesheet through class names (the CSP allows no inline styles).
 */
import { html, trusted, type Html } from './html.ts';

export interface BarSegment {
  /** Class suffix: the stylesheet colours `seg-<kind>`. */
  readonly kind: string;
  readonly label: string;
  readonly value: number;
  /** Where the segment leads: the list of the devices it counts. */
  readonly href?: string | undefined;
}

/**
 * Patterns laid over the colours, so that a segment is told apart without seeing colour (and in grey print):
 * stripes one way for "not implemented", the other way for "partly", dots for "don't know".
 */
const PATTERNS: Readonly<Record<string, string>> = {
  fails: '<path d="M0,6 L6,0"></path>',
  partly: '<path d="M0,0 L6,6"></path>',
  unknown: '<circle cx="3" cy="3" r="1.2"></circle>',
};

export interface BarRow {
  readonly label: string;
  /** The full text (an item title) shown as the row's tooltip. */
  readonly title: string;
  readonly segments: readonly BarSegment[];
}

const BAR_WIDTH = 600;
const TOTAL_WIDTH = 56;
const ROW_HEIGHT = 26;
const BAR_HEIGHT = 18;
/** Below this width a count does not fit inside its segment and is left to the tooltip and the table. */
const MIN_TEXT_WIDTH = 18;

const round = (n: number) => Math.round(n * 10) / 10;

/** `labelWidth`: room for the row labels (item number and short title). */
export function stackedBarChart(options: { readonly id: string; readonly label: string; readonly rows: readonly BarRow[]; readonly labelWidth?: number }): Html {
  const LABEL_WIDTH = options.labelWidth ?? 64;
  const width = LABEL_WIDTH + BAR_WIDTH + TOTAL_WIDTH;
  const patternId = (kind: string) => `${options.id}-p-${kind}`;
  const defs = Object.entries(PATTERNS).map(
    ([kind, shape]) => html`<pattern id="${patternId(kind)}" class="pattern" patternUnits="userSpaceOnUse" width="6" height="6">${trusted(shape)}</pattern>`,
  );
  const height = options.rows.length * ROW_HEIGHT + 4;
  const rows = options.rows.map((row, i) => {
    const y = i * ROW_HEIGHT + 2;
    const sum = row.segments.reduce((s, seg) => s + seg.value, 0);
    let x = LABEL_WIDTH;
    const segments = row.segments
      .filter((seg) => seg.value > 0)
      .map((seg) => {
        const w = (seg.value / sum) * BAR_WIDTH;
        const inner = html`<title>${row.label} ${seg.label}: ${seg.value}</title><rect x="${round(x)}" y="${y}" width="${round(w)}" height="${BAR_HEIGHT}"></rect>${
          PATTERNS[seg.kind] ? html`<rect class="overlay" x="${round(x)}" y="${y}" width="${round(w)}" height="${BAR_HEIGHT}" fill="url(#${patternId(seg.kind)})"></rect>` : ''
        }${w >= MIN_TEXT_WIDTH ? html`<text x="${round(x + w / 2)}" y="${y + BAR_HEIGHT / 2}" text-anchor="middle" dominant-baseline="central">${seg.value}</text>` : ''}`;
        const rect = seg.href ? html`<a class="seg seg-${seg.kind}" href="${seg.href}">${inner}</a>` : html`<g class="seg seg-${seg.kind}">${inner}</g>`;
        x += w;
        return rect;
      });
    return html`<g class="row"><title>${row.title}</title><text class="row-label" x="${LABEL_WIDTH - 8}" y="${y + BAR_HEIGHT / 2}" text-anchor="end" dominant-baseline="central">${row.label}</text>${
      sum === 0 ? html`<rect class="empty" x="${LABEL_WIDTH}" y="${y}" width="${BAR_WIDTH}" height="${BAR_HEIGHT}"></rect>` : segments
    }<text class="row-total" x="${LABEL_WIDTH + BAR_WIDTH + 8}" y="${y + BAR_HEIGHT / 2}" dominant-baseline="central">${sum}</text></g>`;
  });
  return html`<svg class="chart" id="${options.id}" role="img" aria-labelledby="${options.id}-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title id="${options.id}-title">${options.label}</title><defs>${defs}</defs>${rows}</svg>`;
}

/** The legend for a chart's segment kinds, as HTML (readable and selectable). */
export function chartLegend(segments: readonly Pick<BarSegment, 'kind' | 'label'>[]): Html {
  return html`<ul class="legend">${segments.map((s) => html`<li><span class="swatch seg-${s.kind}${PATTERNS[s.kind] ? ' patterned' : ''}" aria-hidden="true"></span>${s.label}</li>`)}</ul>`;
}
