// A claim: its article text with the quote highlighted, the full audit trail, a correction form and a retraction.
import { enc, get, post } from "../api.js";
import { h, replace, section } from "../dom.js";
import {
  figureValue, formatPartialDate, humanize, instant, period, PARTNERSHIP_LEVELS,
} from "../format.js";
import { apiKeyField, field, formMessage, input, select, submitWrite, textarea } from "../forms.js";
import { statusChip } from "./projects.js";
import { changesTable } from "./history.js";

const UNITS = ["usd", "percent", "count", "rank"];
const SCALES = ["one", "thousand", "million", "billion"];
const QUALIFIERS = ["exact", "about", "nearly", "more-than", "at-most", "range"];
const STATUSES = ["proposed", "planned", "under-negotiation", "agreed", "in-progress", "stalled", "resumed",
  "under-construction", "operating", "suspended", "completed", "cancelled"];

export function claimSummary(c) {
  if (c.figure) {
    const f = c.figure;
    return `${humanize(f.metric)}, ${f.parties.join("–")}, ${period(f.period).label}: ${figureValue(f)}`;
  }
  if (c.partnership) {
    const p = c.partnership;
    return `${humanize(p.level)}, ${p.parties.join("–")}, from ${formatPartialDate(p.effectiveOn)}`;
  }
  if (c.project) {
    const p = c.project;
    return `${p.name ?? humanize(p.projectId)}: ${humanize(p.status)}${p.statusOn ? ` (${formatPartialDate(p.statusOn)})` : ""}`;
  }
  return c.quote;
}

export async function claimView(el, ctx, id) {
  const recordedAsOf = ctx.time.recordedAsOf;
  let flash = null;

  async function load() {
    const [claim, history] = await Promise.all([
      get(`/claims/${enc(id)}`, recordedAsOf ? { recordedAsOf } : undefined),
      get(`/claims/${enc(id)}/history`),
    ]);
    const source = await get(`/sources/${enc(claim.sourceId)}`);
    draw(claim, history, source);
  }

  async function reload(message) {
    flash = message ?? null;
    try {
      await load();
    } catch (e) {
      replace(el, h("div", { class: "error-panel", role: "alert" }, h("h1", null, "The claim could not be read"), h("p", null, String(e.message))));
    }
  }

  function draw(claim, history, source) {
    ctx.setPosition(claim.ledgerPosition);
    const parts = [];
    parts.push(breadcrumb(claim, ctx));
    parts.push(h("h1", { tabindex: "-1" }, "Claim: ", claimSummary(claim)));
    parts.push(h("p", { class: "claim-meta", id: "claim-status" },
      h("span", { id: "claim-version", dataset: { version: String(claim.version) } }, `Version ${claim.version}`),
      ` · recorded by ${claim.recordedBy} at ${instant(claim.recordedAt)}`,
      claim.lastChangedAt !== claim.recordedAt ? ` · last changed ${instant(claim.lastChangedAt)}` : "",
      claim.retracted ? h("span", { class: "badge badge-retracted" }, "retracted") : null));
    if (recordedAsOf) {
      parts.push(h("p", { class: "notice" }, `You are reading this claim as the ledger recorded it at ${instant(recordedAsOf)}. `,
        "Corrections apply to the current version: clear “recorded as of” to make one."));
    }
    if (claim.retracted) {
      parts.push(h("div", { class: "notice retracted", id: "retraction-notice", role: "status" },
        h("strong", null, "This claim is retracted. "), `Reason: ${claim.retractionReason}. `,
        "It no longer counts in any figure, partnership or project view; its history stays in the ledger."));
    }
    if (flash) parts.push(h("div", { class: "form-message success", role: "status", id: "claim-flash" }, flash));

    const layout = h("div", { class: "claim-layout" });
    const left = h("div", { class: "claim-main" });
    const right = h("div", { class: "claim-side" });
    left.append(facts(claim, source, ctx));
    left.append(articleText(claim, source, ctx));
    if (!recordedAsOf && !claim.retracted) {
      right.append(judgementForm(claim, reload));
      right.append(correctionForm(claim, reload));
      right.append(retractionForm(claim, reload));
    } else if (claim.retracted) {
      right.append(section("Correct this claim", { id: "correct" }, h("p", null, "A retracted claim takes no further changes.")));
    }
    layout.append(left, right);
    parts.push(layout);
    parts.push(auditTrail(history, claim, recordedAsOf));
    replace(el, parts);
    const scroll = () => {
      const panel = el.querySelector(".article");
      const mark = el.querySelector("#quote");
      if (panel && mark) panel.scrollTop = Math.max(0, mark.offsetTop - panel.offsetTop - panel.clientHeight / 3);
    };
    if (el.isConnected) requestAnimationFrame(scroll);
    else el.afterRender = [scroll];
    if (flash && el.isConnected) el.querySelector("#claim-flash")?.focus?.();
  }

  await load();
}

