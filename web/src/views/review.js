// Proposed claims for review: the queue of sources with proposals waiting, and one source's article with each
// proposal's span highlighted, where a reviewer accepts, edits then accepts, or rejects each with a reason.
import { API_KEY_STORAGE, ApiError, enc, get, post } from "../api.js";
import { empty, h, replace, section } from "../dom.js";
import { instant, plural } from "../format.js";
import { apiKeyField, field, formMessage, submitWrite, textarea } from "../forms.js";
import { claimSummary, fieldsFor, patchOf } from "./claim.js";

const STATUSES = ["pending", "accepted", "rejected", "all"];
/** The proposals list's largest page. */
const PAGE = 500;

const apiKey = () => sessionStorage.getItem(API_KEY_STORAGE) ?? "";

/** The review queue: every source with proposals waiting, the longest waiting first, and how many wait. */
export async function reviewQueueView(el, ctx) {
  const queue = await get("/proposals/queue", { pageSize: PAGE });
  el.append(h("h1", { tabindex: "-1" }, "Review proposed claims"));
  el.append(h("p", { class: "lede" }, "Claims the extractor proposes from an article wait here until a reviewer accepts, edits then accepts, ",
    "or rejects them. Only accepted proposals reach the figures, the partnership and the projects. To propose claims from an ",
    "article, open its source and choose “Review proposed claims”."));
  if (queue.total > queue.sources.length) {
    el.append(h("p", { class: "notice", id: "queue-partial" },
      `${plural(queue.waiting, "proposal")} wait in ${plural(queue.total, "source")}; the ${queue.sources.length} that have waited longest are listed.`));
  }
  el.append(queue.sources.length
    ? h("div", { class: "table-wrap" }, h("table", { id: "review-queue" },
      h("thead", null, h("tr", null, h("th", { scope: "col" }, "Source"), h("th", { scope: "col", class: "num" }, "Waiting"),
        h("th", { scope: "col" }, "Waiting since"))),
      h("tbody", null, queue.sources.map((s) => h("tr", { dataset: { sourceId: s.sourceId } },
        h("th", { scope: "row" }, h("a", { href: ctx.link(`/sources/${s.sourceId}/review`) }, s.title)),
        h("td", { class: "num" }, String(s.waiting)),
        h("td", null, instant(s.waitingSince)))))))
    : empty("No proposal is waiting for review."));
}

/** One source's proposals beside its text, with the review actions on each pending one. */
export async function reviewView(el, ctx, sourceId) {
  const status = STATUSES.includes(ctx.params.get("status")) ? ctx.params.get("status") : "pending";
  let flash = null;

  async function load() {
    const [detail, page] = await Promise.all([
      get(`/sources/${enc(sourceId)}`),
      get("/proposals", { sourceId, status: status === "all" ? null : status, pageSize: PAGE }),
    ]);
    draw(detail, page);
  }

  async function reload(message) {
    flash = message ?? null;
    await load();
  }

  function draw(detail, page) {
    const s = detail.source;
    const proposals = page.proposals;
    const parts = [
      h("p", { class: "breadcrumb" }, h("a", { href: ctx.link("/review") }, "Review"), " / ",
        h("a", { href: ctx.link(`/sources/${s.id}`) }, s.title), " / proposals"),
      h("h1", { tabindex: "-1" }, `Review: ${s.title}`),
    ];
    if (flash) parts.push(h("div", { class: "form-message success", role: "status", id: "review-flash", tabindex: "-1" }, flash));
    parts.push(h("div", { class: "review-key" }, apiKeyField().el,
      h("p", { class: "hint" }, "Accepting, editing and rejecting need a key with the reviewer role; proposing, a contributor's.")));
    parts.push(extractionForm(s, reload));
    parts.push(h("nav", { class: "status-filter", "aria-label": "Proposals by status", id: "review-status" },
      STATUSES.map((st) => h("a", { href: ctx.link(`/sources/${s.id}/review`, { status: st === "pending" ? null : st }), "aria-current": st === status ? "page" : null },
        st === "all" ? "All" : st[0].toUpperCase() + st.slice(1)))));
    if (page.total > proposals.length) {
      parts.push(h("p", { class: "notice" }, `This source has ${page.total} such proposals; the first ${proposals.length} are shown.`));
    }
    const layout = h("div", { class: "claim-layout" });
    layout.append(
      h("div", { class: "claim-main" }, section("The article", { id: "review-article" },
        h("p", { class: "hint" }, "Each proposal's quote is highlighted: yellow waiting, green accepted, grey rejected. Select a highlight to go to its proposal."),
        highlighted(detail.text, proposals))),
      h("div", { class: "claim-side" }, section(`${status === "all" ? "All" : status[0].toUpperCase() + status.slice(1)} proposals (${page.total})`, { id: "review-proposals" },
        proposals.length
          ? proposals.map((p) => proposalCard(p, ctx, reload))
          : empty(status === "pending" ? "No proposal from this article waits for review." : `No ${status === "all" ? "" : `${status} `}proposal from this article.`))));
    parts.push(layout);
    replace(el, parts);
    if (flash && el.isConnected) el.querySelector("#review-flash")?.focus?.();
  }

  await load();
}

