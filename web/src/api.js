// The ledger's HTTP API, same origin. Every failure becomes an ApiError carrying the problem details.

export class ApiError extends Error {
  constructor(status, problem, path) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
    this.path = path;
  }
  /** Field errors as the API names them ("reason", "changes.figure.value"). */
  get errors() { return this.problem.errors ?? {}; }
}

async function read(response, path) {
  const text = await response.text();
  let body = null;
  if (text) {
    try { body = JSON.parse(text); } catch { body = { title: text.slice(0, 300) }; }
  }
  if (!response.ok) throw new ApiError(response.status, body, path);
  return body;
}

/** Where the dashboard keeps the analyst's API key: this tab's session storage, entered in a form's "API key" field. */
export const API_KEY_STORAGE = "claimsledger.apiKey";

/** A read's response. With closed reads (Ledger__Auth__OpenReads=false) reads need the key too: the one entered in a form, if any. */
async function fetchRead(path, params, accept) {
  const query = params ? new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== "")) : null;
  const url = query && [...query].length ? `${path}?${query}` : path;
  const key = sessionStorage.getItem(API_KEY_STORAGE);
  try {
    return await fetch(url, { headers: key ? { Accept: accept, "X-Api-Key": key } : { Accept: accept } });
  } catch (e) {
    throw new ApiError(0, { title: "The service cannot be reached", detail: String(e.message ?? e) }, path);
  }
}

export async function get(path, params) {
  return read(await fetchRead(path, params, "application/json"), path);
}

/**
 * Saves a file the API writes (a CSV) under the name it gives. Fetched rather than linked, so the key goes with it
 * when reads are closed, and a refusal is shown as any other.
 */
export async function download(path, params) {
  const response = await fetchRead(path, params, "text/csv, application/problem+json");
  if (!response.ok) return read(response, path);
  const name = /filename\*=UTF-8''([^;]+)/.exec(response.headers.get("Content-Disposition") ?? "")?.[1];
  const url = URL.createObjectURL(await response.blob());
  const a = Object.assign(document.createElement("a"), { href: url, download: name ? decodeURIComponent(name) : path.split("/").pop() });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/**
 * Every item of a list the API pages by cursor, following each page's `next`: a list longer than one page (a source
 * with more than 500 claims) is shown whole, not cut at the first page.
 */
export async function getAll(path, params, items) {
  const all = [];
  let after;
  do {
    const page = await get(path, { ...params, after });
    all.push(...page[items]);
    after = page.next;
  } while (after);
  return all;
}

export async function post(path, body, apiKey) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  if (apiKey) headers["X-Api-Key"] = apiKey;
  let response;
  try {
    response = await fetch(path, { method: "POST", headers, body: JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { title: "The service cannot be reached", detail: String(e.message ?? e) }, path);
  }
  return read(response, path);
}

/** The time axes as query parameters, leaving out those not set. */
export function axes(time, { validAt = true, asOf = true, recordedAsOf = true } = {}) {
  const q = {};
  if (validAt && time.validAt) q.validAt = time.validAt;
  if (asOf && time.asOf) q.asOf = time.asOf;
  if (recordedAsOf && time.recordedAsOf) q.recordedAsOf = time.recordedAsOf;
  return q;
}

export const enc = encodeURIComponent;