function breadcrumb(claim, ctx) {
  if (claim.figureKey) {
    return h("p", { class: "breadcrumb" }, h("a", { href: ctx.link("/figures") }, "Figures"), " / ",
      h("a", { href: ctx.link(`/figures/${claim.figureKey}`) }, claim.figureKey), " / claim");
  }
  if (claim.partnership) return h("p", { class: "breadcrumb" }, h("a", { href: ctx.link("/partnership", { pair: claim.partnership.parties.join("-") }) }, "Partnership"), " / claim");
  const id = claim.project?.projectId;
  return h("p", { class: "breadcrumb" }, h("a", { href: ctx.link("/projects") }, "Projects"), " / ",
    id ? h("a", { href: ctx.link(`/projects/${enc(id)}`) }, id) : "", " / claim");
}

function facts(claim, source, ctx) {
  const rows = [
    ["Kind", claim.kind],
    ["Source", h("span", null, h("a", { href: ctx.link(`/sources/${claim.sourceId}`) }, source.source.title),
      ` (${source.source.outlet ?? "no outlet named"}, published ${formatPartialDate(source.source.publishedOn)})`)],
    ["Quote", h("q", null, claim.quote)],
    ["Span", `characters ${claim.spanStart}–${claim.spanEnd} of the source text`],
  ];
  if (claim.figure) {
    const f = claim.figure;
    rows.push(["Figure", h("a", { href: ctx.link(`/figures/${claim.figureKey}`) }, claim.figureKey)]);
    rows.push(["Value", figureValue(f)]);
    rows.push(["Qualifier · unit · scale", `${f.qualifier} · ${f.unit} · ${f.scale}`]);
  }
  if (claim.partnership) {
    rows.push(["Level", humanize(claim.partnership.level)], ["Effective on", claim.partnership.effectiveOn]);
  }
  if (claim.project) {
    const p = claim.project;
    rows.push(["Project", `${p.name ?? ""} (${p.projectId})`], ["Status", statusChip(p.status)]);
    if (p.statement) rows.push(["Statement", p.statement]);
    if (p.statusOn) rows.push(["Status on", p.statusOn]);
  }
  rows.push(["Rank", h("span", { id: "claim-rank" }, rankBadge(claim.rank), claim.rankReason ? ` ${claim.rankReason}` : "")]);
  rows.push(["Verdict", h("span", { id: "claim-verdict" }, claim.verdict
    ? [h("span", { class: `badge verdict-${claim.verdict}` }, claim.verdict), ` ${claim.verdictNote ?? ""} `,
      h("a", { href: `/claims/${claim.id}/claim-review`, id: "claim-review-link" }, "ClaimReview (JSON-LD)")]
    : "none given")]);
  if (claim.names?.length) rows.push(["Names", claim.names.join(", ")]);
  if (claim.note) rows.push(["Note", claim.note]);
  return section("The claim", { id: "claim-facts" }, h("dl", { class: "facts" }, rows.map(([k, v]) => [h("dt", null, k), h("dd", null, v)])));
}

