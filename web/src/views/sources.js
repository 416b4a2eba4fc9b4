// Sources: the list, and one source with its metadata history (corrections included), its claims and its text.
import { ApiError, enc, get, getAll, post } from "../api.js";
import { empty, h, replace, section } from "../dom.js";
import { formatPartialDate, instant, partialDate, plural } from "../format.js";
import { apiKeyField, busyWhile, clearErrors, downloadButton, field, formMessage, input, select, showProblem, showSuccess, submitWrite, textarea } from "../forms.js";
import { claimSummary, rankBadge, recordClaimForm } from "./claim.js";
import { changesTable } from "./history.js";

/** Why a source is not part of the ledger under the chosen dates (null when it is). */
function outsideTime(s, time) {
  if (time.recordedAsOf && new Date(s.registeredAt) > new Date(time.recordedAsOf)) return `registered after ${instant(time.recordedAsOf)}`;
  const end = partialDate(s.publishedOn)?.end;
  if (time.asOf && end && end.toISOString().slice(0, 10) > time.asOf) return `published after ${formatPartialDate(time.asOf)}`;
  return null;
}

/** Sources a page at a time: a ledger of a million claims has tens of thousands of them. */
const SOURCE_PAGE = 100;

export async function sourcesView(el, ctx) {
  const pageNumber = Math.max(1, Number.parseInt(ctx.params.get("page") ?? "1", 10) || 1);
  const search = ctx.params.get("search") ?? "";
  const answer = await get("/sources", { page: pageNumber, pageSize: SOURCE_PAGE, search });
  const all = answer.sources;
  const pages = Math.max(1, Math.ceil(answer.total / SOURCE_PAGE));
  // The source list has no time axes in the API: under a chosen date it leaves out the sources not known then
  // (published later, by their current metadata, or registered later).
  const sources = all.filter((s) => !outsideTime(s, ctx.time));
  el.append(h("h1", { tabindex: "-1" }, "Sources"));
  el.append(h("p", { class: "lede" }, "The articles the claims are taken from, oldest publication first. ",
    "A date known only to the month or year counts as known from the end of that month or year."));
  const filter = h("input", { type: "search", id: "source-filter", name: "search", value: search, placeholder: "e.g. medvedev visit", autocomplete: "off" });
  el.append(h("form", { class: "inline-field", role: "search", onsubmit: (e) => { e.preventDefault(); ctx.navigate(ctx.link("/sources", { search: filter.value.trim() })); } },
    h("label", { for: "source-filter" }, "Filter sources (words of the title or outlet)"), filter, h("button", { type: "submit" }, "Filter")));
  el.append(registerForm(ctx));
  if (search) el.append(h("p", { class: "hint", id: "source-count", "aria-live": "polite" }, `${plural(answer.total, "source")} with “${search}”`));
  if (sources.length < all.length) {
    el.append(h("p", { class: "notice", id: "sources-hidden" },
      `${all.length - sources.length} of the ${all.length} sources on this page are not shown: they were published or registered after the chosen date.`));
  }
  el.append(sources.length ? h("div", { class: "table-wrap" }, h("table", { id: "sources-table" },
    h("thead", null, h("tr", null, ["Source", "Outlet", "Published", "Retrieved", "Metadata version", "Claims"].map((t) =>
      h("th", { scope: "col", class: t === "Claims" ? "num" : null }, t)))),
    h("tbody", null, sources.map((s) => h("tr", { dataset: { sourceId: s.id } },
      h("th", { scope: "row" }, h("a", { href: ctx.link(`/sources/${s.id}`) }, s.title)),
      h("td", null, s.outlet ?? h("span", { class: "hint" }, "none named")),
      h("td", null, formatPartialDate(s.publishedOn), h("div", { class: "hint" }, `${s.datePrecision}, ${s.dateBasis}`)),
      h("td", null, s.retrievedOn ?? "—"),
      h("td", null, String(s.metadataVersions), s.metadataVersions > 1 ? h("span", { class: "badge" }, "corrected") : null),
      h("td", { class: "num" }, String(s.claims)))))))
    : empty(answer.total ? "No source on this page is known under the chosen dates."
      : search ? `No source's title or outlet has “${search}”.` : "No source is registered yet."));
  if (pages > 1) {
    el.append(h("nav", { class: "pager", "aria-label": "Pages of sources", id: "sources-pager" },
      pageNumber > 1 ? h("a", { href: ctx.link("/sources", { page: pageNumber - 1, search }), rel: "prev" }, "← Earlier") : null,
      h("span", { class: "hint" }, ` Page ${pageNumber} of ${pages} (${plural(answer.total, "source")}) `),
      pageNumber < pages ? h("a", { href: ctx.link("/sources", { page: pageNumber + 1, search }), rel: "next" }, "Later →") : null));
  }
}

