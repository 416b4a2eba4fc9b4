// The dashboard's shell: hash routes (#/figures?asOf=...), the time-travel controls, and the view in <main>.
// The dates travel in the URL, so any view can be shared as it was known or recorded then.
import { ApiError } from "./api.js";
import { h, replace } from "./dom.js";
import { formatPartialDate, instant } from "./format.js";
import { figuresView } from "./views/figures.js";
import { figureView } from "./views/figure.js";
import { partnershipView } from "./views/partnership.js";
import { projectsView, projectView } from "./views/projects.js";
import { claimView } from "./views/claim.js";
import { sourcesView, sourceView } from "./views/sources.js";
import { reviewQueueView, reviewView } from "./views/review.js";
import { changesView } from "./views/changes.js";

const TIME_KEYS = ["validAt", "asOf", "recordedAsOf"];

// The axes each page answers under; a date set for another page is kept in the URL and the banner says it is unused here.
const EVERY_AXIS = TIME_KEYS;
const SOURCE_AXES = ["asOf", "recordedAsOf"];
const routes = [
  { pattern: /^\/?$/, nav: "figures", view: figuresView, axes: EVERY_AXIS },
  { pattern: /^\/figures$/, nav: "figures", view: figuresView, axes: EVERY_AXIS },
  { pattern: /^\/figures\/(.+)$/, nav: "figures", view: figureView, axes: EVERY_AXIS },
  { pattern: /^\/partnership$/, nav: "partnership", view: partnershipView, axes: EVERY_AXIS },
  { pattern: /^\/projects$/, nav: "projects", view: projectsView, axes: EVERY_AXIS },
  { pattern: /^\/projects\/(.+)$/, nav: "projects", view: projectView, axes: EVERY_AXIS },
  { pattern: /^\/claims\/([0-9a-fA-F-]{36})$/, nav: null, view: claimView, axes: ["recordedAsOf"] },
  { pattern: /^\/sources$/, nav: "sources", view: sourcesView, axes: SOURCE_AXES },
  { pattern: /^\/sources\/([0-9a-fA-F-]{36})$/, nav: "sources", view: sourceView, axes: SOURCE_AXES },
  { pattern: /^\/review$/, nav: "review", view: reviewQueueView, axes: [] },
  { pattern: /^\/sources\/([0-9a-fA-F-]{36})\/review$/, nav: "review", view: reviewView, axes: [] },
  { pattern: /^\/changes$/, nav: "changes", view: changesView, axes: [] },
];