function articleText(claim, source, ctx) {
  const text = source.text;
  const start = Math.max(0, Math.min(claim.spanStart, text.length));
  const end = Math.max(start, Math.min(claim.spanEnd, text.length));
  const article = h("div", { class: "article", tabindex: "0", role: "region", "aria-label": `Text of “${source.source.title}”` },
    text.slice(0, start),
    h("mark", { id: "quote", dataset: { spanStart: String(start), spanEnd: String(end) } }, text.slice(start, end)),
    text.slice(end));
  return section("In the article", { id: "claim-article" },
    h("p", { class: "hint" }, `The quote is highlighted at characters ${start}–${end}. `,
      h("a", { href: ctx.link(`/sources/${claim.sourceId}`) }, "Open the source")),
    article);
}

/**
 * A claim's fields as the correction form (and a proposal's edit form) shows them; each knows its API path and how to
 * read its control.
 */
export function fieldsFor(claim) {
  const defs = [
    { path: ["quote"], label: "Quote (verbatim from the source)", kind: "text", control: () => textarea(claim.quote, { rows: 3 }), wide: true },
  ];
  if (claim.figure) {
    const f = claim.figure;
    defs.push(
      { path: ["figure", "value"], label: "Value", kind: "number", control: () => input(f.value, { type: "number", step: "any", inputmode: "decimal" }) },
      { path: ["figure", "qualifier"], label: "Qualifier", kind: "text", control: () => select(QUALIFIERS, f.qualifier) },
      { path: ["figure", "low"], label: "Low (range only)", kind: "number", control: () => input(f.low, { type: "number", step: "any", inputmode: "decimal" }) },
      { path: ["figure", "high"], label: "High (range only)", kind: "number", control: () => input(f.high, { type: "number", step: "any", inputmode: "decimal" }) },
      { path: ["figure", "unit"], label: "Unit", kind: "text", control: () => select(UNITS, f.unit) },
      { path: ["figure", "scale"], label: "Scale", kind: "text", control: () => select(SCALES, f.scale) },
      { path: ["figure", "period"], label: "Period", kind: "text", control: () => input(f.period), hint: "2021, 2021-04, 2024-01..2024-11, by-2030" },
      { path: ["figure", "basePeriod"], label: "Base period (for a change)", kind: "optional", control: () => input(f.basePeriod) },
      { path: ["figure", "metric"], label: "Metric", kind: "text", control: () => input(f.metric) },
      { path: ["figure", "parties"], label: "Parties", kind: "list", control: () => input(f.parties.join(", ")), hint: "ISO codes, comma-separated" },
    );
  }
  if (claim.partnership) {
    const p = claim.partnership;
    defs.push(
      { path: ["partnership", "level"], label: "Level", kind: "text", control: () => select(PARTNERSHIP_LEVELS, p.level) },
      { path: ["partnership", "effectiveOn"], label: "Effective on", kind: "text", control: () => input(p.effectiveOn), hint: "YYYY, YYYY-MM or YYYY-MM-DD" },
      { path: ["partnership", "parties"], label: "Parties", kind: "list", control: () => input(p.parties.join(", ")), hint: "ISO codes, comma-separated" },
    );
  }
  if (claim.project) {
    const p = claim.project;
    defs.push(
      { path: ["project", "status"], label: "Status", kind: "text", control: () => select(STATUSES, p.status) },
      { path: ["project", "statusOn"], label: "Status on", kind: "optional", control: () => input(p.statusOn), hint: "YYYY, YYYY-MM or YYYY-MM-DD; empty: the publication date" },
      { path: ["project", "name"], label: "Project name", kind: "optional", control: () => input(p.name) },
      { path: ["project", "statement"], label: "Statement", kind: "optional", control: () => textarea(p.statement, { rows: 2 }) },
      { path: ["project", "projectId"], label: "Project id", kind: "text", control: () => input(p.projectId) },
    );
  }
  defs.push(
    { path: ["names"], label: "Names (one per line)", kind: "lines", control: () => textarea((claim.names ?? []).join("\n"), { rows: 2 }), wide: true },
    { path: ["note"], label: "Note", kind: "optional", control: () => textarea(claim.note, { rows: 3 }), wide: true },
  );
  return defs;
}

function readControl(def, control) {
  const raw = control.value;
  switch (def.kind) {
    case "number": return raw.trim() === "" ? null : Number(raw);
    case "optional": return raw.trim() === "" ? null : raw;
    case "list": return raw.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean);
    case "lines": return raw.split("\n").map((s) => s.trim()).filter(Boolean);
    default: return raw === "" ? null : raw;
  }
}

