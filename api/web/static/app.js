// The adviser's page: sign in, upload, scorecard, evidence, documents, coverage, comparison.
// Plain ES modules, no build step; every request goes to the API that serves this page.
import { ApiError, download, getJson, query, request, session, upload } from "./api.js";
import { h, showMessage } from "./dom.js";
import { highlightFragment } from "./highlight.js";
import { currentLang, formatDate, formatNumber, loadLang, preferredLang, t, tn } from "./i18n.js";

// Shape + colour + text for each level, so colour is never the only cue.
const LEVEL_ICONS = ["○", "◔", "◑", "●"];
const POLL_MS = 1500; // well under the API's per-organisation rate limit

const state = {
  me: null,
  taxonomy: null,
  indicators: new Map(), // id -> {dimension, name_en, name_fr, definition_en, definition_fr}
  reports: new Map(), // document id -> {doc, report}
  filters: {},
  pollToken: 0,
  dialogIndicator: null, // {docId, indicatorId} while the evidence dialog is open
  dialogTrigger: null,
  notice: "", // shown once above the next scorecard (e.g. "already analysed")
};

const $ = (id) => document.getElementById(id);
const dialog = $("evidence-dialog");

// ---------- names in the chosen language ----------

function indicatorName(id, fallback) {
  const info = state.indicators.get(id);
  return (info && (info[`name_${currentLang()}`] || info.name_en)) || fallback || id;
}

function indicatorDefinition(id) {
  const info = state.indicators.get(id);
  return (info && (info[`definition_${currentLang()}`] || info.definition_en)) || "";
}

function dimensions(report) {
  if (state.taxonomy) return state.taxonomy.dimensions.map((d) => ({ id: d.id, name: d[`name_${currentLang()}`] || d.name_en }));
  const ids = [...new Set(report.indicators.map((i) => i.dimension))];
  return ids.map((id) => ({ id, name: id }));
}

function docLabel(doc) {
  const extra = [doc.country, doc.year].filter(Boolean).join(" ");
  return `${doc.title || doc.filename}${extra ? ` (${extra})` : ""}`;
}

function baseName(doc) {
  return (doc.filename || doc.id).replace(/\.pdf$/i, "");
}

// ---------- small visual pieces ----------

function levelBadge(level) {
  const n = Math.max(0, Math.min(3, Number(level) || 0));
  return h("span", { class: `level l${n}`, title: t(`level.help.${n}`) }, [
    h("span", { class: "icon", "aria-hidden": "true" }, LEVEL_ICONS[n]),
    " ",
    h("span", { class: "label" }, t(`level.${n}`)),
  ]);
}

function addressedBadge(addressed) {
  return h("span", { class: addressed ? "addr yes" : "addr no" }, [
    h("span", { class: "icon", "aria-hidden": "true" }, addressed ? "✓" : "✗"),
    " ",
    t(addressed ? "addressed.yes" : "addressed.no"),
  ]);
}

function entryBadge(short = false) {
  return h("span", { class: "entry-badge", title: t("entry.badge") }, [
    h("span", { class: "icon", "aria-hidden": "true" }, "⚑"),
    " ",
    t(short ? "entry.short" : "entry.badge"),
  ]);
}

function errorText(prefixKey, err) {
  const detail = err instanceof ApiError ? (err.status === 0 ? t("error.network") : err.detail) : String(err);
  return t("error.format", { prefix: t(prefixKey), detail });
}

// Any 401 means the key was revoked or is wrong: back to the sign-in form.
function handleError(err, target, prefixKey = "error.generic") {
  if (err instanceof ApiError && err.status === 401) {
    signOut();
    showMessage($("signin-error"), t("signin.invalid"));
    return;
  }
  showMessage(target || $("global-error"), errorText(prefixKey, err));
}

// ---------- sign in / out ----------

// Signed in only once both the key and the taxonomy are known: nothing half-done on failure.
async function signIn(key) {
  const me = await getJson("/v1/me", { key });
  if (!state.taxonomy) {
    const taxonomy = await getJson("/v1/taxonomy", { key });
    for (const dim of taxonomy.dimensions) for (const ind of dim.indicators) state.indicators.set(ind.id, { ...ind, dimension: dim.id });
    state.taxonomy = taxonomy;
  }
  session.set(key);
  state.me = me;
  $("org-name").textContent = t("signedin.as", { org: me.organisation.name });
  $("who").hidden = false;
  $("nav").hidden = false;
}

