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

export async function get(path, params) {
  const query = params ? new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== "")) : null;
  const url = query && [...query].length ? `${path}?${query}` : path;
  let response;
  try {
    // With closed reads (Ledger__Auth__OpenReads=false) reads need the key too: the one entered in a form, if any.
    const key = sessionStorage.getItem(API_KEY_STORAGE);
    response = await fetch(url, { headers: key ? { Accept: "application/json", "X-Api-Key": key } : { Accept: "application/json" } });
  } catch (e) {
    throw new ApiError(0, { title: "The service cannot be reached", detail: String(e.message ?? e) }, path);
  }
  return read(response, path);
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