function currentValue(claim, path) {
  let v = claim;
  for (const p of path) v = v?.[p];
  return v ?? null;
}

/** Sets a value at a field's path in a JSON object ("figure", "value" → { figure: { value } }). */
function setPath(object, path, value) {
  let target = object;
  for (const p of path.slice(0, -1)) target = target[p] ??= {};
  target[path.at(-1)] = value;
}

/** The JSON merge patch of what the form changes: only the fields whose value differs from the version read. */
export function patchOf(claim, defs, controls) {
  const patch = {};
  defs.forEach((def, i) => {
    const now = readControl(def, controls[i]);
    const was = currentValue(claim, def.path);
    const same = JSON.stringify(now) === JSON.stringify(def.kind === "number" && was !== null ? Number(was) : was);
    if (!same) setPath(patch, def.path, now);
  });
  return patch;
}

function correctionForm(claim, reload) {
  const defs = fieldsFor(claim);
  const controls = defs.map((d) => d.control());
  const reason = textarea("", { rows: 3, id: "correction-reason" });
  const apiKey = apiKeyField();
  const preview = h("pre", { class: "patch-preview", id: "correction-preview", "aria-live": "off" });
  const updatePreview = () => { preview.textContent = JSON.stringify(patchOf(claim, defs, controls), null, 1); };
  const submit = h("button", { type: "submit", id: "correction-submit" }, `Record correction against version ${claim.version}`);
  const form = h("form", { class: "edit-form", id: "correction-form", novalidate: true, "aria-labelledby": "correct-title" },
    h("p", { class: "hint", id: "correction-version", dataset: { expectedVersion: String(claim.version) } },
      `You are correcting version ${claim.version}. If someone changes the claim before you send this, the ledger refuses it and says so.`),
    h("input", { type: "hidden", value: String(claim.version), "data-field": "expectedVersion", id: "correction-expected-version" }),
    h("div", { class: "field-grid" }, defs.map((d, i) => field({
      label: d.label, name: `changes.${d.path.join(".")}`, control: controls[i], hint: d.hint, wide: d.wide,
    }))),
    field({ label: "Reason for the correction (required)", name: "reason", control: reason, wide: true }),
    apiKey.el,
    h("details", { class: "preview" }, h("summary", null, "Changes to send (JSON merge patch)"), preview),
    formMessage(),
    h("div", { class: "actions" }, submit));
  form.addEventListener("input", updatePreview);
  updatePreview();
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    submitWrite(form, submit, { busy: "Recording…", noun: "claim", reload }, async () => {
      const written = await post(`/claims/${claim.id}/corrections`,
        { expectedVersion: claim.version, reason: reason.value, changes: patchOf(claim, defs, controls) }, apiKey.control.value.trim());
      return `Correction recorded: the claim is now at version ${written.version}.`;
    });
  });
  return h("section", { id: "correct", "aria-labelledby": "correct-title", class: "panel" },
    h("h2", { id: "correct-title" }, "Correct this claim"),
    h("p", { class: "hint" }, "Change the fields that are wrong and say why. Only the fields you change are sent."),
    form);
}

/** What a new claim of each kind starts from in the form: the ledger's usual subject, RU-VN. */
const NEW_CLAIM = {
  figure: { figure: { metric: "trade-turnover", parties: ["RU", "VN"], period: "", unit: "usd", scale: "billion", qualifier: "exact", value: null, low: null, high: null, basePeriod: null } },
  partnership: { partnership: { parties: ["RU", "VN"], level: "strategic-partnership", effectiveOn: "" } },
  project: { project: { projectId: "", name: null, status: "in-progress", statusOn: null, statement: null } },
};

/** The claim a form's fields say, as POST /claims takes it. */
function claimOf(defs, controls) {
  const claim = {};
  defs.forEach((def, i) => setPath(claim, def.path, readControl(def, controls[i])));
  return claim;
}

