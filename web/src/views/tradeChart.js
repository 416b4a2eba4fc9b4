// The trade chart: turnover by period, one series per source, and the growth rates in a panel of their own.
// Drawn with Observable Plot. Each point is a link to its claim (Tab reaches it; Enter opens it).
import * as Plot from "@observablehq/plot";
import { h } from "../dom.js";
import {
  comparePeriods, figureValue, formatPartialDate, inBillions, period, QUALIFIER_LABELS, SOURCE_COLOURS, num,
} from "../format.js";

const CONFLICT = "#c0262d";

/** The claims of a series answer as chart points. */
export function seriesPoints(series, { toY }) {
  const points = [];
  for (const figure of series?.figures ?? []) {
    const conflicting = new Set(figure.conflict.disagreements.flatMap((d) => [d.claimA, d.claimB]));
    for (const c of figure.claims) {
      points.push({
        ...c,
        figureKey: figure.figureKey,
        period: figure.period,
        periodLabel: period(figure.period).label,
        y: c.qualifier === "range" ? null : toY(c.value, c.scale),
        yLow: c.qualifier === "range" ? toY(c.low, c.scale) : null,
        yHigh: c.qualifier === "range" ? toY(c.high, c.scale) : null,
        conflict: conflicting.has(c.claimId),
        label: figureValue(c),
      });
    }
  }
  return points;
}

export const turnoverY = (v, scale) => inBillions(v, scale);
export const percentY = (v) => (v === null || v === undefined ? null : Number(v));

/** The sources of every point, oldest publication first, each with its colour. */
export function sourceColours(points) {
  const sources = new Map();
  for (const p of [...points].sort((a, b) => (a.knownFrom < b.knownFrom ? -1 : a.knownFrom > b.knownFrom ? 1 : 0))) {
    if (!sources.has(p.sourceId)) sources.set(p.sourceId, { id: p.sourceId, title: p.sourceTitle, publishedOn: p.publishedOn });
  }
  const list = [...sources.values()];
  list.forEach((s, i) => { s.colour = SOURCE_COLOURS[i % SOURCE_COLOURS.length]; });
  return list;
}

function ariaText(p, unitText) {
  return `${p.periodLabel}: ${p.label}${unitText ? "" : ""} — ${p.sourceTitle} (published ${p.publishedOn})${p.conflict ? " — in conflict with another source" : ""}. Open the claim.`;
}

/**
 * One panel: points of one metric against the shared period axis.
 * kind: "turnover" (USD billions, from zero) or "change" (percent, around zero).
 */
/** The periods of the chart in effect on validAt, space-separated (none without validAt). */
const shadedOf = (domain, inEffect) => (inEffect ? domain.filter((p) => inEffect.periods.has(p)).join(" ") : "");

