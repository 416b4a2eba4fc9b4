// Figures: the trade chart, then the figure keys a page at a time with their headline values, how many sources give
// them, and conflicts.
import { ApiError, axes, enc, get } from "../api.js";
import { empty, h, section } from "../dom.js";
import { figureValue, formatPartialDate, humanize, period, plural } from "../format.js";
import { downloadButton } from "../forms.js";
import { drawTradeChart } from "./tradeChart.js";
import { checksSection } from "./figure.js";

const orNull = (e) => {
  if (e instanceof ApiError && e.status === 404) return null;
  throw e;
};

export function viewWidth(el) {
  const main = document.getElementById("main");
  return Math.min(1400, (main?.clientWidth || window.innerWidth) - 40);
}

export async function figuresView(el, ctx) {
  const q = axes(ctx.time);
  const search = ctx.params.get("search") ?? "";
  // Only the figures whose sources disagree: what an analyst has to reconcile.
  const conflict = ctx.params.get("conflict") === "true" ? true : null;
  // One metric's figures: the list starts at that metric's keys, so a page of them costs what its own figures cost.
  const metric = ctx.params.get("metric") || null;
  // One pair's figures (e.g. RU-VN): the list starts at each metric's keys of the pair.
  const parties = ctx.params.get("parties") || null;
  const filters = { search, conflict, metric, parties };
  const [list, series] = await Promise.all([get("/figures", { ...q, ...filters }), get("/figures/series")]);
  ctx.setPosition(list.ledgerPosition);
  const metrics = [...new Set(series.series.map((s) => s.metric))].sort();
  const partyPairs = [...new Set(series.series.map((s) => s.parties.join("-")))].sort();

  // Trade between which parties: those the ledger has turnover figures for (Russia–Vietnam first).
  const pairs = series.series.filter((s) => s.metric === "trade-turnover").map((s) => s.parties.join("-")).sort();
  const wanted = ctx.params.get("trade");
  const pair = pairs.includes(wanted) ? wanted : pairs.includes("RU-VN") ? "RU-VN" : pairs[0] ?? wanted ?? "RU-VN";
  // The chart keeps every period, so the ones in effect on validAt are shaded among the rest, not drawn alone.
  const seriesOf = (metric, query) => get(`/figures/${enc(`${metric}:${pair}`)}`, query).catch(orNull);
  const validAt = ctx.time.validAt;
  const chartAxes = axes(ctx.time, { validAt: false });
  const [turnover, change, turnoverThen, changeThen] = await Promise.all([
    seriesOf("trade-turnover", chartAxes),
    seriesOf("trade-turnover-change", chartAxes),
    validAt ? seriesOf("trade-turnover", q) : null,
    validAt ? seriesOf("trade-turnover-change", q) : null,
  ]);
  const inEffect = validAt
    ? { on: validAt, periods: new Set([turnoverThen, changeThen].flatMap((s) => s?.figures ?? []).map((f) => f.period)) }
    : null;

  el.append(h("h1", { tabindex: "-1" }, "Figures"));
  el.append(h("p", { class: "lede" },
    "Every figure the sources give. A figure is one metric between the same parties for one period; ",
    "its headline is the value of the most recently published source. ", h("a", { href: "#all-figures", onclick: (e) => { e.preventDefault(); document.getElementById("all-figures")?.scrollIntoView(); } }, "All figures ↓")));

  // The trade chart.
  const chart = h("div", { class: "trade-chart", id: "trade-chart" });
  const tradeSection = section(`Trade, ${pair.replace("-", "–")}`, { id: "trade" });
  const controls = h("div", { class: "trade-controls" });
  if (pairs.length > 1) {
    const select = h("select", { id: "trade-pair", onchange: (e) => ctx.navigate(ctx.link("/figures", { trade: e.target.value, ...filters })) },
      pairs.map((p) => h("option", { value: p, selected: p === pair }, p.replace("-", "–"))));
    controls.append(h("div", { class: "inline-field" }, h("label", { for: "trade-pair" }, "Trade between"), select));
  }
  controls.append(h("p", { class: "hint chart-hint" },
    "One series per source. Ranges are drawn as bars, “more than” (exceeded) as an arrow up; a ring marks sources that conflict. ",
    "Select a point to open its claim.",
    inEffect ? ` Shaded: the periods that cover ${formatPartialDate(inEffect.on)} (valid at).` : ""));
  tradeSection.append(controls);
  tradeSection.append(chart);
  el.append(tradeSection);
  const drawn = drawTradeChart(chart, { turnover, change, inEffect, link: ctx.link, width: () => viewWidth(el) });
  tradeSection.append(pointsTable([...drawn.tPoints, ...drawn.cPoints], ctx));
  // The chart's data for a spreadsheet: every period, as the chart draws them (validAt shades, it does not filter).
  tradeSection.append(h("div", { class: "downloads" },
    turnover ? downloadButton("Download the turnover claims as CSV", `/figures/${enc(turnover.seriesKey)}/claims.csv`, chartAxes) : null,
    change ? downloadButton("Download the growth-rate claims as CSV", `/figures/${enc(change.seriesKey)}/claims.csv`, chartAxes) : null));

  // The figure keys, a page at a time: a ledger of a million claims has tens of thousands of them.
  const figures = section("All figures", { id: "all-figures" });
  const filter = h("input", { type: "search", id: "figure-filter", name: "search", value: search, placeholder: "e.g. trade, students RU-VN 2021", autocomplete: "off" });
  const conflictBox = h("input", { type: "checkbox", id: "figure-conflict", name: "conflict", checked: conflict === true });
  const metricSelect = h("select", { id: "figure-metric", name: "metric" },
    h("option", { value: "" }, "Every metric"),
    metrics.map((m) => h("option", { value: m, selected: m === metric }, humanize(m))));
  const partiesSelect = h("select", { id: "figure-parties", name: "parties" },
    h("option", { value: "" }, "Any parties"),
    partyPairs.map((p) => h("option", { value: p, selected: p === parties }, p.replaceAll("-", "–"))));
  const form = h("form", { class: "inline-field", role: "search", onsubmit: (e) => {
    e.preventDefault();
    ctx.navigate(ctx.link("/figures", {
      metric: metricSelect.value || null, parties: partiesSelect.value || null, search: filter.value.trim(), conflict: conflictBox.checked ? "true" : null, trade: ctx.params.get("trade"),
    }));
  } },
    h("label", { for: "figure-metric" }, "Metric"), metricSelect,
    h("label", { for: "figure-parties" }, "Parties"), partiesSelect,
    h("label", { for: "figure-filter" }, "Filter figures (words of the key)"), filter,
    h("label", { class: "check" }, conflictBox, " only where sources disagree"), h("button", { type: "submit" }, "Filter"));
  const count = h("p", { class: "hint", id: "figure-count", "aria-live": "polite" });
  const chosen = `${metric ? ` of ${humanize(metric)}` : ""}${parties ? ` between ${parties.replaceAll("-", "–")}` : ""}`;
  const table = figureTable(list.figures, ctx);
  const checks = [...list.checks];
  let checksEl = checksSection(checks, ctx);
  const more = h("button", { type: "button", id: "more-figures" }, "Show more figures");
  let next = list.next;
  const shown = () => {
    count.textContent = `${plural(table.tBodies[0].rows.length, "figure")}${chosen}${search ? ` with “${search}”` : ""}${conflict ? " where sources disagree" : ""}${next ? ", more below" : ""}`;
    more.hidden = !next;
  };
  more.addEventListener("click", async () => {
    more.disabled = true;
    try {
      const page = await get("/figures", { ...q, ...filters, after: next });
      table.tBodies[0].append(...figureTable(page.figures, ctx).tBodies[0].rows);
      checks.push(...page.checks.filter((c) => !checks.some((k) => JSON.stringify(k) === JSON.stringify(c))));
      const updated = checksSection(checks, ctx);
      checksEl.replaceWith(updated);
      checksEl = updated;
      next = page.next;
      shown();
    } finally {
      more.disabled = false;
    }
  });
  shown();
  figures.append(form, count);
  figures.append(list.figures.length ? h("div", { class: "table-wrap" }, table) : empty(metric || parties || search || conflict
    ? `No figure${chosen}${search ? ` whose key has “${search}”` : ""}${conflict ? " on which sources disagree" : ""} is known under the chosen dates.`
    : "No figure is known under the chosen dates."));
  figures.append(more);
  // Every figure the filter picks, not only the pages shown: the list's filters and dates, for a spreadsheet.
  if (list.figures.length) figures.append(downloadButton("Download these figures as CSV", "/figures.csv", { ...q, ...filters }));
  el.append(figures);
  el.append(checksEl);
}