/** The route in the hash: a path and its query (the time axes and any view options). */
export function parseHash(hash = location.hash) {
  const text = hash.replace(/^#/, "") || "/figures";
  const [path, query = ""] = text.split("?");
  return { path: decodeURIComponent(path), params: new URLSearchParams(query) };
}

function timeOf(params) {
  return Object.fromEntries(TIME_KEYS.map((k) => [k, params.get(k) || null]));
}
const NO_TIME = Object.fromEntries(TIME_KEYS.map((k) => [k, null]));

/** A link to a path that keeps the current time axes (and adds any extra parameters). */
export function link(path, extra = {}, time = timeOf(parseHash().params)) {
  const q = new URLSearchParams();
  for (const key of TIME_KEYS) if (time[key]) q.set(key, time[key]);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  const query = q.toString();
  return `#${path}${query ? `?${query}` : ""}`;
}

const main = document.getElementById("main");
const timeForm = document.getElementById("time-travel");
const validAtInput = document.getElementById("valid-at");
const asOfInput = document.getElementById("as-of");
const recordedInput = document.getElementById("recorded-as-of");
const timeError = document.getElementById("time-error");
const banner = document.getElementById("time-banner");
const position = document.getElementById("ledger-position");

let renderToken = 0;
let lastPath = null;

/** recordedAsOf in the URL is an ISO instant (UTC); the control shows it without the zone. */
function instantToInput(value) {
  if (!value) return "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00`;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return "";
  return d.toISOString().slice(0, 19);
}

function inputToInstant(value) {
  if (!value) return null;
  const withSeconds = value.length === 16 ? `${value}:00` : value;
  return `${withSeconds}Z`;
}

function setTime(changes) {
  const { path, params } = parseHash();
  for (const [k, v] of Object.entries(changes)) {
    if (v) params.set(k, v);
    else params.delete(k);
  }
  const query = params.toString();
  location.hash = `#${path}${query ? `?${query}` : ""}`;
}

const controls = {
  validAt: { input: validAtInput, read: () => validAtInput.value || null },
  asOf: { input: asOfInput, read: () => asOfInput.value || null },
  recordedAsOf: { input: recordedInput, read: () => inputToInstant(recordedInput.value) },
};
/** An axis by its control's label (“Valid at”), in the banner and in errors alike. */
const nameOf = (key) => controls[key].input.labels[0].textContent.trim();
for (const [key, c] of Object.entries(controls)) c.input.addEventListener("change", () => setTime({ [key]: c.read() }));
timeForm.addEventListener("submit", (e) => {
  e.preventDefault();
  setTime(Object.fromEntries(Object.entries(controls).map(([key, c]) => [key, c.read()])));
});
for (const button of timeForm.querySelectorAll("[data-clear]")) {
  button.addEventListener("click", () => setTime({ [button.dataset.clear]: null }));
}
document.querySelector("[data-skip]").addEventListener("click", (e) => {
  e.preventDefault();
  main.focus();
});

const isDay = (v) => Boolean(v) && /^\d{4}-\d{2}-\d{2}$/.test(v);

function showTime(time, used) {
  validAtInput.value = isDay(time.validAt) ? time.validAt : "";
  asOfInput.value = isDay(time.asOf) ? time.asOf : "";
  recordedInput.value = instantToInput(time.recordedAsOf);
  const parts = [];
  if (time.validAt) parts.push(`the state in effect on ${formatPartialDate(time.validAt)}`);
  if (time.asOf) parts.push(`only what sources had published by ${formatPartialDate(time.asOf)}`);
  if (time.recordedAsOf) parts.push(`the ledger as it was recorded at ${instant(time.recordedAsOf)}`);
  const unused = TIME_KEYS.filter((k) => time[k] && !used.includes(k)).map((k) => `“${nameOf(k)}”`);
  if (parts.length) {
    replace(banner,
      h("strong", null, "Time travel: "), `showing ${parts.join(", and ")}. `,
      unused.length ? h("span", { id: "time-unused" }, `This page does not use ${unused.join(" or ")}; it is kept for the pages that do. `) : null,
      h("a", { href: link(parseHash().path, {}, NO_TIME) }, "Back to the ledger now"));
    banner.hidden = false;
  } else {
    banner.hidden = true;
    banner.replaceChildren();
  }
}

/** A time axis the API refused (validAt, asOf, recordedAsOf) is named next to its control. */
function showTimeErrors(error) {
  const messages = [];
  for (const [key, { input }] of Object.entries(controls)) {
    const errs = error?.errors?.[key];
    input.toggleAttribute("aria-invalid", Boolean(errs));
    if (errs) messages.push(`${nameOf(key)}: ${errs.join("; ")}`);
  }
  timeError.hidden = messages.length === 0;
  timeError.textContent = messages.join(" ");
  return messages.length > 0;
}

export function setLedgerPosition(n) {
  position.textContent = n === undefined || n === null ? "" : `Ledger position ${n}`;
}

function errorView(error) {
  if (error instanceof ApiError) {
    return h("div", { class: "error-panel", role: "alert" },
      h("h1", { tabindex: "-1" }, error.status === 404 ? "Not found" : "The ledger refused this request"),
      h("p", null, error.problem.title ?? "Error", error.status ? ` (HTTP ${error.status})` : ""),
      error.problem.detail ? h("p", null, error.problem.detail) : null,
      Object.keys(error.errors).length
        ? h("ul", null, Object.entries(error.errors).map(([f, m]) => h("li", null, h("code", null, f), ": ", m.join("; "))))
        : null,
      h("p", null, h("a", { href: link("/figures") }, "Go to the figures")));
  }
  console.error(error);
  return h("div", { class: "error-panel", role: "alert" },
    h("h1", { tabindex: "-1" }, "Something went wrong"), h("p", null, String(error?.message ?? error)));
}

async function render() {
  const token = ++renderToken;
  const { path, params } = parseHash();
  const time = timeOf(params);
  const route = routes.find((r) => r.pattern.test(path));
  const pathChanged = lastPath !== null && lastPath !== path;
  lastPath = path;
  showTime(time, route?.axes ?? []);
  showTimeErrors(null);
  for (const a of document.querySelectorAll("[data-nav]")) {
    const active = route && a.dataset.nav === route.nav;
    if (active) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
    a.href = link(`/${a.dataset.nav}`, {}, time);
  }

  main.dataset.state = "loading";
  main.setAttribute("aria-busy", "true");
  const container = h("div", { class: "view" });
  const ctx = {
    path, params, time, link,
    current: () => token === renderToken,
    setPosition: setLedgerPosition,
    navigate: (to) => { location.hash = to; },
    rerender: () => render(),
  };
  let view = "not-found";
  try {
    if (!route) {
      replace(container, h("h1", { tabindex: "-1" }, "No such page"), h("p", null, h("a", { href: link("/figures") }, "Go to the figures")));
    } else {
      view = route.nav ?? "claim";
      const m = route.pattern.exec(path);
      await route.view(container, ctx, ...m.slice(1).map(decodeURIComponent));
    }
  } catch (error) {
    if (token !== renderToken) return;
    showTimeErrors(error instanceof ApiError ? error : null);
    replace(container, errorView(error));
    view = "error";
  }
  if (token !== renderToken) return;
  main.replaceChildren(container);
  main.dataset.view = view;
  main.dataset.validAt = time.validAt ?? "";
  main.dataset.asOf = time.asOf ?? "";
  main.dataset.recordedAsOf = time.recordedAsOf ?? "";
  main.dataset.state = view === "error" ? "error" : "ready";
  main.removeAttribute("aria-busy");
  document.title = `${container.querySelector("h1")?.textContent ?? "ClaimsLedger"} · ClaimsLedger`;
  if (pathChanged) {
    window.scrollTo(0, 0);
    container.querySelector("h1")?.focus({ preventScroll: true });
  }
  for (const fn of container.afterRender ?? []) fn();
}

window.addEventListener("hashchange", render);
let resizeTimer;
let lastWidth = window.innerWidth;
window.addEventListener("resize", () => {
  // Charts are drawn to the width they have: redraw when it changes (not on every pixel).
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    if (Math.abs(window.innerWidth - lastWidth) < 40) return;
    lastWidth = window.innerWidth;
    for (const redraw of main.querySelectorAll("[data-redraw]")) redraw.dispatchEvent(new CustomEvent("redraw"));
  }, 250);
});
render();