/**
 * Records a claim the analyst reads in a source by hand, with the fields a correction has. `selection` answers the
 * text selected in the article and where it starts, so a phrase the article repeats is pinned to the place chosen.
 */
export function recordClaimForm(source, reload, selection) {
  const kind = select(Object.keys(NEW_CLAIM), "figure", { id: "new-claim-kind" });
  const grid = h("div", { class: "field-grid" });
  let defs = [];
  let controls = [];
  let spanStart = null;
  const quoteControl = () => controls[defs.findIndex((d) => d.path[0] === "quote")];
  const draw = () => {
    const quote = quoteControl()?.value ?? "";
    defs = fieldsFor({ quote, names: [], note: null, ...NEW_CLAIM[kind.value] });
    controls = defs.map((d) => d.control());
    // A quote typed or edited by hand is looked for in the text afresh.
    quoteControl().addEventListener("input", () => { spanStart = null; });
    replace(grid, defs.map((d, i) => field({ label: d.label, name: d.path.join("."), control: controls[i], hint: d.hint, wide: d.wide })));
  };
  kind.addEventListener("change", draw);
  draw();
  const useSelection = h("button", { type: "button", class: "secondary", id: "use-selection" }, "Quote the text selected in the article");
  useSelection.addEventListener("click", () => {
    const chosen = selection();
    if (!chosen) return;
    quoteControl().value = chosen.text;
    spanStart = chosen.start;
  });
  const apiKey = apiKeyField();
  const submit = h("button", { type: "submit", id: "new-claim-submit" }, "Record the claim");
  const form = h("form", { class: "edit-form", id: "new-claim-form", novalidate: true },
    field({ label: "Kind", name: "kind", control: kind }),
    h("div", { class: "actions" }, useSelection),
    grid, apiKey.el, formMessage(), h("div", { class: "actions" }, submit));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    submitWrite(form, submit, { busy: "Recording…", noun: "claim", reload }, async () => {
      const claim = { sourceId: source.id, kind: kind.value, ...claimOf(defs, controls) };
      if (spanStart !== null) claim.spanStart = spanStart;
      const written = await post("/claims", claim, apiKey.control.value.trim());
      return `Claim recorded (${written.id}).`;
    });
  });
  return h("details", { class: "panel", id: "record-claim" },
    h("summary", null, h("h2", { class: "inline-heading" }, "Record a claim from this source")),
    h("p", { class: "hint" }, "A claim the extractor did not propose: select its words in the article below and quote them, ",
      "then fill in what it says. The quote must stand in the text character for character."),
    form);
}

/** A claim's rank as a badge: preferred and deprecated stand out, normal is plain. */
export function rankBadge(rank) {
  return h("span", { class: `badge rank-${rank ?? "normal"}` }, rank ?? "normal");
}

const RANKS = ["preferred", "normal", "deprecated"];
const VERDICTS = ["supported", "disputed", "false", "unverifiable"];

/** Rank (with a required reason) and verdict (with a note): each an event on the claim, shown in its audit trail. */
function judgementForm(claim, reload) {
  const actor = apiKeyField();
  const rank = select(RANKS, claim.rank ?? "normal", { id: "rank-select" });
  const reason = textarea("", { rows: 2, id: "rank-reason" });
  const rankSubmit = h("button", { type: "submit", id: "rank-submit" }, "Record rank");
  const rankForm = h("form", { class: "edit-form", id: "rank-form", novalidate: true },
    field({ label: "Rank", name: "rank", control: rank, hint: "The figure headline takes the best rank; deprecated never heads." }),
    field({ label: "Why (required)", name: "reason", control: reason, wide: true }),
    formMessage(), h("div", { class: "actions" }, rankSubmit));
  rankForm.addEventListener("submit", (e) => {
    e.preventDefault();
    submitWrite(rankForm, rankSubmit, { noun: "claim", reload }, async () => {
      const written = await post(`/claims/${claim.id}/rank`, { expectedVersion: claim.version, rank: rank.value, reason: reason.value }, actor.control.value.trim());
      return `Rank recorded: the claim is ${rank.value}, now at version ${written.version}.`;
    });
  });

  const verdict = select(VERDICTS, claim.verdict ?? "supported", { id: "verdict-select" });
  const note = textarea("", { rows: 2, id: "verdict-note" });
  const verdictSubmit = h("button", { type: "submit", id: "verdict-submit" }, "Record verdict");
  const verdictForm = h("form", { class: "edit-form", id: "verdict-form", novalidate: true },
    field({ label: "Verdict", name: "verdict", control: verdict }),
    field({ label: "Note: what the verdict rests on (required)", name: "note", control: note, wide: true }),
    formMessage(), h("div", { class: "actions" }, verdictSubmit));
  verdictForm.addEventListener("submit", (e) => {
    e.preventDefault();
    submitWrite(verdictForm, verdictSubmit, { noun: "claim", reload }, async () => {
      const written = await post(`/claims/${claim.id}/verdict`, { expectedVersion: claim.version, verdict: verdict.value, note: note.value }, actor.control.value.trim());
      return `Verdict recorded: ${verdict.value}, now at version ${written.version}.`;
    });
  });
  return h("section", { id: "judgement", "aria-labelledby": "judgement-title", class: "panel" },
    h("h2", { id: "judgement-title" }, "Rank and verdict"), actor.el, rankForm, verdictForm);
}