export async function sourceView(el, ctx, id) {
  let flash = null;
  async function load() {
    const [detail, claims, all] = await Promise.all([
      get(`/sources/${enc(id)}`),
      getAll("/claims", { sourceId: id, includeRetracted: true, pageSize: 500 }, "claims"),
      get("/sources", { pageSize: 500 }),
    ]);
    draw(detail, claims, all.sources.filter((o) => o.id !== id), all.total > all.sources.length);
  }
  async function reload(message) {
    flash = message ?? null;
    await load();
  }

  const later = (v) => Boolean(ctx.time.recordedAsOf) && new Date(v.recordedAt) > new Date(ctx.time.recordedAsOf);

  function draw(detail, claims, others, moreSources) {
    const s = detail.source;
    const parts = [];
    parts.push(h("p", { class: "breadcrumb" }, h("a", { href: ctx.link("/sources") }, "Sources"), " / source"));
    parts.push(h("h1", { tabindex: "-1" }, s.title));
    parts.push(h("p", null, h("a", { href: ctx.link(`/sources/${s.id}/review`), id: "source-review-link" }, "Review proposed claims"),
      " · the extractor proposes claims from this article for a reviewer to accept, edit or reject"));
    const outside = outsideTime(s, ctx.time);
    if (outside) parts.push(h("p", { class: "notice" }, `Under the chosen dates this source is not yet in the ledger: it was ${outside}. It is shown as it is now.`));
    if (flash) parts.push(h("div", { class: "form-message success", role: "status", id: "source-flash" }, flash));
    parts.push(section("Metadata", { id: "source-metadata" }, h("dl", { class: "facts" },
      h("dt", null, "Outlet"), h("dd", null, s.outlet ?? "none named"),
      h("dt", null, "Address"), h("dd", null, s.url ? h("a", { href: s.url, rel: "noopener noreferrer" }, s.url) : "none"),
      h("dt", null, "Published"), h("dd", null, `${formatPartialDate(s.publishedOn)} (${s.datePrecision}, ${s.dateBasis})`),
      h("dt", null, "Date note"), h("dd", null, s.dateNote ?? "—"),
      h("dt", null, "Retrieved"), h("dd", null, s.retrievedOn ?? "—"),
      h("dt", null, "Version"), h("dd", { id: "source-version" }, String(s.version)),
      h("dt", null, "Registered"), h("dd", null, instant(s.registeredAt)),
      h("dt", null, "Text"), h("dd", null, `${plural(s.length, "character")}, SHA-256 `, h("code", null, s.contentHash.slice(0, 16)), "…"))));

    parts.push(section("Metadata history", { id: "source-history" },
      h("p", { class: "hint" }, "Every version of the source's metadata, with who changed it, when, why, and each field before → after."),
      h("ol", { class: "versions" }, detail.history.map((v) => h("li", { class: `version${later(v) ? " later" : ""}`, dataset: { version: String(v.version), event: v.eventType } },
        h("h3", null, `Version ${v.version} · ${v.eventType}`, v.version === s.version ? h("span", { class: "badge" }, "current") : null,
          later(v) ? h("span", { class: "badge badge-muted" }, "recorded after the chosen moment") : null),
        h("p", { class: "who" }, `${instant(v.recordedAt)} by `, h("strong", null, v.actor)),
        v.reason ? h("p", { class: "why" }, h("span", { class: "label" }, "Why: "), v.reason) : null,
        changesTable(v.changes))))));

    parts.push(section(`Claims from this source (${claims.length})`, { id: "source-claims" },
      claims.length ? downloadButton("Download these claims as CSV", "/claims.csv", { sourceId: s.id, includeRetracted: true }) : null,
      claims.length
      ? h("div", { class: "table-wrap" }, h("table", null,
        h("thead", null, h("tr", null, ["Claim", "Kind", "Rank", "Verdict", "Quote", "Version"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", null, claims.map((c) => h("tr", { class: c.retracted ? "retracted-row" : null, dataset: { claimId: c.id } },
          h("td", null, h("a", { href: ctx.link(`/claims/${c.id}`) }, claimSummary(c)), c.retracted ? h("span", { class: "badge badge-retracted" }, "retracted") : null),
          h("td", null, c.kind),
          h("td", null, rankBadge(c.rank)),
          h("td", null, c.verdict ? h("span", { class: `badge verdict-${c.verdict}` }, c.verdict) : h("span", { class: "hint" }, "—")),
          h("td", null, h("q", null, c.quote)),
          h("td", { class: "num" }, String(c.version)))))))
      : empty("No claim is recorded from this source.")));

    parts.push(recordClaimForm(s, reload, () => selectionIn(el.querySelector("#source-text .article"))));
    parts.push(syndicationSection(s, detail.links, others, moreSources, ctx, reload));
    parts.push(metadataForm(s, reload));
    parts.push(section("Text", { id: "source-text" },
      h("p", { class: "hint" }, "Quotes of live claims are highlighted."),
      highlightedText(detail.text, claims.filter((c) => !c.retracted))));
    replace(el, parts);
  }

  await load();
}

