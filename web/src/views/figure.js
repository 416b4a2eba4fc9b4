// One figure: the headline, every source's value, why sources conflict, how the headline moved (vintages), and the
// derived-value checks it takes part in.
import * as Plot from "@observablehq/plot";
import { axes, enc, get } from "../api.js";
import { downloadButton } from "../forms.js";
import { empty, h, section } from "../dom.js";
import { figureValue, formatPartialDate, humanize, period, plural } from "../format.js";
import { rankBadge } from "./claim.js";

export async function figureView(el, ctx, figureKey) {
  const allRanks = ctx.params.get("rank") === "all";
  const rank = allRanks ? { rank: "all" } : {};
  const answer = await get(`/figures/${enc(figureKey)}`, { ...axes(ctx.time), ...rank, view: figureKey.split(":").length === 3 ? "vintages" : undefined });
  ctx.setPosition(answer.ledgerPosition);
  if (answer.seriesKey) return seriesView(el, ctx, answer);

  const f = answer.figure;
  el.append(h("p", { class: "breadcrumb" }, h("a", { href: ctx.link("/figures") }, "Figures"), " / ", f.figureKey));
  el.append(h("h1", { tabindex: "-1" }, `${humanize(f.metric)}, ${f.parties.join("–")}, ${period(f.period).label}`));
  el.append(h("dl", { class: "facts" },
    h("dt", null, "Figure"), h("dd", null, h("code", null, f.figureKey)),
    h("dt", null, "Headline value"), h("dd", { id: "figure-headline" }, f.headline ? figureValue(f.headline) : "none under the chosen dates"),
    h("dt", null, "Sources"), h("dd", { id: "figure-source-count" }, String(f.sourceCount),
      f.independentSourceCount < f.sourceCount
        ? h("span", { class: "hint", id: "figure-independent" }, ` (${f.independentSourceCount} independent: the others are syndicated copies)`)
        : null),
    h("dt", null, "Conflict"), h("dd", { id: "figure-conflict" }, f.conflict.flagged
      ? h("span", { class: "badge badge-conflict" }, "⚠ the sources conflict")
      : "none")));

  // Under validAt a figure whose period does not cover the date has no claim in effect: say so, rather than look empty.
  const validAt = ctx.time.validAt;
  if (validAt && f.sourceCount === 0) {
    const without = { ...ctx.time, validAt: null };
    const whole = (await get(`/figures/${enc(figureKey)}`, { ...axes(without), ...rank })).figure;
    if (whole.sourceCount > 0) {
      el.append(h("p", { class: "notice", id: "figure-not-in-effect" },
        `Its period, ${period(f.period).label}, does not cover ${formatPartialDate(validAt)} (valid at), so none of its `,
        `${plural(whole.sourceCount, "source")} gives a value in effect then. `,
        h("a", { href: ctx.link(`/figures/${f.figureKey}`, {}, without) }, "Show it without the valid-at date")));
    }
  }

  if (f.conflict.flagged) {
    el.append(section("Why the sources conflict", { id: "conflicts" },
      h("ul", null, f.conflict.disagreements.map((d) => h("li", null, d.why))),
      h("p", { class: "hint" }, "The rule: ", answer.conflictRule)));
  }

  const claims = section("Claims", { id: "figure-claims" });
  claims.append(h("p", { class: "hint" },
    "The headline takes the best rank (preferred, then normal), then the newest source. ",
    h("a", { id: "rank-toggle", href: ctx.link(`/figures/${f.figureKey}`, allRanks ? {} : { rank: "all" }) },
      allRanks ? "Hide deprecated claims" : "Show deprecated claims too")));
  claims.append(csvDownload(f.figureKey, ctx, rank));
  claims.append(f.claims.length
    ? h("div", { class: "table-wrap" }, h("table", { id: "figure-claims-table" },
      h("thead", null, h("tr", null, ["Value", "Rank", "Source", "Published", "Known from", "Quote", "Claim"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", null, f.claims.map((c) => h("tr", { dataset: { claimId: c.claimId, rank: c.rank }, class: f.conflict.sources.includes(c.sourceId) ? "conflict-row" : null },
        h("td", null, figureValue(c), f.headline?.claimId === c.claimId ? h("span", { class: "badge" }, "headline") : null),
        h("td", null, rankBadge(c.rank)),
        h("td", null, h("a", { href: ctx.link(`/sources/${c.sourceId}`) }, c.sourceTitle), c.outlet ? h("div", { class: "hint" }, c.outlet) : null),
        h("td", null, formatPartialDate(c.publishedOn)),
        h("td", null, c.knownFrom),
        h("td", null, h("q", null, c.quote)),
        h("td", null, h("a", { href: ctx.link(`/claims/${c.claimId}`) }, `version ${c.version}`)))))))
    : empty("No claim supports this figure under the chosen dates (it may have been retracted, or published later)."));
  el.append(claims);
  el.append(vintagesSection(answer.vintages ?? [], ctx, el));
  el.append(checksSection(answer.checks, ctx));
}

/** The claims behind a figure or series as CSV, under the dates and ranks shown: what is on the page, for a spreadsheet. */
const csvDownload = (key, ctx, rank) =>
  downloadButton("Download the claims as CSV", `/figures/${enc(key)}/claims.csv`, { ...axes(ctx.time), ...rank });

