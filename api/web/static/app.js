// The adviser's page: sign in, upload, scorecard, evidence, documents, coverage, comparison.
// Plain ES modules, no build step; every request goes to the API that serves this page.
import { ApiError, download, getJson, query, request, session, upload } from "./api.js";
import { renderComparison, renderCoverage, renderDocList } from "./collection.js";
import { h, showMessage } from "./dom.js";
import { currentLang, loadLang, preferredLang, t } from "./i18n.js";
import { baseName, docLabel, hasTaxonomy, setTaxonomy } from "./names.js";
import { renderEvidence, renderReport } from "./scorecard.js";

const POLL_MS = 1500; // well under the API's per-organisation rate limit

const state = {
  me: null,
  reports: new Map(), // document id -> {doc, report}
  filters: {},
  pollToken: 0,
  dialogIndicator: null, // {docId, indicatorId} while the evidence dialog is open
  dialogTrigger: null,
  notice: "", // shown once above the next scorecard (e.g. "already analysed")
};

const $ = (id) => document.getElementById(id);
const dialog = $("evidence-dialog");

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
  if (!hasTaxonomy()) setTaxonomy(await getJson("/v1/taxonomy", { key }));
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
    const notice = state.notice;
    state.notice = "";
    renderReport(box, doc, report, {
      onDownload: (fmt) => download(`/v1/documents/${encodeURIComponent(doc.id)}/report?format=${fmt}`, `${baseName(doc)}.scorecard.${fmt}`).catch((e) => handleError(e)),
      onEvidence: (indicatorId, trigger) => openEvidence(doc.id, indicatorId, trigger),
    }, notice);
  } catch (e) {
    box.replaceChildren();
    handleError(e);
  }
}

// ---------- evidence drill-down ----------

function openEvidence(docId, indicatorId, trigger) {
  state.dialogIndicator = { docId, indicatorId };
  state.dialogTrigger = trigger;
  showEvidence();
  if (!dialog.open) dialog.showModal(); // native modal: Escape closes it, focus stays inside
  $("evidence-close").focus();
}

function showEvidence() {
  const { docId, indicatorId } = state.dialogIndicator;
  const ind = state.reports.get(docId).report.indicators.find((i) => i.id === indicatorId);
  renderEvidence($("evidence-title"), $("evidence-body"), ind);
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
    renderDocList($("doc-list"), list, deleteDocument);
    fillDatalist("country-list", list.items.map((d) => d.country));
    fillDatalist("sector-list", list.items.map((d) => d.sector));
    const coverage = await getJson(`/v1/coverage${query(state.filters)}`);
    renderCoverage($("coverage"), coverage, () => download(`/v1/coverage${query({ ...state.filters, format: "csv" })}`, "coverage.csv").catch((e) => handleError(e)));
  } catch (e) {
    handleError(e);
  }
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
    renderComparison($("comparison"), ra, rb);
  } catch (err) {
    handleError(err, $("compare-error"));
  }
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
    if (state.dialogIndicator) showEvidence();
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
