// Changes: what the ledger recorded each day (UTC), and the sources written to most that day, from the activity feed.
import { get } from "../api.js";
import { empty, h, section } from "../dom.js";
import { formatPartialDate, num, plural } from "../format.js";

/** Sources listed a day: the feed counts them all, and names the most written to. */
const SOURCES_PER_DAY = 10;

const COUNTS = [
  ["claimsRecorded", "Claims recorded"],
  ["claimsCorrected", "Corrected"],
  ["claimsRetracted", "Retracted"],
  ["sourceCorrections", "Source corrections"],
];

export async function changesView(el, ctx) {
  const since = ctx.params.get("since") ?? "";
  const feed = await get("/changes", { since, sourcesPerDay: SOURCES_PER_DAY });
  ctx.setPosition(feed.ledgerPosition);
  el.append(h("h1", { tabindex: "-1" }, "Changes"));
  el.append(h("p", { class: "lede" },
    "What the ledger recorded each day (UTC): claims recorded, corrected and retracted, corrections to sources, and the sources ",
    "written to most. The time-travel dates do not apply here: this is the ledger's own record of its work."));
  const behind = feed.ledgerPosition - feed.position;
  if (behind > 0) {
    el.append(h("p", { class: "notice", id: "changes-behind" },
      `This view is built in the background and has not yet read the ledger's last ${behind} ${behind === 1 ? "event" : "events"}; reload in a moment.`));
  }

  const input = h("input", { type: "date", id: "changes-since", name: "since", value: since });
  el.append(h("form", { class: "inline-field", onsubmit: (e) => { e.preventDefault(); ctx.navigate(ctx.link("/changes", { since: input.value })); } },
    h("label", { for: "changes-since" }, "Days from"), input, h("button", { type: "submit" }, "Show"),
    since ? h("a", { href: ctx.link("/changes") }, "Every day") : null));

  const body = section(since ? `Days from ${formatPartialDate(since)}` : "Every day", { id: "change-days" });
  body.append(feed.days.length
    ? h("div", { class: "table-wrap" }, h("table", { id: "changes-table" },
      h("thead", null, h("tr", null, h("th", { scope: "col" }, "Day"), COUNTS.map(([, label]) => h("th", { scope: "col", class: "num" }, label)),
        h("th", { scope: "col" }, "Sources written to"))),
      h("tbody", null, feed.days.map((d) => h("tr", { dataset: { day: d.day } },
        h("th", { scope: "row" }, formatPartialDate(d.day)),
        COUNTS.map(([key]) => h("td", { class: "num" }, num(d[key]))),
        h("td", null, daySources(d, ctx)))))))
    : empty(since ? `Nothing was written from ${formatPartialDate(since)} on.` : "Nothing has been written yet."));
  el.append(body);
}

function daySources(day, ctx) {
  const summary = day.sourceCount > day.sources.length
    ? `${plural(day.sourceCount, "source")}; the ${day.sources.length} written to most`
    : `${num(day.sourceCount)} ${day.sourceCount === 1 ? "source" : "sources"}`;
  return h("details", null, h("summary", null, summary),
    h("ul", { class: "day-sources" }, day.sources.map((s) => h("li", null,
      h("a", { href: ctx.link(`/sources/${s.sourceId}`) }, s.title),
      h("span", { class: "hint" }, ` ${COUNTS.filter(([key]) => s[key] > 0).map(([key, label]) => `${label.toLowerCase()} ${num(s[key])}`).join(", ")}`)))));
}