/** Every value with its publication interval and the days it was the headline, as a step chart and a table. */
function vintagesSection(vintages, ctx, el) {
  const sec = section("Vintages: how the known value moved", { id: "vintages" });
  if (!vintages.length) {
    sec.append(empty("No value under the chosen dates."));
    return sec;
  }
  const today = new Date().toISOString().slice(0, 10);
  const headed = vintages.filter((v) => v.headlineFrom);
  if (headed.length) {
    const chart = h("div", { class: "chart", id: "vintages-chart" });
    const draw = () => {
      chart.replaceChildren(Plot.plot({
        width: Math.min(720, Math.max(320, (el.clientWidth || 720) - 20)),
        height: 180,
        marginLeft: 60,
        x: { type: "utc", label: "headline from (publication date)" },
        y: { label: `${vintages[0].claim.unit === "usd" ? `${vintages[0].claim.scale} USD` : vintages[0].claim.unit}` },
        marks: [
          Plot.ruleY([0], { stroke: "#ccc" }),
          Plot.link(headed, {
            x1: (v) => new Date(v.headlineFrom), x2: (v) => new Date(v.headlineUntil ?? today),
            y1: (v) => v.claim.value ?? v.claim.low, y2: (v) => v.claim.value ?? v.claim.low, stroke: "#17406f", strokeWidth: 3,
          }),
          Plot.dot(vintages, {
            x: (v) => new Date(v.publishedTo), y: (v) => v.claim.value ?? v.claim.low,
            fill: (v) => (v.headlineFrom ? "#17406f" : "#fff"), stroke: "#17406f", r: 4,
            title: (v) => `${figureValue(v.claim)} — ${v.claim.sourceTitle} (${v.claim.publishedOn})`,
          }),
        ],
      }));
    };
    chart.dataset.redraw = "";
    chart.addEventListener("redraw", draw);
    draw();
    sec.append(chart);
  }
  sec.append(h("div", { class: "table-wrap" }, h("table", { id: "vintages-table" },
    h("thead", null, h("tr", null, ["Value", "Source", "Published (interval)", "Headline from", "until", "Note"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", null, vintages.map((v) => h("tr", { dataset: { claimId: v.claim.claimId } },
      h("td", null, figureValue(v.claim), " ", rankBadge(v.claim.rank)),
      h("td", null, h("a", { href: ctx.link(`/claims/${v.claim.claimId}`) }, v.claim.sourceTitle)),
      h("td", null, v.publishedFrom === v.publishedTo ? v.publishedFrom : `${v.publishedFrom} – ${v.publishedTo}`),
      h("td", null, v.headlineFrom ?? "—"),
      h("td", null, v.headlineFrom ? (v.headlineUntil ?? "now") : "—"),
      h("td", { class: "hint" }, v.note)))))));
  return sec;
}

const OUTCOME_LABEL = { consistent: "✓ consistent", inconsistent: "✗ inconsistent", "not-checkable": "not checkable" };

function bounds(v) {
  if (!v) return "—";
  return `${v.said} (${v.low ?? "−∞"} to ${v.high ?? "∞"})`;
}

/** The derived-value checks: level × (1 + change) against the next level, each with its outcome and why. */
export function checksSection(checks, ctx) {
  const sec = section("Derived-value checks", { id: "derived-checks" });
  if (!checks.length) {
    sec.append(empty("No level and growth rate relate this figure to another."));
    return sec;
  }
  sec.append(h("p", { class: "hint" }, "A level, a growth rate to the next period and the next level must fit together. ", checks[0].tolerance));
  sec.append(h("div", { class: "table-wrap" }, h("table", { id: "checks-table" },
    h("thead", null, h("tr", null, ["Outcome", "Base level", "Change", "Implied", "Stated", "Why"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", null, checks.map((c) => h("tr", { dataset: { outcome: c.outcome, changeFigureKey: c.changeFigureKey }, class: c.outcome === "inconsistent" ? "conflict-row" : null },
      h("td", null, h("span", { class: `badge check-${c.outcome}` }, OUTCOME_LABEL[c.outcome] ?? c.outcome)),
      h("td", null, h("a", { href: ctx.link(`/figures/${c.baseFigureKey}`) }, period(c.baseFigureKey.split(":")[2]).label), ": ", bounds(c.base)),
      h("td", null, h("a", { href: ctx.link(`/figures/${c.changeFigureKey}`) }, c.change.said), h("div", { class: "hint" }, c.change.sourceTitle)),
      h("td", null, c.implied ? `${c.implied.value ?? ""} (${c.implied.low ?? "−∞"} to ${c.implied.high ?? "∞"}) ${c.implied.scale}` : "—"),
      h("td", null, h("a", { href: ctx.link(`/figures/${c.nextFigureKey}`) }, period(c.nextFigureKey.split(":")[2]).label), ": ", bounds(c.next)),
      h("td", { class: "hint" }, c.explanation)))))));
  return sec;
}

/** A key without its period: the series, one figure per period, and the checks between its periods. */
function seriesView(el, ctx, answer) {
  el.append(h("p", { class: "breadcrumb" }, h("a", { href: ctx.link("/figures") }, "Figures"), " / ", answer.seriesKey));
  el.append(h("h1", { tabindex: "-1" }, `Series ${answer.seriesKey}`));
  el.append(h("p", null, "Latest: ", answer.headline ? figureValue(answer.headline) : "none",
    answer.headlineFigureKey ? ` (${period(answer.headlineFigureKey.split(":")[2]).label})` : ""));
  el.append(h("ul", null, answer.figures.map((f) => h("li", null,
    h("a", { href: ctx.link(`/figures/${f.figureKey}`) }, period(f.period).label), ": ",
    f.headline ? figureValue(f.headline) : "—", ` (${plural(f.sourceCount, "source")})`,
    f.conflict.flagged ? h("span", { class: "badge badge-conflict" }, "⚠ conflict") : null))));
  el.append(csvDownload(answer.seriesKey, ctx, {}));
  el.append(checksSection(answer.checks, ctx));
}