function retractionForm(claim, reload) {
  const reason = textarea("", { rows: 2, id: "retraction-reason" });
  const apiKey = apiKeyField();
  const confirm = h("button", { type: "submit", class: "danger", id: "retraction-submit" }, "Retract claim");
  const form = h("form", { class: "edit-form", id: "retraction-form", novalidate: true, hidden: true },
    h("p", null, "A retracted claim leaves every figure, partnership and project view. It stays in the ledger with its history."),
    field({ label: "Reason for the retraction (required)", name: "reason", control: reason, wide: true }),
    apiKey.el,
    formMessage(),
    h("div", { class: "actions" }, confirm,
      h("button", { type: "button", class: "secondary", onclick: () => { form.hidden = true; open.setAttribute("aria-expanded", "false"); open.focus(); } }, "Cancel")));
  const open = h("button", {
    type: "button", class: "danger-outline", id: "retract-open", "aria-expanded": "false", "aria-controls": "retraction-form",
    onclick: () => { form.hidden = false; open.setAttribute("aria-expanded", "true"); reason.focus(); },
  }, "Retract this claim…");
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    submitWrite(form, confirm, { noun: "claim", reload }, async () => {
      const written = await post(`/claims/${claim.id}/retraction`,
        { expectedVersion: claim.version, reason: reason.value }, apiKey.control.value.trim());
      return `Retraction recorded: the claim is now at version ${written.version} and counts in no view.`;
    });
  });
  return h("section", { id: "retract", "aria-labelledby": "retract-title", class: "panel" },
    h("h2", { id: "retract-title" }, "Retract"), open, form);
}

function auditTrail(history, claim, recordedAsOf) {
  const cutoff = recordedAsOf ? new Date(recordedAsOf).getTime() : null;
  return section("Audit trail", { id: "audit-trail" },
    h("p", { class: "hint" }, `Every version of the claim: who, when, why, and each field before → after. ${history.versions.length} version${history.versions.length === 1 ? "" : "s"}.`),
    h("ol", { class: "versions" }, history.versions.map((v) => {
      const later = cutoff !== null && new Date(v.recordedAt).getTime() > cutoff;
      return h("li", { class: `version${later ? " later" : ""}${v.version === claim.version ? " shown" : ""}`, dataset: { version: String(v.version), event: v.eventType } },
        h("h3", null, `Version ${v.version} · ${v.eventType}`,
          v.version === claim.version ? h("span", { class: "badge" }, recordedAsOf ? "shown" : "current") : null,
          later ? h("span", { class: "badge badge-muted" }, "recorded after the chosen moment") : null),
        h("p", { class: "who" }, `${instant(v.recordedAt)} by `, h("strong", null, v.actor),
          v.expectedVersion ? ` (against version ${v.expectedVersion})` : ""),
        v.reason ? h("p", { class: "why" }, h("span", { class: "label" }, "Why: "), v.reason) : null,
        changesTable(v.changes));
    })));
}