/** The text selected inside an element and the character it starts at in the element's text; null when none is. */
function selectionIn(container) {
  const selected = window.getSelection();
  if (!container || !selected || selected.isCollapsed || !container.contains(selected.anchorNode) || !container.contains(selected.focusNode)) return null;
  const range = selected.getRangeAt(0);
  const before = document.createRange();
  before.setStart(container, 0);
  before.setEnd(range.startContainer, range.startOffset);
  return { text: range.toString(), start: before.toString().length };
}

/** The article with every claim's span marked; overlapping spans are marked once. */
function highlightedText(text, claims) {
  const spans = claims.map((c) => [c.spanStart, c.spanEnd]).sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const [a, b] of spans) {
    const last = merged.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  const out = [];
  let at = 0;
  for (const [a, b] of merged) {
    out.push(text.slice(at, a), h("mark", null, text.slice(a, b)));
    at = b;
  }
  out.push(text.slice(at));
  return h("div", { class: "article tall", tabindex: "0", role: "region", "aria-label": "Source text" }, out);
}

const FIELDS = [
  ["title", "Title", "text"], ["outlet", "Outlet", "optional"], ["url", "Address (URL)", "optional"],
  ["publishedOn", "Published on", "text", "YYYY, YYYY-MM or YYYY-MM-DD: the precision is the form"],
  ["dateBasis", "Date basis", "select"], ["dateNote", "Date note", "optional-long", "Required when the date is inferred: say why"], ["retrievedOn", "Retrieved on", "optional", "YYYY-MM-DD"],
];

/**
 * The metadata fields of a source, filled from `values`, named for the API's errors with `prefix`; `read()` answers
 * what they hold as the API takes it (an optional field left empty is null).
 */
function metadataFields(values, prefix) {
  const controls = FIELDS.map(([key, , kind]) =>
    kind === "select" ? select(["stated", "inferred"], values.dateBasis ?? "stated")
      : kind === "optional-long" ? textarea(values[key], { rows: 2 })
        : input(values[key]));
  const grid = h("div", { class: "field-grid" }, FIELDS.map(([key, label, kind, hint], i) =>
    field({ label, name: prefix + key, control: controls[i], hint, wide: kind === "optional-long" || key === "title" })));
  const read = () => Object.fromEntries(FIELDS.map(([key, , kind], i) => {
    const raw = controls[i].value;
    return [key, kind.startsWith("optional") && raw.trim() === "" ? null : raw];
  }));
  return { controls, grid, read };
}

