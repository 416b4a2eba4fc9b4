// Words and numbers as the analysts read them. Nothing here invents data: it only formats what the API returns.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A partial date ("2023", "2023-05", "2023-05-22") as its first and last day (UTC dates). */
export function partialDate(text) {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text ?? "");
  if (!m) return null;
  const y = +m[1], mo = m[2] ? +m[2] : null, d = m[3] ? +m[3] : null;
  const start = new Date(Date.UTC(y, (mo ?? 1) - 1, d ?? 1));
  const end = d ? start : mo ? new Date(Date.UTC(y, mo, 0)) : new Date(Date.UTC(y, 11, 31));
  return { y, mo, d, start, end, precision: d ? "day" : mo ? "month" : "year" };
}

export function formatPartialDate(text) {
  const p = partialDate(text);
  if (!p) return text ?? "";
  if (p.precision === "year") return `${p.y}`;
  if (p.precision === "month") return `${MONTHS[p.mo - 1]} ${p.y}`;
  return `${p.d} ${MONTHS[p.mo - 1]} ${p.y}`;
}

/** A figure period ("2021", "2021-01..2021-09", "2017..2021", "by-2030") with its span and a label. */
export function period(text) {
  const target = /^by-(\d{4})$/.exec(text);
  if (target) {
    const end = new Date(Date.UTC(+target[1], 11, 31));
    return { text, start: null, end, target: true, label: `by ${target[1]}` };
  }
  const parts = text.split("..");
  if (parts.length === 2) {
    const a = partialDate(parts[0]), b = partialDate(parts[1]);
    if (!a || !b) return { text, start: null, end: null, label: text };
    let label;
    if (a.precision === "month" && a.y === b.y) label = `${MONTHS[a.mo - 1]}–${MONTHS[b.mo - 1]} ${a.y}`;
    else label = `${formatPartialDate(parts[0])} – ${formatPartialDate(parts[1])}`;
    return { text, start: a.start, end: b.end, target: false, label };
  }
  const p = partialDate(text);
  if (!p) return { text, start: null, end: null, label: text };
  return { text, start: p.start, end: p.end, target: false, label: formatPartialDate(text) };
}

/** Periods in time order: by end, then by start (a year after the months it contains). */
export function comparePeriods(a, b) {
  const pa = period(a), pb = period(b);
  const ea = pa.end?.getTime() ?? Infinity, eb = pb.end?.getTime() ?? Infinity;
  if (ea !== eb) return ea - eb;
  const sa = pa.start?.getTime() ?? -Infinity, sb = pb.start?.getTime() ?? -Infinity;
  if (sa !== sb) return sb - sa;
  return a < b ? -1 : a > b ? 1 : 0;
}

const numberFormat = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 3 });
export const num = (v) => (v === null || v === undefined ? "—" : numberFormat.format(v).replace("-", "−"));

export const QUALIFIER_WORDS = {
  exact: "", about: "about ", nearly: "nearly ", "more-than": "more than ", "at-most": "at most ", range: "",
};

export const QUALIFIER_LABELS = {
  exact: "exact", about: "about", nearly: "nearly (just under)", "more-than": "more than (exceeded)",
  "at-most": "at most", range: "range (low–high)",
};

/** "more than 7 billion USD", "−35.9%", "10,000–99,999", "rank 1". */
export function figureValue(c) {
  if (!c) return "—";
  const amount = c.qualifier === "range" ? `${num(c.low)}–${num(c.high)}` : num(c.value);
  const scale = c.scale && c.scale !== "one" ? ` ${c.scale}` : "";
  let text;
  switch (c.unit) {
    case "usd": text = `${amount}${scale} USD`; break;
    case "percent": text = `${amount}%`; break;
    case "rank": text = `rank ${amount}`; break;
    default: text = `${amount}${scale}`;
  }
  const basis = c.basePeriod ? ` vs ${period(c.basePeriod).label}` : "";
  return `${QUALIFIER_WORDS[c.qualifier] ?? ""}${text}${basis}`;
}

export const SCALES = { one: 1, thousand: 1e3, million: 1e6, billion: 1e9 };

/** A value in billions of its unit (for the trade chart's y axis). */
export function inBillions(v, scale) {
  return v === null || v === undefined ? null : (v * (SCALES[scale] ?? 1)) / 1e9;
}

/** A count with its noun: "1 source", "3 sources" (numbers grouped as elsewhere). */
export const plural = (n, one, many = `${one}s`) => `${num(n)} ${n === 1 ? one : many}`;

export const humanize = (slug) => (slug ?? "").replaceAll("-", " ");

export function instant(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC").replace(/Z$/, " UTC");
}

export const todayIso = () => new Date().toISOString().slice(0, 10);

/** Project statuses, and a colour for each (by how far the project got). */
export const STATUS_COLOURS = {
  proposed: "#9ecae1",
  planned: "#6baed6",
  "under-negotiation": "#c6a0e0",
  agreed: "#8c6bb1",
  "in-progress": "#41ab5d",
  resumed: "#74c476",
  "under-construction": "#238b45",
  operating: "#00441b",
  completed: "#2b5c8a",
  stalled: "#fd8d3c",
  suspended: "#e6550d",
  cancelled: "#a50f15",
};

export const STATUS_TEXT_DARK = new Set(["proposed", "planned", "under-negotiation", "resumed", "stalled"]);

export const PARTNERSHIP_LEVELS = [
  "diplomatic-relations", "friendship-treaty", "strategic-partnership", "comprehensive-strategic-partnership",
];

export const LEVEL_COLOURS = {
  "diplomatic-relations": "#c6dbef",
  "friendship-treaty": "#9ecae1",
  "strategic-partnership": "#4292c6",
  "comprehensive-strategic-partnership": "#08519c",
};

/** Ten distinguishable colours for sources (Tableau 10). */
export const SOURCE_COLOURS = [
  "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#ff9da7", "#bab0ac", "#e15759",
];

/** A field change's value ("2023-05", 4.5, ["RU", "VN"]) as words. */
export function changeValue(v) {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.length ? v.join(", ") : "(none)";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}
