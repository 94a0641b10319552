// The organisation's documents: list, coverage matrix and the comparison of two versions.
import { entryBadge, LEVEL_ICONS, levelBadge } from "./badges.js";
import { h } from "./dom.js";
import { formatDate, t, tn } from "./i18n.js";
import { dimensionName, docLabel, indicatorDimension, indicatorName } from "./names.js";

export function renderDocList(box, list, onDelete) {
  if (!list.items.length) {
    box.replaceChildren(h("p", { class: "muted" }, t("docs.empty")));
    return;
  }
  box.replaceChildren(
    h("p", { class: "muted" }, tn("docs.total", list.total)),
    h("table", { class: "docs" }, [
      h("thead", {}, h("tr", {}, ["docs.file", "upload.country", "upload.year", "upload.sector", "docs.status", "docs.created", "docs.actions"].map((k) => h("th", { scope: "col" }, t(k))))),
      h("tbody", {}, list.items.map((doc) => h("tr", { dataset: { documentId: doc.id } }, [
        h("th", { scope: "row" }, doc.status === "done" ? h("a", { href: `#/documents/${encodeURIComponent(doc.id)}` }, doc.title || doc.filename) : doc.title || doc.filename),
        h("td", {}, doc.country || ""),
        h("td", {}, doc.year || ""),
        h("td", {}, doc.sector || ""),
        h("td", {}, [t(`status.${doc.status}`, {}, doc.status), doc.status === "failed" && doc.message ? h("div", { class: "muted" }, doc.message) : null]),
        h("td", {}, formatDate(doc.created_at)),
        h("td", {}, h("button", { type: "button", class: "danger", onclick: () => onDelete(doc) }, t("docs.delete"))),
      ]))),
    ]),
  );
}

export function renderCoverage(box, cov, onDownload) {
  if (!cov.documents.length) {
    box.replaceChildren(h("p", { class: "muted" }, t("cov.empty")));
    return;
  }
  const cells = new Map(cov.rows.map((r) => [`${r.document_id}|${r.indicator}`, r]));
  const totals = new Map((cov.summary || []).map((x) => [x.indicator, x]));
  const dims = [];
  for (const id of cov.indicators) {
    const dim = indicatorDimension(id);
    if (!dims.length || dims[dims.length - 1].id !== dim) dims.push({ id: dim, n: 0 });
    dims[dims.length - 1].n++;
  }
  const cell = (doc, ind) => {
    const r = cells.get(`${doc.id}|${ind}`);
    if (!r) return h("td", { class: "na" }, "–");
    const n = Number(r.returnee_level) || 0;
    const text = `${indicatorName(ind)}: ${t(`level.${n}`)}${r.entry_point ? `; ${t("entry.short")}` : ""}${r.addressed ? "" : `; ${t("addressed.no")}`}`;
    return h("td", { class: `lvl-cell l${n}${r.entry_point ? " entry" : ""}${r.addressed ? "" : " not-addressed"}`, title: text }, [
      h("span", { "aria-hidden": "true" }, `${LEVEL_ICONS[n]}${r.entry_point ? "⚑" : ""}`),
      h("span", { class: "sr-only" }, text),
    ]);
  };
  box.replaceChildren(
    h("div", { class: "downloads noprint" }, h("button", {
      type: "button", class: "download", dataset: { format: "coverage-csv" },
      onclick: onDownload,
    }, t("cov.download"))),
    h("div", { class: "matrix-scroll", tabindex: "0", role: "region", "aria-label": t("cov.title") }, h("table", { class: "matrix" }, [
      h("caption", {}, t("cov.caption")),
      h("thead", {}, [
        h("tr", {}, [h("td", {}), ...dims.map((d) => h("th", { scope: "colgroup", colspan: d.n }, dimensionName(d.id)))]),
        h("tr", {}, [h("th", { scope: "col" }, t("cov.document")), ...cov.indicators.map((id) => h("th", { scope: "col", class: "ind-head", title: indicatorName(id) }, h("abbr", { title: indicatorName(id) }, id.split(".").slice(1).join(".") || id)))]),
      ]),
      h("tbody", {}, cov.documents.map((doc) => h("tr", {}, [
        h("th", { scope: "row" }, h("a", { href: `#/documents/${encodeURIComponent(doc.id)}` }, docLabel(doc))),
        ...cov.indicators.map((ind) => cell(doc, ind)),
      ]))),
      h("tfoot", {}, h("tr", {}, [
        h("th", { scope: "row" }, t("cov.totals")),
        ...cov.indicators.map((ind) => {
          const s = totals.get(ind);
          if (!s) return h("td", { class: "na" }, "–");
          const text = t("cov.totalsCell", { indicator: indicatorName(ind), ...s });
          return h("td", { class: "total", title: text }, [h("span", { "aria-hidden": "true" }, `${s.addressed}/${s.documents}`), h("span", { class: "sr-only" }, text)]);
        }),
      ])),
    ])),
  );
}

export function renderComparison(box, ra, rb) {
  const byId = (r) => new Map(r.report.indicators.map((i) => [i.id, i]));
  const ia = byId(ra);
  const ib = byId(rb);
  const ids = [...new Set([...ia.keys(), ...ib.keys()])];
  const tally = { up: 0, down: 0, same: 0 };
  const side = (ind) => (ind ? [levelBadge(ind.returnee_level), h("div", { class: "muted" }, t(ind.addressed ? "addressed.yes" : "addressed.no")), ind.entry_point ? entryBadge(true) : null] : "–");
  const rows = ids.map((id) => {
    const la = ia.has(id) ? ia.get(id).returnee_level : 0;
    const lb = ib.has(id) ? ib.get(id).returnee_level : 0;
    const kind = lb > la ? "up" : lb < la ? "down" : "same";
    tally[kind]++;
    const icon = { up: "▲", down: "▼", same: "=" }[kind];
    const delta = lb - la;
    return h("tr", { class: `change-${kind}`, dataset: { indicator: id } }, [
      h("th", { scope: "row" }, [indicatorName(id, (ia.get(id) || ib.get(id)).name), h("span", { class: "code" }, id)]),
      h("td", {}, side(ia.get(id))),
      h("td", {}, side(ib.get(id))),
      h("td", { class: `change ${kind}` }, [h("span", { "aria-hidden": "true" }, icon), ` ${t(`cmp.${kind}`)}${delta ? ` (${delta > 0 ? "+" : ""}${delta})` : ""}`]),
    ]);
  });
  box.replaceChildren(
    h("p", { class: "summary" }, t("cmp.summary", tally)),
    h("table", { class: "compare" }, [
      h("thead", {}, h("tr", {}, [
        h("th", { scope: "col" }, t("card.indicatorHead")),
        h("th", { scope: "col" }, `A: ${docLabel(ra.doc)}`),
        h("th", { scope: "col" }, `B: ${docLabel(rb.doc)}`),
        h("th", { scope: "col" }, t("cmp.change")),
      ])),
      h("tbody", {}, rows),
    ]),
  );
}
