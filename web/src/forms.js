// Form helpers: labelled fields, the API's field errors shown next to the field at fault, and the 409 answer.
import { h, replace } from "./dom.js";
import { ApiError, API_KEY_STORAGE, download } from "./api.js";

let counter = 0;

/**
 * A labelled field. `name` is the field's path as the API names it in `errors` (e.g. "changes.figure.value"),
 * so an error for it is shown right under the control.
 */
export function field({ label, name, control, hint, wide = false }) {
  const id = control.id || `f-${++counter}`;
  control.id = id;
  control.dataset.field = name;
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  control.setAttribute("aria-describedby", [hintId, errorId].filter(Boolean).join(" "));
  return h("div", { class: `field${wide ? " wide" : ""}` },
    h("label", { for: id }, label),
    control,
    hint ? h("p", { class: "hint", id: hintId }, hint) : null,
    h("p", { class: "field-error", id: errorId, hidden: true }));
}

export function input(value, attrs = {}) {
  return h("input", { type: "text", autocomplete: "off", ...attrs, value: value ?? "" });
}

export function textarea(value, attrs = {}) {
  const el = h("textarea", { rows: 3, ...attrs });
  el.value = value ?? "";
  return el;
}

export function select(options, value, attrs = {}) {
  const values = options.includes(value) || value === null || value === undefined ? options : [value, ...options];
  return h("select", attrs, values.map((o) => h("option", { value: o, selected: o === value }, o)));
}

/**
 * The analyst's API key (from `keys issue`), sent as X-Api-Key: writes are recorded as the key's name. Kept in this
 * tab's session storage only, so it is entered once per tab and never outlives the tab.
 */
export function apiKeyField() {
  const control = input(sessionStorage.getItem(API_KEY_STORAGE) ?? "", { name: "apiKey", type: "password", autocomplete: "off", maxlength: 200 });
  control.addEventListener("change", () => sessionStorage.setItem(API_KEY_STORAGE, control.value.trim()));
  return { control, el: field({ label: "API key", name: "X-Api-Key", control, hint: "Writes need a key; the change is recorded under the key's name." }) };
}

export function clearErrors(form) {
  for (const e of form.querySelectorAll(".field-error")) { e.hidden = true; e.textContent = ""; }
  for (const c of form.querySelectorAll("[aria-invalid]")) c.removeAttribute("aria-invalid");
  const general = form.querySelector(".form-message");
  if (general) { general.hidden = true; general.replaceChildren(); general.className = "form-message"; }
}

/** The control an API error key belongs to: the field itself, else its nearest named parent ("changes.names[1]" → names). */
function controlFor(form, key) {
  let k = key;
  while (k) {
    const c = form.querySelector(`[data-field="${CSS.escape(k)}"]`);
    if (c) return c;
    const stripped = k.replace(/\[\d+\]$/, "");
    if (stripped !== k) { k = stripped; continue; }
    const dot = k.lastIndexOf(".");
    if (dot < 0) return null;
    k = k.slice(0, dot);
  }
  return null;
}

/**
 * Shows what the API refused: field errors under their fields, anything else (and a 409) in the form's message area.
 * `onReload` is offered on a 409, to read the current version; `whatHolds` turns a 409 that names the record holding
 * what was sent (a source with the same text) into what to do there, or null when it names none.
 */
export function showProblem(form, error, { noun = "claim", onReload, whatHolds } = {}) {
  clearErrors(form);
  const general = form.querySelector(".form-message");
  const unplaced = [];
  let first = null;
  for (const [key, messages] of Object.entries(error.errors ?? {})) {
    const control = controlFor(form, key);
    if (!control) { unplaced.push(`${key}: ${messages.join("; ")}`); continue; }
    const err = form.querySelector(`#${CSS.escape(control.id)}-error`);
    err.hidden = false;
    err.textContent = (err.textContent ? `${err.textContent} ` : "") + messages.map((m) => (key === control.dataset.field ? m : `${key}: ${m}`)).join("; ");
    control.setAttribute("aria-invalid", "true");
    first ??= control;
  }

  const parts = [];
  const held = error.status === 409 ? whatHolds?.(error.problem) : null;
  if (held) {
    general.className = "form-message conflict";
    parts.push(h("strong", null, error.problem.title ?? "Conflict"), h("p", null, "Nothing was written. ", ...held));
  } else if (error.status === 409) {
    const current = error.problem.currentVersion;
    general.className = "form-message conflict";
    parts.push(h("strong", null, error.problem.title ?? "Conflict"));
    parts.push(h("p", null, error.problem.detail ?? ""));
    if (current !== undefined && current !== null) {
      parts.push(h("p", { class: "current-version" },
        `Nothing was written. The current version of this ${noun} is ${current}: reload it, check what changed, and make your change again.`));
    }
    if (onReload) parts.push(h("button", { type: "button", class: "secondary", onclick: onReload }, current ? `Reload the ${noun} (version ${current})` : `Reload the ${noun}`));
  } else if (unplaced.length || !first) {
    general.className = "form-message error";
    parts.push(h("strong", null, error.problem.title ?? "The change was refused"));
    if (unplaced.length) parts.push(h("ul", null, unplaced.map((u) => h("li", null, u))));
    else if (error.problem.detail) parts.push(h("p", null, error.problem.detail));
  } else {
    general.className = "form-message error";
    parts.push(h("strong", null, "Nothing was written: "), "see the fields marked below.");
  }
  replace(general, parts);
  general.hidden = false;
  general.setAttribute("role", "alert");
  (first ?? general).focus?.();
  if (!first) { general.tabIndex = -1; general.focus(); }
}

export function showSuccess(form, text) {
  const general = form.querySelector(".form-message");
  general.className = "form-message success";
  general.setAttribute("role", "status");
  replace(general, text);
  general.hidden = false;
}

export function formMessage() {
  return h("div", { class: "form-message", hidden: true });
}

/**
 * Sends a form's write. The button is disabled (and says `busy`) while it runs; `send` answers the message that
 * `reload` shows with the page read again; a refusal is shown on the form (a 409 offers the reload) and nothing is
 * written. Anything other than the API's answer is not swallowed.
 */
export async function submitWrite(form, button, { busy, noun, reload }, send) {
  clearErrors(form);
  const label = button.textContent;
  button.disabled = true;
  if (busy) button.textContent = busy;
  try {
    await reload(await send());
  } catch (err) {
    button.disabled = false;
    button.textContent = label;
    if (!(err instanceof ApiError)) throw err;
    showProblem(form, err, { noun, onReload: () => reload() });
  }
}

/**
 * Runs `work`, which takes seconds, with the button disabled and `status` (a role=status element) saying `text`;
 * both are restored however it ends. Answers what `work` answers.
 */
export async function busyWhile(button, status, text, work) {
  button.disabled = true;
  status.textContent = text;
  try {
    return await work();
  } finally {
    button.disabled = false;
    status.textContent = "";
  }
}

/** A button that saves a file the API writes (a CSV); a refusal is shown beside it. */
export function downloadButton(label, path, params) {
  const error = h("span", { class: "field-error", role: "alert", hidden: true });
  const button = h("button", { type: "button", class: "secondary csv-download" }, label);
  // The file is saved when the whole of it has arrived: every figure of a large ledger takes seconds to write, so the
  // button says it is at work until then.
  const status = h("span", { class: "hint", role: "status" });
  button.addEventListener("click", async () => {
    error.hidden = true;
    try {
      await busyWhile(button, status, "Preparing the file…", () => download(path, params));
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  });
  return h("p", { class: "download" }, button, " ", status, " ", error);
}