/** Runs the extractor over the article; a second run proposes nothing twice. */
function extractionForm(source, reload) {
  const submit = h("button", { type: "submit", id: "extraction-run" }, "Propose claims from this article");
  const form = h("form", { class: "edit-form", id: "extraction-form", novalidate: true },
    formMessage(), h("div", { class: "actions" }, submit));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    submitWrite(form, submit, { busy: "Reading the article…", noun: "source", reload }, async () => {
      const run = await post(`/sources/${source.id}/extraction`, {}, apiKey());
      return run.found === 0
        ? `Nothing to propose: ${run.reason ?? "no claim the rules can frame"}.`
        : `The extractor found ${run.found}: ${run.proposed} proposed now, ${run.alreadyProposed} proposed before.`;
    });
  });
  return h("details", { class: "panel", id: "propose" },
    h("summary", null, "Propose claims from this article"),
    h("p", { class: "hint" }, "The extractor reads the article and proposes the figures, partnership steps and project statuses it finds. ",
      "Nothing reaches the ledger's views until it is accepted here."),
    form);
}

/** The article with every listed proposal's span marked; where spans overlap, each part says which proposals cover it. */
function highlighted(text, proposals) {
  const clamp = (n) => Math.max(0, Math.min(n, text.length));
  const cuts = [...new Set([0, text.length, ...proposals.flatMap((p) => [clamp(p.spanStart), clamp(p.spanEnd)])])].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    const covering = proposals.filter((p) => p.spanStart <= a && b <= p.spanEnd);
    if (!covering.length) { out.push(text.slice(a, b)); continue; }
    const first = covering[0];
    out.push(h("mark", {
      class: `proposal-span status-${first.status}`,
      dataset: { proposalIds: covering.map((p) => p.id).join(" ") },
      title: covering.map((p) => `${p.status}: ${claimSummary(p)}`).join("\n"),
      onclick: () => showCard(first.id),
    }, text.slice(a, b)));
  }
  return h("div", { class: "article tall", tabindex: "0", role: "region", "aria-label": "Article text with the proposals highlighted" }, out);
}

function showCard(id) {
  const card = document.getElementById(`proposal-${id}`);
  card?.scrollIntoView({ block: "center" });
  card?.focus({ preventScroll: true });
}

function showSpan(id) {
  const mark = document.querySelector(`mark[data-proposal-ids~="${CSS.escape(id)}"]`);
  if (!mark) return;
  const panel = mark.closest(".article");
  if (panel) panel.scrollTop = Math.max(0, mark.offsetTop - panel.offsetTop - panel.clientHeight / 3);
  mark.classList.add("flash");
  setTimeout(() => mark.classList.remove("flash"), 1200);
}

