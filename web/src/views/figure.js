// One figure: the headline, every source's value, and why sources conflict.
import { axes, enc, get } from "../api.js";
import { empty, h, section } from "../dom.js";
import { figureValue, formatPartialDate, humanize, period } from "../format.js";

export async function figureView(el, ctx, figureKey) {
  const answer = await get(`/figures/${enc(figureKey)}`, axes(ctx.time));
  ctx.setPosition(answer.ledgerPosition);
  if (answer.seriesKey) return seriesView(el, ctx, answer);

  const f = answer.figure;
  el.append(h("p", { class: "breadcrumb" }, h("a", { href: ctx.link("/figures") }, "Figures"), " / ", f.figureKey));
  el.append(h("h1", { tabindex: "-1" }, `${humanize(f.metric)}, ${f.parties.join("–")}, ${period(f.period).label}`));
  el.append(h("dl", { class: "facts" },
    h("dt", null, "Figure"), h("dd", null, h("code", null, f.figureKey)),
    h("dt", null, "Headline value"), h("dd", { id: "figure-headline" }, f.headline ? figureValue(f.headline) : "none under the chosen dates"),
    h("dt", null, "Sources"), h("dd", { id: "figure-source-count" }, String(f.sourceCount)),
    h("dt", null, "Conflict"), h("dd", { id: "figure-conflict" }, f.conflict.flagged
      ? h("span", { class: "badge badge-conflict" }, "⚠ the sources conflict")
      : "none")));

  if (f.conflict.flagged) {
    el.append(section("Why the sources conflict", { id: "conflicts" },
      h("ul", null, f.conflict.disagreements.map((d) => h("li", null, d.why))),
      h("p", { class: "hint" }, "The rule: ", answer.conflictRule)));
  }

  const claims = section("Claims", { id: "figure-claims" });
  claims.append(f.claims.length
    ? h("div", { class: "table-wrap" }, h("table", { id: "figure-claims-table" },
      h("thead", null, h("tr", null, ["Value", "Source", "Published", "Known from", "Quote", "Claim"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", null, f.claims.map((c) => h("tr", { dataset: { claimId: c.claimId }, class: f.conflict.sources.includes(c.sourceId) ? "conflict-row" : null },
        h("td", null, figureValue(c), f.headline?.claimId === c.claimId ? h("span", { class: "badge" }, "headline") : null),
        h("td", null, h("a", { href: ctx.link(`/sources/${c.sourceId}`) }, c.sourceTitle), c.outlet ? h("div", { class: "hint" }, c.outlet) : null),
        h("td", null, formatPartialDate(c.publishedOn)),
        h("td", null, c.knownFrom),
        h("td", null, h("q", null, c.quote)),
        h("td", null, h("a", { href: ctx.link(`/claims/${c.claimId}`) }, `version ${c.version}`)))))))
    : empty("No claim supports this figure under the chosen dates (it may have been retracted, or published later)."));
  el.append(claims);
}

/** A key without its period: the series, one figure per period. */
function seriesView(el, ctx, answer) {
  el.append(h("p", { class: "breadcrumb" }, h("a", { href: ctx.link("/figures") }, "Figures"), " / ", answer.seriesKey));
  el.append(h("h1", { tabindex: "-1" }, `Series ${answer.seriesKey}`));
  el.append(h("p", null, "Latest: ", answer.headline ? figureValue(answer.headline) : "none",
    answer.headlineFigureKey ? ` (${period(answer.headlineFigureKey.split(":")[2]).label})` : ""));
  el.append(h("ul", null, answer.figures.map((f) => h("li", null,
    h("a", { href: ctx.link(`/figures/${f.figureKey}`) }, period(f.period).label), ": ",
    f.headline ? figureValue(f.headline) : "—", ` (${f.sourceCount} source${f.sourceCount === 1 ? "" : "s"})`,
    f.conflict.flagged ? h("span", { class: "badge badge-conflict" }, "⚠ conflict") : null))));
}
