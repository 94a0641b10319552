// One document's scorecard and one indicator's evidence, rendered from the report JSON.
import { addressedBadge, entryBadge, levelBadge } from "./badges.js";
import { h } from "./dom.js";
import { highlightFragment } from "./highlight.js";
import { formatNumber, t, tn } from "./i18n.js";
import { dimensions, indicatorDefinition, indicatorName } from "./names.js";

function downloadButton(labelKey, fmt, actions) {
  return h("button", { type: "button", class: "download", dataset: { format: fmt }, onclick: () => actions.onDownload(fmt) }, t(labelKey));
}

// actions: {onDownload(fmt), onEvidence(indicatorId, trigger)}; notice: a one-off message
export function renderReport(box, doc, report, actions, notice = "") {
  const d = report.document;
  const meta = [doc.country, doc.year, doc.sector, tn("card.pages", d.pages), (d.languages || []).join(", ").toUpperCase()].filter(Boolean).join(" · ");
  const inds = report.indicators || [];
  const nodes = [
    h("p", { class: "noprint" }, h("a", { href: "#/documents" }, `← ${t("card.back")}`)),
    notice ? h("p", { class: "notice", role: "status" }, notice) : null,
    h("h2", { id: "report-title" }, doc.title || doc.filename),
    h("p", { class: "doc-meta" }, [doc.title ? `${doc.filename} · ` : "", meta]),
    h("div", { class: "downloads noprint", role: "group", "aria-label": t("card.download") }, [
      h("span", {}, t("card.download")),
      downloadButton("card.json", "json", actions),
      downloadButton("card.csv", "csv", actions),
      downloadButton("card.html", "html", actions),
      h("button", { type: "button", onclick: () => window.print() }, t("card.print")),
    ]),
  ];
  if (d.message) nodes.push(h("p", { class: d.status.startsWith("ok") ? "warning" : "error" }, `${d.status}: ${d.message}`));
  for (const w of d.warnings || []) nodes.push(h("p", { class: "warning" }, w));
  if (!inds.length) {
    nodes.push(h("p", { class: "error" }, t("card.noIndicators")));
    box.replaceChildren(...nodes.filter(Boolean));
    return;
  }
  const count = (f) => inds.filter(f).length;
  nodes.push(
    h("p", { class: "summary", id: "summary" }, t("card.summary", {
      addressed: count((i) => i.addressed),
      total: inds.length,
      entry: count((i) => i.entry_point),
      mainstreamed: count((i) => i.returnee_level === 3),
    })),
    legend(),
  );
  for (const dim of dimensions(report)) {
    const rows = inds.filter((i) => i.dimension === dim.id);
    if (!rows.length) continue;
    const n = (f) => rows.filter(f).length;
    const dimSummary = t("card.dimSummary", {
      addressed: n((i) => i.addressed), total: rows.length, entry: n((i) => i.entry_point), mainstreamed: n((i) => i.returnee_level === 3),
    });
    nodes.push(h("section", { class: "dimension", "aria-labelledby": `dim-${dim.id}` }, [
      h("h3", { id: `dim-${dim.id}` }, [dim.name, h("span", { class: "dim-summary" }, dimSummary)]),
      h("table", { class: "scorecard" }, [
        h("thead", {}, h("tr", {}, [
          h("th", { scope: "col" }, t("card.indicatorHead")),
          h("th", { scope: "col" }, t("card.addressedHead")),
          h("th", { scope: "col" }, t("card.levelHead")),
          h("th", { scope: "col" }, t("card.evidenceHead")),
        ])),
        h("tbody", {}, rows.map((ind) => indicatorRow(ind, actions))),
      ]),
    ]));
  }
  box.replaceChildren(...nodes.filter(Boolean));
}

function legend() {
  return h("details", { class: "legend", open: true }, [
    h("summary", {}, t("card.legend")),
    h("ul", {}, [
      ...[0, 1, 2, 3].map((n) => h("li", {}, [levelBadge(n), " ", t(`level.help.${n}`)])),
      h("li", {}, entryBadge()),
    ]),
  ]);
}