function pointsTable(points, ctx) {
  const rows = [...points].sort((a, b) => (a.figureKey < b.figureKey ? -1 : a.figureKey > b.figureKey ? 1 : 0));
  return h("details", { class: "chart-data" },
    h("summary", null, `The chart's ${plural(points.length, "point")} as a table`),
    h("div", { class: "table-wrap" }, h("table", null,
      h("thead", null, h("tr", null, ["Figure", "Period", "Value", "Source", "Published", "Claim"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", null, rows.map((p) => h("tr", { class: p.conflict ? "conflict-row" : null },
        h("td", null, humanize(p.figureKey.split(":")[0])),
        h("td", null, p.periodLabel),
        h("td", null, p.label, p.conflict ? h("span", { class: "badge badge-conflict" }, "conflict") : null),
        h("td", null, h("a", { href: ctx.link(`/sources/${p.sourceId}`) }, p.sourceTitle)),
        h("td", null, p.publishedOn),
        h("td", null, h("a", { href: ctx.link(`/claims/${p.claimId}`), "aria-label": `Claim: ${p.periodLabel}, ${p.label}, ${p.sourceTitle}` }, "open"))))))));
}

function figureTable(figures, ctx) {
  return h("table", { class: "figures-table", id: "figures-table" },
    h("caption", { class: "visually-hidden" }, "All figures: headline value, number of sources, conflicts"),
    h("thead", null, h("tr", null,
      h("th", { scope: "col" }, "Figure"),
      h("th", { scope: "col" }, "Parties"),
      h("th", { scope: "col" }, "Period"),
      h("th", { scope: "col" }, "Headline value"),
      h("th", { scope: "col", class: "num" }, "Sources"),
      h("th", { scope: "col" }, "Conflict"))),
    h("tbody", null, figures.map((f) => h("tr", {
      dataset: { figureKey: f.figureKey, search: `${f.figureKey} ${humanize(f.metric)} ${f.headline?.sourceTitle ?? ""}`.toLowerCase() },
    },
    h("th", { scope: "row" }, h("a", { href: ctx.link(`/figures/${f.figureKey}`) }, humanize(f.metric)),
      h("div", { class: "key" }, f.figureKey)),
    h("td", null, f.parties.join("–")),
    h("td", null, period(f.period).label),
    h("td", null, f.headline ? figureValue(f.headline) : "—",
      f.headline ? h("div", { class: "hint" }, f.headline.sourceTitle, ` (${f.headline.publishedOn})`) : null),
    h("td", { class: "num" }, String(f.sourceCount),
      f.independentSourceCount < f.sourceCount ? h("div", { class: "hint" }, `${f.independentSourceCount} independent`) : null),
    h("td", null, f.conflict ? h("span", { class: "badge badge-conflict" }, "⚠ conflict") : h("span", { class: "hint" }, "none"))))));
}
