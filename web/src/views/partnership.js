// The partnership: a timeline from 1950 to today, the status in effect in each period, and the sources behind each step.
import * as Plot from "@observablehq/plot";
import { axes, enc, get } from "../api.js";
import { empty, h, section } from "../dom.js";
import { formatPartialDate, humanize, LEVEL_COLOURS, PARTNERSHIP_LEVELS } from "../format.js";
import { viewWidth } from "./figures.js";

const DAY = 86400000;
const SOURCES_PER_STEP = 25;
const isoDay = (d) => d.toISOString().slice(0, 10);
const utc = (iso) => new Date(`${iso}T00:00:00Z`);

export async function partnershipView(el, ctx) {
  const asked = ctx.params.get("pair")?.toUpperCase();
  const listed = get("/partnerships", { pageSize: 500 });
  // Without a pair, the ledger's own subject (RU-VN) when it has it, else the first pair it has.
  const pair = asked ?? ((await listed).partnerships.find((p) => p.pair === "RU-VN") ?? (await listed).partnerships[0])?.pair ?? "RU-VN";
  // A long archive restates a step in thousands of articles: the earliest sources of each step, unless all are asked for.
  const everySource = ctx.params.get("sources") === "all";
  const view = await get(`/partnerships/${enc(pair)}`, { ...axes(ctx.time), sourcesPerStep: everySource ? null : SOURCES_PER_STEP });
  ctx.setPosition(view.ledgerPosition);
  const names = view.pair.replace("-", "–");

  el.append(h("h1", { tabindex: "-1" }, `Partnership, ${names}`));
  const pairs = (await listed).partnerships;
  if (pairs.length > 1) {
    el.append(h("nav", { class: "pair-list", "aria-label": "Pairs the ledger has" }, h("span", { class: "hint" }, "Pairs:"), h("ul", null, pairs.map((p) => h("li", null,
      h("a", { href: ctx.link("/partnership", { pair: p.pair }), "aria-current": p.pair === view.pair ? "page" : null }, p.pair.replace("-", "–")))))));
  }
  el.append(h("p", { class: "lede" },
    "The level of relations the sources report, step by step. A step dated only to a year or a month is taken to be in effect ",
    "from its first day; where sources differ in precision, the most precise date is used."));
  el.append(h("p", { class: "status-now", id: "partnership-in-effect" },
    `In effect on ${formatPartialDate(view.statusOn)}: `,
    view.inEffect ? h("strong", null, humanize(view.inEffect.level)) : h("strong", null, "no step recorded"),
    view.inEffect ? ` (since ${formatPartialDate(view.inEffect.effectiveOn)})` : null));

  const start = utc("1950-01-01");
  const today = utc(new Date().toISOString().slice(0, 10));
  const steps = view.timeline;
  const periods = [];
  if (!steps.length || utc(steps[0].effectiveFrom) > start) {
    periods.push({ level: null, from: start, to: steps.length ? utc(steps[0].effectiveFrom) : today });
  }
  steps.forEach((s, i) => {
    const from = utc(s.effectiveFrom);
    const to = i + 1 < steps.length ? utc(steps[i + 1].effectiveFrom) : today;
    periods.push({ level: s.level, from: from < start ? start : from, to, step: s, index: i });
  });

  const chart = h("div", { class: "chart", id: "partnership-chart" });
  const draw = () => {
    const width = Math.max(320, viewWidth(el));
    const inner = width - 30;
    const total = today - start;
    // A level's name inside its bar, wrapped to the bar's width (up to three lines); none when the bar is too short.
    const pixels = (p) => ((p.to - p.from) / total) * inner;
    const barLabel = (p) => {
      const max = Math.floor((pixels(p) - 8) / 6.4);
      const lines = [];
      for (const word of humanize(p.level).split(" ")) {
        if (word.length > max) return null;
        if (lines.length && `${lines.at(-1)} ${word}`.length <= max) lines[lines.length - 1] += ` ${word}`;
        else lines.push(word);
      }
      return lines.length <= 3 ? lines.join("\n") : null;
    };
    const fits = (p) => p.level && barLabel(p) !== null;
    const plot = Plot.plot({
      ariaLabel: `Timeline of the level of relations, ${names}, 1950 to today`,
      ariaDescription: periods.map((p) => `${p.level ? humanize(p.level) : "no relations recorded"} from ${isoDay(p.from)}`).join("; "),
      width, height: 110, marginLeft: 22, marginRight: 20, marginTop: 6, marginBottom: 26,
      style: { fontSize: "12px" },
      x: { type: "utc", domain: [start, today], label: null, ticks: width < 600 ? 6 : 12 },
      y: { axis: null, domain: [0.3, 2] },
      marks: [
        Plot.rect(periods, {
          x1: "from", x2: "to", y1: 1, y2: 2, fill: (p) => (p.level ? LEVEL_COLOURS[p.level] : "#eee"), stroke: "white",
          title: (p) => `${p.level ? humanize(p.level) : "no relations recorded"}: ${isoDay(p.from)} – ${p.to >= today ? "today" : isoDay(new Date(p.to - DAY))}`,
        }),
        Plot.text(periods.filter(fits), {
          x: (p) => new Date((+p.from + +p.to) / 2), y: 1.5, text: barLabel, lineHeight: 1.1,
          fill: (p) => (["strategic-partnership", "comprehensive-strategic-partnership"].includes(p.level) ? "white" : "#111"), fontSize: 11,
        }),
        Plot.ruleX(steps, { x: (s) => utc(s.effectiveFrom), y1: 0.55, y2: 2, stroke: "#333" }),
        Plot.dot(steps, {
          x: (s) => utc(s.effectiveFrom), y: 0.55, r: 4.5, fill: "#333",
          title: (s) => `${humanize(s.level)} from ${s.effectiveOn}: ${s.sourceCount} source(s)`,
        }),
        // The day the status is asked about, when it is not today (valid at).
        ctx.time.validAt ? Plot.ruleX([utc(view.statusOn)], { y1: 0.3, y2: 2, stroke: "#7a5b00", strokeWidth: 2, strokeDasharray: "4,2" }) : null,
      ],
    });
    chart.replaceChildren(plot);
  };
  chart.dataset.redraw = "";
  chart.addEventListener("redraw", draw);
  draw();

  el.append(section("Timeline, 1950 to today", { id: "timeline" },
    chart,
    h("ul", { class: "legend", "aria-label": "Levels of relations" },
      [null, ...PARTNERSHIP_LEVELS].map((l) => h("li", null,
        h("span", { class: "swatch", style: `background:${l ? LEVEL_COLOURS[l] : "#eee"}`, "aria-hidden": "true" }),
        l ? humanize(l) : "no relations recorded"))),
    periodTable(periods, today, view)));

  const list = section("Steps and their sources", { id: "steps" });
  list.append(steps.length ? h("ol", { class: "steps" }, steps.map((s, i) => h("li", { dataset: { level: s.level } },
    h("h3", null, h("span", { class: "swatch", style: `background:${LEVEL_COLOURS[s.level] ?? "#ccc"}`, "aria-hidden": "true" }),
      humanize(s.level), h("span", { class: "hint" }, ` from ${formatPartialDate(s.effectiveOn)}`),
      view.inEffect?.level === s.level ? h("span", { class: "badge" }, "in effect") : null),
    h("ul", { class: "step-sources" }, s.sources.map((src) => h("li", null,
      h("q", null, src.quote), " — ",
      h("a", { href: ctx.link(`/sources/${src.sourceId}`) }, src.sourceTitle),
      h("span", { class: "hint" }, ` (published ${src.publishedOn}; dates it ${src.effectiveOn}) `),
      h("a", { href: ctx.link(`/claims/${src.claimId}`), "aria-label": `Claim: ${humanize(s.level)} from ${src.effectiveOn}, ${src.sourceTitle}` }, "claim")))),
    s.sourceCount > s.sources.length
      ? h("p", { class: "hint more-sources" }, `The earliest ${s.sources.length} of ${s.sourceCount} sources. `,
        h("a", { href: ctx.link("/partnership", { pair: view.pair, sources: "all" }) }, "Show every source"))
      : null))) 
    : empty("No step is known under the chosen dates."));
  el.append(list);
}

function periodTable(periods, today, view) {
  const nextOn = (p) => {
    const i = periods.indexOf(p);
    return periods[i + 1]?.step?.effectiveOn ?? isoDay(p.to);
  };
  return h("div", { class: "table-wrap" }, h("table", { id: "partnership-periods" },
    h("caption", null, "The status in effect in each period"),
    h("thead", null, h("tr", null, ["From", "Until (the next step)", "Status in effect", "Sources"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", null, periods.map((p) => h("tr", null,
      h("td", null, p.step ? formatPartialDate(p.step.effectiveOn) : formatPartialDate(isoDay(p.from))),
      h("td", null, p.to >= today ? "today" : formatPartialDate(nextOn(p))),
      h("td", null, p.level ? humanize(p.level) : "no relations recorded"),
      h("td", { class: "num" }, p.step ? String(p.step.sourceCount) : "—"))))));
}
