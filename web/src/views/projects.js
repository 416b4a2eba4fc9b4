// Projects: one row per project with its dated status reports, coloured by status, each linked to its source.
import { axes, enc, get } from "../api.js";
import { empty, h, section } from "../dom.js";
import { formatPartialDate, humanize, plural, STATUS_COLOURS, STATUS_TEXT_DARK } from "../format.js";

export function statusChip(status) {
  return h("span", {
    class: `status-chip${STATUS_TEXT_DARK.has(status) ? " dark-text" : ""}`,
    style: `background:${STATUS_COLOURS[status] ?? "#999"}`,
  }, humanize(status));
}

/** Reports a project's row lists, the latest: a project in the news for years has hundreds; its own page lists every one. */
const REPORTS_PER_PROJECT = 10;

export async function projectsView(el, ctx) {
  const search = ctx.params.get("search") ?? "";
  const query = { ...axes(ctx.time), search, reportsPerProject: REPORTS_PER_PROJECT };
  const list = await get("/projects", query);
  ctx.setPosition(list.ledgerPosition);
  el.append(h("h1", { tabindex: "-1" }, "Projects"));
  el.append(h("p", { class: "lede" },
    "Each project's status as the sources report it, in date order. A report is dated by the text when it gives a date, ",
    "otherwise by the source's publication date. ",
    `A latest status older than ${list.staleness.staleAfterDays} days on ${formatPartialDate(list.staleness.agesOn)}, with no newer report, `,
    "is flagged for re-checking."));
  // The statuses of the projects shown, drawn again as more pages are shown.
  let legend = legendOf(list.projects);
  el.append(legend);

  // A page at a time: a large ledger has thousands of projects.
  const body = section("Projects", { id: "project-list" });
  const filter = h("input", { type: "search", id: "project-filter", name: "search", value: search, placeholder: "e.g. ninh thuan, visit 2024", autocomplete: "off" });
  const form = h("form", { class: "inline-field", role: "search", onsubmit: (e) => { e.preventDefault(); ctx.navigate(ctx.link("/projects", { search: filter.value.trim() })); } },
    h("label", { for: "project-filter" }, "Filter projects (words of the id)"), filter, h("button", { type: "submit" }, "Filter"));
  const count = h("p", { class: "hint", id: "project-count", "aria-live": "polite" });
  const table = projectTable(list.projects, ctx);
  const more = h("button", { type: "button", id: "more-projects" }, "Show more projects");
  let next = list.next;
  const projects = [...list.projects];
  const shown = () => {
    const drawn = legendOf(projects);
    legend.replaceWith(drawn);
    legend = drawn;
    count.textContent = `${plural(projects.length, "project")}${search ? ` with “${search}”` : ""}${next ? ", more below" : ""}`;
    more.hidden = !next;
  };
  more.addEventListener("click", async () => {
    more.disabled = true;
    try {
      const page = await get("/projects", { ...query, after: next });
      table.tBodies[0].append(...projectTable(page.projects, ctx).tBodies[0].rows);
      projects.push(...page.projects);
      next = page.next;
      shown();
    } finally {
      more.disabled = false;
    }
  });
  shown();
  body.append(form, count, list.projects.length ? h("div", { class: "table-wrap" }, table)
    : empty(search ? `No project id has “${search}” under the chosen dates.` : "No project is known under the chosen dates."), more);
  el.append(body);
}

/** One project: every status report about it under the chosen dates, so a link can be shared and a project found among thousands. */
export async function projectView(el, ctx, projectId) {
  const answer = await get(`/projects/${enc(projectId)}`, axes(ctx.time));
  ctx.setPosition(answer.ledgerPosition);
  const p = answer.project;
  el.append(h("p", { class: "breadcrumb" }, h("a", { href: ctx.link("/projects") }, "Projects"), " / ", p.projectId));
  el.append(h("h1", { tabindex: "-1" }, p.name ?? humanize(p.projectId)));
  el.append(h("p", { class: "lede" },
    `Every status report about the project, in date order. A latest status older than ${answer.staleness.staleAfterDays} days `,
    `on ${formatPartialDate(answer.staleness.agesOn)}, with no newer report, is flagged for re-checking.`));
  el.append(legendOf([p]));
  el.append(p.reports.length
    ? h("div", { class: "table-wrap" }, projectTable([p], ctx))
    : empty("No report about this project counts under the chosen dates."));
}

function legendOf(projects) {
  const used = new Set(projects.flatMap((p) => p.reports.map((r) => r.status)));
  return h("ul", { class: "legend", "aria-label": "Statuses" },
    Object.keys(STATUS_COLOURS).filter((s) => used.has(s)).map((s) => h("li", null, statusChip(s))));
}

function projectTable(projects, ctx) {
  return h("table", { class: "projects-table", id: "projects-table" },
    h("thead", null, h("tr", null,
      h("th", { scope: "col" }, "Project"), h("th", { scope: "col" }, "Latest status"), h("th", { scope: "col" }, "Status reports, dated"))),
    h("tbody", null, projects.map((p) => h("tr", { dataset: { projectId: p.projectId } },
      h("th", { scope: "row" }, h("a", { href: ctx.link(`/projects/${enc(p.projectId)}`) }, p.name ?? humanize(p.projectId)),
        h("div", { class: "key" }, p.projectId)),
      h("td", null, p.latest ? statusChip(p.latest.status) : "—",
        p.latest ? h("div", { class: "hint" }, `${plural(p.latest.ageDays, "day")} old`) : null,
        p.needsRecheck ? h("span", { class: "badge badge-stale", title: "older than the staleness age, with no newer report" }, "re-check") : null),
      h("td", null, p.reportCount > p.reports.length
        ? h("a", { href: ctx.link(`/projects/${enc(p.projectId)}`), class: "earlier-reports" },
          `${plural(p.reportCount - p.reports.length, "earlier report")} on the project's page`)
        : null,
      h("ol", { class: "reports" }, p.reports.map((r) => h("li", { dataset: { status: r.status } },
        h("time", { datetime: r.reportedFor }, formatPartialDate(r.reportedFor)), " ", statusChip(r.status), " ",
        h("span", { class: "hint age" }, `${r.ageDays} d`), r.stale ? h("span", { class: "badge badge-stale" }, "stale") : null, " ",
        h("a", { href: ctx.link(`/sources/${r.sourceId}`), title: r.statement ?? r.quote }, r.sourceTitle),
        " ", h("a", {
          href: ctx.link(`/claims/${r.claimId}`), class: "claim-link",
          "aria-label": `Claim: ${p.name ?? p.projectId}, ${humanize(r.status)}, ${r.reportedFor}`,
        }, "claim")))))))));
}