function signOut() {
  if (dialog.open) dialog.close();
  session.clear();
  state.me = null;
  state.reports.clear();
  state.pollToken++;
  $("who").hidden = true;
  $("nav").hidden = true;
  $("api-key").value = "";
  if (location.hash !== "#/analyse") location.hash = "#/analyse";
  else route();
}

$("signin-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  showMessage($("signin-error"), "");
  const key = $("api-key").value.trim();
  try {
    await signIn(key);
    $("api-key").value = "";
    route();
    $("main").focus();
  } catch (err) {
    session.clear();
    const msg = err instanceof ApiError && err.status === 401 ? t("signin.invalid") : errorText("signin.failed", err);
    showMessage($("signin-error"), msg);
  }
});

$("sign-out").addEventListener("click", signOut);

// ---------- views and routing ----------

function showView(name) {
  for (const v of document.querySelectorAll(".view")) v.hidden = v.id !== `view-${name}`;
  for (const a of document.querySelectorAll("#nav a")) {
    if (a.dataset.route === name || (name === "report" && a.dataset.route === "documents")) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

function route() {
  showMessage($("global-error"), "");
  if (!state.me) {
    showView("signin");
    return;
  }
  const parts = location.hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  if (parts[0] === "documents" && parts[1]) {
    showView("report");
    openReport(decodeURIComponent(parts[1]));
  } else if (parts[0] === "documents") {
    showView("documents");
    loadDocuments();
  } else if (parts[0] === "compare") {
    showView("compare");
    loadCompareChoices();
  } else {
    showView("analyse");
  }
}

window.addEventListener("hashchange", route);

// ---------- upload ----------

const dropZone = $("drop-zone");
const fileInput = $("file-input");

dropZone.addEventListener("click", () => fileInput.click());
fileInput.addEventListener("change", () => {
  if (fileInput.files.length) startUpload(fileInput.files[0]);
  fileInput.value = "";
});
for (const type of ["dragenter", "dragover"]) {
  dropZone.addEventListener(type, (e) => {
    e.preventDefault();
    dropZone.classList.add("dragging");
    $("drop-label").textContent = t("upload.dropping");
  });
}
for (const type of ["dragleave", "drop"]) {
  dropZone.addEventListener(type, () => {
    dropZone.classList.remove("dragging");
    $("drop-label").textContent = t("upload.drop");
  });
}
dropZone.addEventListener("drop", (e) => {
  e.preventDefault();
  const file = e.dataTransfer && e.dataTransfer.files[0];
  if (file) startUpload(file);
});

function setProgress(fraction, label) {
  $("progress-box").hidden = false;
  const bar = $("progress-bar");
  if (fraction === null) bar.removeAttribute("value");
  else bar.value = Math.max(0, Math.min(1, fraction));
  $("progress-label").textContent = label;
}

function uploadFields() {
  const form = $("upload-form");
  const fields = {};
  for (const name of ["title", "country", "year", "sector", "language"]) fields[name] = form.elements[name].value.trim();
  return fields;
}

async function startUpload(file) {
  if (dropZone.disabled) return; // one upload at a time: a drop still fires on a disabled button
  const err = $("upload-error");
  showMessage(err, "");
  if (!/\.pdf$/i.test(file.name) && file.type !== "application/pdf") {
    showMessage(err, t("upload.notPdf"));
    return;
  }
  const token = ++state.pollToken;
  dropZone.disabled = true;
  try {
    setProgress(0, t("upload.sending", { name: file.name, pct: 0 }));
    const { body } = await upload(file, uploadFields(), (f) => setProgress(f, t("upload.sending", { name: file.name, pct: Math.round(f * 100) })));
    $("upload-form").reset(); // the next file must not inherit this one's country, year...
    if (body.duplicate) state.notice = t("upload.duplicate");
    await pollUntilDone(body.document, token);
  } catch (e) {
    $("progress-box").hidden = true;
    handleError(e, err, "upload.error");
  } finally {
    dropZone.disabled = false;
  }
}

function progressText(doc) {
  const p = doc.progress || {};
  const pct = Math.round((Number(p.fraction) || 0) * 100);
  if (doc.status === "queued") return t("upload.queued", { name: doc.filename });
  const stage = p.stage ? t(`stage.${p.stage}`, {}, p.stage) : t("status.running");
  return t("upload.running", { name: doc.filename, stage, pct });
}

async function pollUntilDone(doc, token) {
  for (;;) {
    if (token !== state.pollToken) return; // signed out or another upload started
    if (doc.status === "done") {
      $("progress-box").hidden = true;
      location.hash = `#/documents/${encodeURIComponent(doc.id)}`;
      return;
    }
    if (doc.status === "failed") {
      $("progress-box").hidden = true;
      showMessage($("upload-error"), t("error.format", { prefix: t("upload.failed"), detail: doc.message || doc.doc_status || "" }));
      return;
    }
    setProgress(doc.status === "queued" ? null : Number((doc.progress || {}).fraction) || 0, progressText(doc));
    await new Promise((r) => setTimeout(r, POLL_MS));
    try {
      const body = await getJson(`/v1/documents/${encodeURIComponent(doc.id)}`);
      doc = body.document || body; // the contract returns the Document; tolerate a {document} wrapper
    } catch (e) {
      // rate limited or briefly unavailable: keep the last state and ask again later
      if (!(e instanceof ApiError && (e.status === 429 || e.status === 503 || e.status === 0))) throw e;
      await new Promise((r) => setTimeout(r, 4 * POLL_MS));
    }
  }
}

// ---------- scorecard ----------

async function fetchReport(id) {
  if (state.reports.has(id)) return state.reports.get(id);
  const docBody = await getJson(`/v1/documents/${encodeURIComponent(id)}`);
  const doc = docBody.document || docBody;
  const report = doc.status === "done" ? await getJson(`/v1/documents/${encodeURIComponent(id)}/report?format=json`) : null;
  const entry = { doc, report };
  if (report) state.reports.set(id, entry);
  return entry;
}

async function openReport(id) {
  const box = $("report");
  box.replaceChildren(h("p", { class: "hint" }, t("card.loading")));
  try {
    const { doc, report } = await fetchReport(id);
    if (!report) {
      box.replaceChildren(h("h2", { id: "report-title" }, docLabel(doc)), h("p", {}, `${t(`status.${doc.status}`)} ${doc.message || ""}`));
      return;
    }
    renderReport(box, doc, report);
  } catch (e) {
    box.replaceChildren();
    handleError(e);
  }
}

function downloadButton(labelKey, doc, fmt) {
  const ext = { json: "json", csv: "csv", html: "html" }[fmt];
  return h("button", {
    type: "button",
    class: "download",
    dataset: { format: fmt },
    onclick: () => download(`/v1/documents/${encodeURIComponent(doc.id)}/report?format=${fmt}`, `${baseName(doc)}.scorecard.${ext}`).catch((e) => handleError(e)),
  }, t(labelKey));
}

function renderReport(box, doc, report) {
  const d = report.document;
  const meta = [doc.country, doc.year, doc.sector, tn("card.pages", d.pages), (d.languages || []).join(", ").toUpperCase()].filter(Boolean).join(" · ");
  const inds = report.indicators || [];
  const notice = state.notice;
  state.notice = "";
  const nodes = [
    h("p", { class: "noprint" }, h("a", { href: "#/documents" }, `← ${t("card.back")}`)),
    notice ? h("p", { class: "notice", role: "status" }, notice) : null,
    h("h2", { id: "report-title" }, doc.title || doc.filename),
    h("p", { class: "doc-meta" }, [doc.title ? `${doc.filename} · ` : "", meta]),
    h("div", { class: "downloads noprint", role: "group", "aria-label": t("card.download") }, [
      h("span", {}, t("card.download")),
      downloadButton("card.json", doc, "json"),
      downloadButton("card.csv", doc, "csv"),
      downloadButton("card.html", doc, "html"),
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
        h("tbody", {}, rows.map((ind) => indicatorRow(doc, ind))),
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

function indicatorRow(doc, ind) {
  const name = indicatorName(ind.id, ind.name);
  const pages = [...new Set((ind.evidence || []).map((e) => e.page))];
  const open = (e) => openEvidence(doc.id, ind.id, e.currentTarget);
  return h("tr", { class: ind.entry_point ? "entry" : "", dataset: { indicatorRow: ind.id, level: ind.returnee_level } }, [
    h("th", { scope: "row" }, [
      h("button", { type: "button", class: "ind-button", dataset: { indicator: ind.id }, "aria-haspopup": "dialog", onclick: open }, name),
      h("span", { class: "code" }, ind.id),
    ]),
    h("td", {}, addressedBadge(ind.addressed)),
    h("td", {}, [levelBadge(ind.returnee_level), ind.entry_point ? h("div", {}, entryBadge()) : null]),
    h("td", {}, ind.evidence && ind.evidence.length
      ? h("button", { type: "button", class: "link", "aria-label": t("card.open", { name }), "aria-haspopup": "dialog", onclick: open },
          `${tn("card.evidenceCount", ind.evidence.length)} · p. ${pages.join(", ")}`)
      : h("span", { class: "muted" }, t("card.evidenceNone"))),
  ]);
}

// ---------- evidence drill-down ----------

function openEvidence(docId, indicatorId, trigger) {
  state.dialogIndicator = { docId, indicatorId };
  state.dialogTrigger = trigger;
  renderEvidence();
  if (!dialog.open) dialog.showModal(); // native modal: Escape closes it, focus stays inside
  $("evidence-close").focus();
}

function renderEvidence() {
  const { docId, indicatorId } = state.dialogIndicator;
  const entry = state.reports.get(docId);
  const ind = entry.report.indicators.find((i) => i.id === indicatorId);
  const name = indicatorName(ind.id, ind.name);
  $("evidence-title").textContent = t("ev.title", { name });
  const body = [
    h("p", { class: "ev-status" }, [addressedBadge(ind.addressed), " ", levelBadge(ind.returnee_level), ind.entry_point ? [" ", entryBadge()] : null].flat()),
  ];
  const def = indicatorDefinition(ind.id);
  if (def) body.push(h("details", { class: "definition" }, [h("summary", {}, t("ev.definition")), h("p", {}, def)]));
  if (!ind.evidence || !ind.evidence.length) {
    body.push(h("p", {}, t("ev.none")));
  } else {
    body.push(h("p", { class: "hint" }, t("ev.highlightNote")));
    body.push(h("ol", { class: "evidence" }, ind.evidence.map(evidenceItem)));
  }
  $("evidence-body").replaceChildren(...body);
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

$("evidence-close").addEventListener("click", () => dialog.close());
dialog.addEventListener("close", () => {
  // back to the control that opened it; after a redraw (language switch) to its new copy
  const id = state.dialogIndicator && state.dialogIndicator.indicatorId;
  const trigger = state.dialogTrigger && document.contains(state.dialogTrigger)
    ? state.dialogTrigger
    : id && document.querySelector(`button.ind-button[data-indicator="${CSS.escape(id)}"]`);
  if (trigger) trigger.focus();
  state.dialogIndicator = null;
  state.dialogTrigger = null;
});

// ---------- documents and coverage ----------

const filterForm = $("filter-form");
filterForm.addEventListener("submit", (e) => {
  e.preventDefault();
  state.filters = Object.fromEntries(["country", "year", "sector"].map((k) => [k, filterForm.elements[k].value.trim()]));
  loadDocuments();
});
filterForm.addEventListener("reset", () => {
  state.filters = {};
  setTimeout(loadDocuments, 0); // after the form has cleared its fields
});

function fillDatalist(id, values) {
  $(id).replaceChildren(...[...new Set(values.filter(Boolean).map(String))].sort().map((v) => h("option", { value: v })));
}

async function loadDocuments() {
  try {
    const list = await getJson(`/v1/documents${query({ ...state.filters, limit: 500 })}`);
    renderDocList(list);
    fillDatalist("country-list", list.items.map((d) => d.country));
    fillDatalist("sector-list", list.items.map((d) => d.sector));
    renderCoverage(await getJson(`/v1/coverage${query(state.filters)}`));
  } catch (e) {
    handleError(e);
  }
}

function renderDocList(list) {
  const box = $("doc-list");
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
        h("td", {}, h("button", { type: "button", class: "danger", onclick: () => deleteDocument(doc) }, t("docs.delete"))),
      ]))),
    ]),
  );
}