function proposalCard(p, ctx, reload) {
  const title = `proposal-${p.id}-title`;
  const parts = [
    h("h3", { id: title }, claimSummary(p)),
    h("p", { class: "claim-meta" },
      h("span", { class: `badge review-${p.status}` }, p.status), h("span", { class: "badge badge-muted" }, p.kind),
      p.edited ? h("span", { class: "badge" }, "edited") : null,
      ` version ${p.version} · confidence ${p.confidence} · rule ${p.rule}`),
    h("p", null, h("q", null, p.quote), " ", h("button", { type: "button", class: "link-button", onclick: () => showSpan(p.id) }, "Show in the article")),
    h("p", { class: "hint" }, "Why it was proposed: ", p.reason),
  ];
  if (p.figureKey) parts.push(h("p", { class: "hint" }, "Figure ", h("code", null, p.figureKey)));
  if (p.status === "accepted" && p.claimId) {
    parts.push(h("p", { class: "decided" }, `Accepted by ${p.decidedBy} at ${instant(p.decidedAt)}. `,
      h("a", { href: ctx.link(`/claims/${p.claimId}`) }, "Open the claim")));
  }
  if (p.status === "rejected") {
    parts.push(h("p", { class: "decided" }, `Rejected by ${p.decidedBy} at ${instant(p.decidedAt)}: ${p.rejectionReason}`));
  }
  if (p.status === "pending") parts.push(acceptForm(p, reload), editForm(p, reload), rejectForm(p, reload));
  return h("article", {
    class: "panel proposal-card", id: `proposal-${p.id}`, tabindex: "-1", "aria-labelledby": title,
    dataset: { proposalId: p.id, status: p.status, version: String(p.version) },
  }, parts);
}

function acceptForm(p, reload) {
  const submit = h("button", { type: "submit", class: "accept" }, "Accept");
  const form = h("form", { class: "review-accept", novalidate: true, "aria-label": `Accept: ${claimSummary(p)}` },
    formMessage(), h("div", { class: "actions" }, submit));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    submitWrite(form, submit, { busy: "Accepting…", noun: "proposal", reload }, async () => {
      await post(`/proposals/${p.id}/accept`, { expectedVersion: p.version }, apiKey());
      return `Accepted “${claimSummary(p)}”: it is a claim in the ledger now.`;
    });
  });
  return form;
}

function editForm(p, reload) {
  const defs = fieldsFor(p);
  const controls = defs.map((d) => d.control());
  const reason = textarea("", { rows: 2 });
  const save = h("button", { type: "submit", value: "save" }, "Save the edit");
  const saveAndAccept = h("button", { type: "submit", value: "accept", class: "secondary" }, "Save and accept");
  const form = h("form", { class: "edit-form review-edit", novalidate: true },
    h("div", { class: "field-grid" }, defs.map((d, i) => field({ label: d.label, name: `changes.${d.path.join(".")}`, control: controls[i], hint: d.hint, wide: d.wide }))),
    field({ label: "Why the proposal changes (required)", name: "reason", control: reason, wide: true }),
    h("input", { type: "hidden", "data-field": "expectedVersion" }),
    formMessage(),
    h("div", { class: "actions" }, save, saveAndAccept));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const andAccept = e.submitter === saveAndAccept;
    submitWrite(form, e.submitter ?? save, { busy: "Saving…", noun: "proposal", reload }, async () => {
      // The edit is its own event, so the proposal's history keeps what the extractor said beside what changed.
      const edited = await post(`/proposals/${p.id}/edit`,
        { expectedVersion: p.version, reason: reason.value, changes: patchOf(p, defs, controls) }, apiKey());
      if (!andAccept) return `Edit saved: the proposal is at version ${edited.version}, still waiting.`;
      try {
        await post(`/proposals/${p.id}/accept`, { expectedVersion: edited.version }, apiKey());
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        return `Edit saved (version ${edited.version}), but accepting it was refused: ${err.message}. It is still waiting.`;
      }
      return `Edited and accepted “${claimSummary(p)}”: it is a claim in the ledger now.`;
    });
  });
  return h("details", { class: "review-action" }, h("summary", null, "Edit, then accept"), form);
}

function rejectForm(p, reload) {
  const reason = textarea("", { rows: 2 });
  const submit = h("button", { type: "submit", class: "danger-outline" }, "Reject this proposal");
  const form = h("form", { class: "edit-form review-reject", novalidate: true },
    field({ label: "Why it is rejected (required)", name: "reason", control: reason, wide: true }),
    h("input", { type: "hidden", "data-field": "expectedVersion" }),
    formMessage(),
    h("div", { class: "actions" }, submit));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    submitWrite(form, submit, { busy: "Rejecting…", noun: "proposal", reload }, async () => {
      await post(`/proposals/${p.id}/reject`, { expectedVersion: p.version, reason: reason.value }, apiKey());
      return `Rejected “${claimSummary(p)}”. It stays in the ledger's history and never reaches a view.`;
    });
  });
  return h("details", { class: "review-action" }, h("summary", null, "Reject"), form);
}