/** A new article: its metadata and full text. The text is the source's identity, so the same text twice is one source. */
function registerForm(ctx) {
  const { controls, grid, read } = metadataFields({}, "");
  const text = textarea("", { rows: 12 });
  const apiKey = apiKeyField();
  const submit = h("button", { type: "submit" }, "Register the article");
  const form = h("form", { class: "edit-form", id: "source-register-form", novalidate: true }, grid,
    field({ label: "Full text of the article", name: "text", control: text, wide: true,
      hint: "Quotes are checked against this text, so paste it whole. The same text registered twice is one source." }),
    apiKey.el, formMessage(), h("div", { class: "actions" }, submit));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    submit.disabled = true;
    const body = { ...read(), text: text.value };
    try {
      const written = await post("/sources", body, apiKey.control.value.trim());
      const links = [h("a", { href: ctx.link(`/sources/${written.id}`) }, "open the source"), " or ",
        h("a", { href: ctx.link(`/sources/${written.id}/review`) }, "review claims proposed from it")];
      showSuccess(form, written.created
        ? ["Registered. Next: ", ...links, "."]
        : ["This text was already registered with these details; nothing was written. ", ...links, "."]);
      // Cleared for the next article; the key stays.
      if (written.created) for (const c of [...controls, text]) if (c.tagName !== "SELECT") c.value = "";
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // Same text, other details: the existing source is the place to correct them.
      showProblem(form, err, {
        noun: "source",
        whatHolds: (p) => (p.sourceId ? [h("a", { href: ctx.link(`/sources/${p.sourceId}`) }, "Open the source with this text"), " to correct its metadata."] : null),
      });
    } finally {
      submit.disabled = false;
    }
  });
  return h("details", { class: "panel", id: "register-source" },
    h("summary", null, h("h2", { class: "inline-heading" }, "Register an article")),
    h("p", { class: "hint" }, "A new source for claims: once registered, the extractor can propose claims from it for review."),
    form);
}

function metadataForm(s, reload) {
  const { grid, read } = metadataFields(s, "changes.");
  const reason = textarea("", { rows: 2 });
  const apiKey = apiKeyField();
  const submit = h("button", { type: "submit" }, `Record correction against version ${s.version}`);
  const patch = () => Object.fromEntries(Object.entries(read()).filter(([key, now]) => now !== (s[key] ?? null)));
  const form = h("form", { class: "edit-form", id: "source-correction-form", novalidate: true },
    h("input", { type: "hidden", "data-field": "expectedVersion", value: String(s.version) }),
    grid,
    field({ label: "Reason for the correction (required)", name: "reason", control: reason, wide: true }),
    apiKey.el, formMessage(), h("div", { class: "actions" }, submit));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    submitWrite(form, submit, { noun: "source", reload }, async () => {
      const written = await post(`/sources/${s.id}/corrections`, { expectedVersion: s.version, reason: reason.value, changes: patch() }, apiKey.control.value.trim());
      return `Source correction recorded: the metadata is now at version ${written.version}.`;
    });
  });
  return h("details", { class: "panel", id: "correct-source" },
    h("summary", null, h("h2", { class: "inline-heading" }, "Correct this source's metadata")),
    h("p", { class: "hint" }, "For example a page date that turns out to be a re-publication date. Only the fields you change are sent."),
    form);
}