function panel({ points, domain, sources, width, height, kind, link, yLabel, inEffect }) {
  const colourOf = new Map(sources.map((s) => [s.id, s.colour]));
  const n = Math.max(1, sources.length);
  const band = (width - 70) / Math.max(1, domain.length);
  const step = Math.min(24, band / (n + 1));

  const values = points.flatMap((p) => [p.y, p.yLow, p.yHigh]).filter((v) => v !== null && v !== undefined);
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  const span = Math.max(1, max - min);
  const arrow = span * 0.14;
  const yDomain = kind === "turnover"
    ? [0, max + arrow * 1.6 || 1]
    : [min - span * 0.2, max + span * 0.3];

  const href = (p) => link(`/claims/${p.claimId}`);
  const marks = [];
  // The periods in effect on validAt, as a band behind their column.
  const shaded = shadedOf(domain, inEffect).split(" ").filter(Boolean);
  if (shaded.length) {
    marks.push(Plot.ruleX(shaded, { x: (d) => d, stroke: "#ffe7a3", strokeWidth: Math.max(8, band * 0.8), ariaHidden: true }));
    marks.push(Plot.text(shaded.slice(0, 1), { x: (d) => d, frameAnchor: "top", dy: -18, textAnchor: "start", dx: -band * 0.4, text: () => `valid at ${formatPartialDate(inEffect.on)}`, fill: "#7a5b00", fontSize: 11 }));
  }
  marks.push(Plot.ruleY([0], { stroke: "#888" }));

  // Conflicts first (under the points): a dashed rule over the disagreeing values and a label.
  const conflictGroups = new Map();
  for (const p of points.filter((q) => q.conflict)) {
    const g = conflictGroups.get(p.figureKey) ?? { period: p.period, lo: Infinity, hi: -Infinity };
    for (const v of [p.y, p.yLow, p.yHigh]) if (v !== null && v !== undefined) { g.lo = Math.min(g.lo, v); g.hi = Math.max(g.hi, v); }
    conflictGroups.set(p.figureKey, g);
  }
  const conflicts = [...conflictGroups.values()];
  if (conflicts.length) {
    marks.push(Plot.ruleX(conflicts, { x: "period", y1: "lo", y2: "hi", stroke: CONFLICT, strokeWidth: 1.5, strokeDasharray: "4,3" }));
    marks.push(Plot.text(conflicts, { x: "period", y: "hi", text: () => "⚠ conflict", fill: CONFLICT, dy: -22, fontWeight: "bold", fontSize: 11 }));
  }

  // Sources that give the same period sit side by side (in publication order); a lone point sits on its tick.
  const slot = new Map();
  for (const per of domain) {
    const here = sources.filter((s) => points.some((p) => p.period === per && p.sourceId === s.id));
    here.forEach((s, i) => slot.set(`${per}|${s.id}`, { dx: (i - (here.length - 1) / 2) * step, left: here.length > 1 && i < (here.length - 1) / 2 }));
  }
  const groups = new Map();
  for (const p of points) {
    const at = slot.get(`${p.period}|${p.sourceId}`);
    const key = `${at.dx}|${at.left}`;
    if (!groups.has(key)) groups.set(key, { ...at, points: [] });
    groups.get(key).points.push(p);
  }
  const colour = (p) => colourOf.get(p.sourceId);

  for (const { dx, left, points: mine } of groups.values()) {
    const ranges = mine.filter((p) => p.qualifier === "range");
    const singles = mine.filter((p) => p.qualifier !== "range");
    const ups = singles.filter((p) => p.qualifier === "more-than");
    const downs = singles.filter((p) => p.qualifier === "at-most");
    if (ranges.length) {
      // A range: a whisker from low to high, capped at both ends.
      marks.push(Plot.link(ranges, {
        x1: "period", x2: "period", y1: "yLow", y2: "yHigh", dx, stroke: colour, strokeWidth: 3,
        markerStart: "tick-x", markerEnd: "tick-x", href, ariaLabel: (p) => ariaText(p), title: (p) => tip(p),
      }));
    }
    if (ups.length) {
      // "More than" / "exceeded": an arrow up from the value.
      marks.push(Plot.link(ups, { x1: "period", x2: "period", y1: "y", y2: (p) => p.y + arrow, dx, stroke: colour, strokeWidth: 2, markerEnd: "arrow" }));
    }
    if (downs.length) {
      marks.push(Plot.link(downs, { x1: "period", x2: "period", y1: "y", y2: (p) => p.y - arrow, dx, stroke: colour, strokeWidth: 2, markerEnd: "arrow" }));
    }
    if (singles.length) {
      marks.push(Plot.dot(singles.filter((p) => p.conflict), { x: "period", y: "y", dx, r: 10, stroke: CONFLICT, strokeWidth: 2, fill: "none" }));
      marks.push(Plot.dot(singles, {
        x: "period", y: "y", dx, r: 6,
        symbol: (p) => (p.qualifier === "nearly" ? "triangle" : p.qualifier === "about" ? "diamond" : "circle"),
        rotate: (p) => (p.qualifier === "nearly" ? 180 : 0),
        fill: (p) => (p.qualifier === "about" ? "white" : colour(p)),
        stroke: colour, strokeWidth: 2, href, ariaLabel: (p) => ariaText(p), title: (p) => tip(p),
      }));
    }
    // Labels point away from the middle, so two sources at one period do not write over each other.
    marks.push(Plot.text(mine, {
      x: "period", y: (p) => p.y ?? p.yHigh, dx: left ? dx - 11 : dx + 11, text: (p) => short(p, kind), textAnchor: left ? "end" : "start",
      fontSize: 10, fill: "#333", stroke: "white", strokeWidth: 3, paintOrder: "stroke",
    }));
  }

  return Plot.plot({
    ariaLabel: kind === "turnover" ? "Trade turnover by period, USD billions, one series per source" : "Growth rate of trade turnover by period, percent",
    ariaDescription: `${points.length} points; each is a link to its claim.`,
    width, height,
    marginLeft: 56, marginRight: 20, marginTop: 28, marginBottom: 36,
    style: { fontSize: "12px", overflow: "visible" },
    x: { type: "point", domain, padding: 0.6, label: "Period", tickFormat: (d) => period(d).label },
    y: { domain: yDomain, grid: true, label: yLabel, tickFormat: kind === "change" ? (d) => `${num(d)}%` : undefined },
    marks,
  });
}

function short(p, kind) {
  const v = p.qualifier === "range" ? `${num(p.yLow)}–${num(p.yHigh)}` : num(p.y);
  const q = { "more-than": ">", "at-most": "≤", about: "~", nearly: "<" }[p.qualifier] ?? "";
  return kind === "change" ? `${q}${v}%` : `${q}${v}`;
}

function tip(p) {
  return `${p.periodLabel} · ${p.label}\n${p.sourceTitle} (published ${p.publishedOn})\n“${p.quote}”${p.conflict ? "\n⚠ in conflict with another source" : ""}\nClick to open the claim.`;
}