function indicatorRow(ind, actions) {
  const name = indicatorName(ind.id, ind.name);
  const pages = [...new Set((ind.evidence || []).map((e) => e.page))];
  const open = (e) => actions.onEvidence(ind.id, e.currentTarget);
  return h("tr", { class: ind.entry_point ? "entry" : "", dataset: { indicatorRow: ind.id, level: ind.returnee_level } }, [
    h("th", { scope: "row" }, [
      h("button", { type: "button", class: "ind-button", dataset: { indicator: ind.id }, "aria-haspopup": "dialog", onclick: open }, name),
      h("span", { class: "code" }, ind.id),
    ]),
    h("td", {}, [addressedBadge(ind.addressed), recallHint(ind)]),
    h("td", {}, [levelBadge(ind.returnee_level), ind.entry_point ? h("div", {}, entryBadge()) : null]),
    h("td", {}, ind.evidence && ind.evidence.length
      ? h("button", { type: "button", class: "link", "aria-label": t("card.open", { name }), "aria-haspopup": "dialog", onclick: open },
          `${tn("card.evidenceCount", ind.evidence.length)} · p. ${pages.join(", ")}`)
      : h("span", { class: "muted" }, t("card.evidenceNone"))),
  ]);
}

export function renderEvidence(titleEl, bodyEl, ind) {
  const name = indicatorName(ind.id, ind.name);
  titleEl.textContent = t("ev.title", { name });
  const body = [
    h("p", { class: "ev-status" }, [addressedBadge(ind.addressed), " ", levelBadge(ind.returnee_level), ind.entry_point ? [" ", entryBadge()] : null].flat()),
  ];
  const def = indicatorDefinition(ind.id);
  if (def) body.push(h("details", { class: "definition" }, [h("summary", {}, t("ev.definition")), h("p", {}, def)]));
  body.push(h("p", { class: "reliability" }, reliabilityText(ind.reliability)));
  if (!ind.evidence || !ind.evidence.length) {
    body.push(h("p", {}, t("ev.none")));
  } else {
    body.push(h("p", { class: "hint" }, t("ev.highlightNote")));
    body.push(h("ol", { class: "evidence" }, ind.evidence.map(evidenceItem)));
  }
  bodyEl.replaceChildren(...body);
}

// Held-out figures of this indicator (report field "reliability"): a "not addressed" on an
// indicator the analyser often misses should read as "look again", not as a finding.
const percent = (x) => String(Math.round(x * 100));

function recallHint(ind) {
  const r = ind.reliability;
  return r ? h("div", { class: "muted reliability-hint" }, t("card.recallHint", { recall: percent(r.recall) })) : null;
}

function reliabilityText(r) {
  if (!r) return t("ev.reliabilityNone");
  return t("ev.reliability", { lang: r.lang.toUpperCase(), recall: percent(r.recall), precision: percent(r.precision), n: r.gold_passages });
}

function evidenceItem(e) {
  const facts = [
    t("ev.score", { score: formatNumber(e.score) }),
    t("ev.returnee", { group: t(`group.${e.returnee}`, {}, e.returnee) }),
    t("ev.part", { part: t(`part.${e.part}`, {}, e.part) }),
  ];
  if (e.anchors && e.anchors.length) facts.push(t("ev.anchors", { anchors: e.anchors.map((a) => t(`anchor.${a}`, {}, a)).join(", ") }));
  return h("li", { class: `ev ev-${e.returnee}` }, [
    h("p", { class: "ev-where" }, [
      h("strong", { class: "ev-page" }, t("ev.page", { page: e.page })),
      e.section ? [" · ", h("span", { class: "ev-section" }, t("ev.section", { section: e.section }))] : null,
    ].flat()),
    h("blockquote", {}, highlightFragment(e.text, e.returnee_terms)),
    h("p", { class: "ev-facts" }, facts.join(" · ")),
  ]);
}