/** Copies of one origin: the links (detected or by hand), the most similar sources, and detect / link / unlink. */
function syndicationSection(s, links, others, moreSources, ctx, reload) {
  const current = links.filter((l) => !l.unlinkedAt);
  const sec = section("Syndicated copies", { id: "source-links" },
    h("p", { class: "hint" }, "Sources linked as copies of one origin (the same story re-published, or quoted at length) count once as confirmation."),
    current.length
      ? h("ul", { id: "source-links-list" }, current.map((l) => h("li", { dataset: { sourceId: l.sourceId } },
        h("a", { href: ctx.link(`/sources/${l.sourceId}`) }, l.title || l.sourceId), " ",
        h("span", { class: "badge" }, l.basis), l.similarity !== null ? ` similarity ${l.similarity}` : "", ` · ${l.reason} · by ${l.linkedBy}`)))
      : h("p", { id: "source-links-list", class: "empty" }, "Not linked to any other source."));
  const similar = h("div", { id: "similar-sources" });
  const actor = apiKeyField();
  const detect = h("button", { type: "button", id: "detect-copies" }, "Find and link copies");
  const showSimilar = h("button", { type: "button", class: "secondary", id: "show-similar" }, "Show the most similar sources");
  const message = formMessage();
  const form = h("form", { class: "edit-form", id: "link-form", novalidate: true });
  // Both compare this text with every other source's: seconds on a ledger of thousands of sources, so the page says
  // it is at work, and a refusal shows under the form rather than nowhere.
  const working = h("p", { class: "hint", role: "status", id: "syndication-status" });
  showSimilar.addEventListener("click", async () => {
    clearErrors(form);
    let answer;
    try {
      answer = await busyWhile(showSimilar, working, "Comparing this text with every other source…", () => get(`/sources/${enc(s.id)}/similar`, { limit: 8 }));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      showProblem(form, err, { noun: "source" });
      return;
    }
    replace(similar, h("p", { class: "hint" }, answer.rule), h("div", { class: "table-wrap" }, h("table", null,
      h("thead", null, h("tr", null, ["Source", "Jaccard", "Containment", "Copies?", ""].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", null, answer.sources.map((o) => h("tr", { dataset: { sourceId: o.sourceId } },
        h("td", null, h("a", { href: ctx.link(`/sources/${o.sourceId}`) }, o.title)),
        h("td", { class: "num" }, String(o.jaccard)), h("td", { class: "num" }, String(o.containment)),
        h("td", null, o.copies ? h("span", { class: "badge badge-conflict" }, "copies") : "no"),
        h("td", null, o.linked ? h("span", { class: "badge" }, "linked") : null)))))));
  });
  detect.addEventListener("click", () => submitWrite(form, detect, { busy: "Comparing with every other source…", noun: "source", reload }, async () => {
    const written = await post(`/sources/${enc(s.id)}/syndication/detect`, {}, actor.control.value.trim());
    return written.linked.length ? `Linked ${plural(written.linked.length, "copy", "copies")}.` : "No unlinked copy found.";
  }));
  const other = h("select", { id: "link-other" }, h("option", { value: "" }, "— choose a source —"),
    others.map((o) => h("option", { value: o.id }, `${o.title} (${o.publishedOn})`)));
  // The choice lists the ledger's first 500 sources; past that, the other source is named by its id.
  const otherId = input("", { id: "link-other-id", placeholder: "a source id", autocomplete: "off" });
  const reason = textarea("", { rows: 2, id: "link-reason" });
  const linkButton = h("button", { type: "submit", id: "link-submit" }, "Link as copies");
  const unlinkButton = h("button", { type: "button", class: "secondary", id: "unlink-submit" }, "Unlink");
  async function send(path, verb) {
    clearErrors(form);
    try {
      await post(path, { otherSourceId: otherId.value.trim() || other.value.trim() || null, reason: reason.value }, actor.control.value.trim());
      await reload(`${verb}.`);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      showProblem(form, err, { noun: "source" });
    }
  }
  form.addEventListener("submit", (e) => { e.preventDefault(); send(`/sources/${enc(s.id)}/links`, "Linked"); });
  unlinkButton.addEventListener("click", () => send(`/sources/${enc(s.id)}/unlink`, "Unlinked"));
  form.append(field({ label: "Other source", name: "otherSourceId", control: other }),
    field({ label: moreSources ? "or its id (the list holds the first 500 sources)" : "or its id", name: "otherSourceIdText", control: otherId }),
    field({ label: "Why (required)", name: "reason", control: reason, wide: true }), message,
    h("div", { class: "actions" }, linkButton, unlinkButton));
  sec.append(actor.el, h("div", { class: "actions" }, detect, showSimilar), working, similar, form);
  return sec;
}