/** Plot writes xlink:href; the dashboard's links also carry href, the claim id and the point's label. */
function linkify(svg) {
  for (const a of svg.querySelectorAll("a")) {
    const target = a.getAttributeNS("http://www.w3.org/1999/xlink", "href") ?? a.getAttribute("href");
    if (!target) continue;
    a.setAttribute("href", target);
    const m = /\/claims\/([0-9a-f-]{36})/.exec(target);
    if (m) a.dataset.claimId = m[1];
    const label = a.firstElementChild?.getAttribute("aria-label");
    if (label) a.setAttribute("aria-label", label);
    a.classList.add("chart-point");
  }
  return svg;
}

/** A glyph for the legend, drawn as the chart draws it. */
function glyph(kind) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("width", "22");
  svg.setAttribute("height", "22");
  svg.setAttribute("viewBox", "-11 -11 22 22");
  svg.setAttribute("aria-hidden", "true");
  const paths = {
    exact: '<circle r="5" fill="#555" stroke="#555" stroke-width="2"/>',
    about: '<path d="M0,-6L6,0L0,6L-6,0Z" fill="white" stroke="#555" stroke-width="2"/>',
    nearly: '<path d="M-5,-3L5,-3L0,5Z" fill="#555" stroke="#555" stroke-width="2"/>',
    "more-than": '<circle cy="5" r="3.5" fill="#555"/><path d="M0,5V-8M-3.5,-4.5L0,-8L3.5,-4.5" stroke="#555" stroke-width="2" fill="none"/>',
    "at-most": '<circle cy="-5" r="3.5" fill="#555"/><path d="M0,-5V8M-3.5,4.5L0,8L3.5,4.5" stroke="#555" stroke-width="2" fill="none"/>',
    range: '<path d="M0,-8V8M-4,-8H4M-4,8H4" stroke="#555" stroke-width="2.5" fill="none"/>',
    conflict: `<circle r="8" fill="none" stroke="${CONFLICT}" stroke-width="2"/><circle r="4" fill="#555"/>`,
  };
  svg.innerHTML = paths[kind];
  return svg;
}

export function qualifierLegend() {
  const items = ["exact", "about", "nearly", "more-than", "at-most", "range"].map((q) =>
    h("li", null, glyph(q), QUALIFIER_LABELS[q]));
  items.push(h("li", null, glyph("conflict"), "sources conflict"));
  return h("ul", { class: "legend qualifier-legend", "aria-label": "How values are drawn" }, items);
}

export function sourceLegend(sources, link) {
  return h("ul", { class: "legend source-legend", "aria-label": "Sources (one series each)" },
    sources.map((s) => h("li", null,
      h("span", { class: "swatch", style: `background:${s.colour}`, "aria-hidden": "true" }),
      h("a", { href: link(`/sources/${s.id}`) }, s.title), h("span", { class: "hint" }, ` (${s.publishedOn})`))));
}

/**
 * Draws both panels into el (and again on "redraw"). turnover and change are series answers (or null).
 */
export function drawTradeChart(el, { turnover, change, inEffect = null, link, width }) {
  const tPoints = seriesPoints(turnover, { toY: turnoverY });
  const cPoints = seriesPoints(change, { toY: percentY });
  const sources = sourceColours([...tPoints, ...cPoints]);
  const domain = [...new Set([...tPoints, ...cPoints].map((p) => p.period))].sort(comparePeriods);

  const draw = () => {
    const full = Math.max(320, width());
    const twoUp = full >= 1100;
    const w = twoUp ? Math.floor((full - 32) / 2) : full;
    const turnoverPanel = h("div", { class: "chart-panel" },
      h("h3", { id: "turnover-panel-title" }, "Trade turnover (USD billions)"),
      tPoints.length
        ? h("figure", { class: "chart", id: "turnover-panel", "aria-labelledby": "turnover-panel-title", dataset: { points: String(tPoints.length), inEffect: shadedOf(domain, inEffect) } },
          linkify(panel({ points: tPoints, domain, sources, width: w, height: twoUp ? 300 : 280, kind: "turnover", link, yLabel: "↑ USD billions", inEffect })))
        : h("p", { class: "empty" }, "No turnover figure is known under the chosen dates."));
    const changePanel = h("div", { class: "chart-panel" },
      h("h3", { id: "change-panel-title" }, "Growth rate of turnover (% change against the base period)"),
      cPoints.length
        ? h("figure", { class: "chart", id: "change-panel", "aria-labelledby": "change-panel-title", dataset: { points: String(cPoints.length), inEffect: shadedOf(domain, inEffect) } },
          linkify(panel({ points: cPoints, domain, sources, width: w, height: twoUp ? 300 : 220, kind: "change", link, yLabel: "↑ % change", inEffect })))
        : h("p", { class: "empty" }, "No growth rate is known under the chosen dates."));
    el.replaceChildren(h("div", { class: `chart-panels${twoUp ? " two-up" : ""}` }, turnoverPanel, changePanel),
      h("div", { class: "legends" }, sourceLegend(sources, link), qualifierLegend()));
  };
  el.dataset.redraw = "";
  el.addEventListener("redraw", draw);
  draw();
  return { tPoints, cPoints, sources };
}