async function deleteDocument(doc) {
  if (!window.confirm(t("docs.confirmDelete", { name: doc.title || doc.filename }))) return;
  try {
    await request(`/v1/documents/${encodeURIComponent(doc.id)}`, { method: "DELETE" });
    state.reports.delete(doc.id);
    loadDocuments();
  } catch (e) {
    handleError(e);
  }
}

function renderCoverage(cov) {
  const box = $("coverage");
  if (!cov.documents.length) {
    box.replaceChildren(h("p", { class: "muted" }, t("cov.empty")));
    return;
  }
  const cells = new Map(cov.rows.map((r) => [`${r.document_id}|${r.indicator}`, r]));
  const totals = new Map((cov.summary || []).map((x) => [x.indicator, x]));
  const dims = [];
  for (const id of cov.indicators) {
    const dim = (state.indicators.get(id) || {}).dimension || id.split(".")[0];
    if (!dims.length || dims[dims.length - 1].id !== dim) dims.push({ id: dim, n: 0 });
    dims[dims.length - 1].n++;
  }
  const dimName = (id) => {
    const d = state.taxonomy && state.taxonomy.dimensions.find((x) => x.id === id);
    return d ? d[`name_${currentLang()}`] || d.name_en : id;
  };
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
      onclick: () => download(`/v1/coverage${query({ ...state.filters, format: "csv" })}`, "coverage.csv").catch((e) => handleError(e)),
    }, t("cov.download"))),
    h("div", { class: "matrix-scroll", tabindex: "0", role: "region", "aria-label": t("cov.title") }, h("table", { class: "matrix" }, [
      h("caption", {}, t("cov.caption")),
      h("thead", {}, [
        h("tr", {}, [h("td", {}), ...dims.map((d) => h("th", { scope: "colgroup", colspan: d.n }, dimName(d.id)))]),
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

// ---------- comparison of two versions ----------

async function loadCompareChoices() {
  try {
    const list = await getJson(`/v1/documents${query({ status: "done", limit: 500 })}`);
    const a = $("cmp-a");
    const b = $("cmp-b");
    const keepA = a.value;
    const keepB = b.value;
    const options = () => list.items.map((d) => h("option", { value: d.id }, docLabel(d)));
    a.replaceChildren(...options());
    b.replaceChildren(...options());
    if (!list.items.length) {
      showMessage($("compare-error"), t("cmp.none"));
      return;
    }
    showMessage($("compare-error"), "");
    // default: the two most recent documents, older one as A
    a.value = keepA || (list.items[1] || list.items[0]).id;
    b.value = keepB || list.items[0].id;
    if ($("comparison").childElementCount && a.value && b.value) runComparison();
  } catch (e) {
    handleError(e, $("compare-error"));
  }
}

$("compare-form").addEventListener("submit", (e) => {
  e.preventDefault();
  runComparison();
});

async function runComparison() {
  const a = $("cmp-a").value;
  const b = $("cmp-b").value;
  showMessage($("compare-error"), "");
  if (!a || !b || a === b) {
    showMessage($("compare-error"), t("cmp.need"));
    return;
  }
  try {
    const [ra, rb] = await Promise.all([fetchReport(a), fetchReport(b)]);
    if (!ra.report || !rb.report) {
      showMessage($("compare-error"), t("cmp.need"));
      return;
    }
    renderComparison(ra, rb);
  } catch (err) {
    handleError(err, $("compare-error"));
  }
}

function renderComparison(ra, rb) {
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
  $("comparison").replaceChildren(
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

// ---------- language ----------

function markLang() {
  for (const b of document.querySelectorAll("[data-lang]")) b.setAttribute("aria-pressed", String(b.dataset.lang === currentLang()));
}

for (const b of document.querySelectorAll("[data-lang]")) {
  b.addEventListener("click", async () => {
    await loadLang(b.dataset.lang);
    markLang();
    if (state.me) $("org-name").textContent = t("signedin.as", { org: state.me.organisation.name });
    // re-render what is on screen from cached data in the new language
    if (!$("view-report").hidden && state.reports.size) route();
    else if (!$("view-documents").hidden) loadDocuments();
    else if (!$("view-compare").hidden && $("comparison").childElementCount) runComparison();
    if (state.dialogIndicator) renderEvidence();
  });
}

// ---------- start ----------

async function start() {
  await loadLang(preferredLang());
  markLang();
  const key = session.get();
  if (key) {
    try {
      await signIn(key);
    } catch (e) {
      session.clear();
      if (!(e instanceof ApiError && e.status === 401)) showMessage($("signin-error"), errorText("signin.failed", e));
    }
  }
  route();
  document.body.dataset.ready = "true"; // lets tests wait for start-up
}

start();
