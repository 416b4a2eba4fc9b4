// A version's field changes as a table: field, before, after (each as the JSON value the field has).
import { h } from "../dom.js";
import { changeValue } from "../format.js";

export function changesTable(changes) {
  return h("div", { class: "table-wrap" }, h("table", { class: "changes" },
    h("thead", null, h("tr", null, h("th", { scope: "col" }, "Field"), h("th", { scope: "col" }, "Before"), h("th", { scope: "col" }, "After"))),
    h("tbody", null, changes.map((c) => h("tr", { dataset: { field: c.field } },
      h("th", { scope: "row" }, c.field),
      h("td", null, c.before === null ? h("span", { class: "hint" }, "—") : h("del", null, changeValue(c.before))),
      h("td", null, c.after === null ? h("span", { class: "hint" }, "(removed)") : h("ins", null, changeValue(c.after))))))));
}
