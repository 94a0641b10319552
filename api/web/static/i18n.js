// Interface strings in English and French; the choice is kept in localStorage.
const STORE = "ra.lang";
export const LANGS = ["en", "fr"];
let dict = {};
let lang = "en";

export function currentLang() {
  return lang;
}

export function preferredLang() {
  const saved = localStorage.getItem(STORE);
  if (LANGS.includes(saved)) return saved;
  return (navigator.language || "en").toLowerCase().startsWith("fr") ? "fr" : "en";
}

export async function loadLang(next) {
  if (!LANGS.includes(next)) next = "en";
  const response = await fetch(`i18n/${next}.json`);
  if (!response.ok) throw new Error(`missing interface strings for ${next}`);
  dict = await response.json();
  lang = next;
  localStorage.setItem(STORE, next);
  document.documentElement.lang = next;
  applyStatic(document);
}

// t("key", {var}) with {var} placeholders; falls back to `fallback`, then to the key itself.
export function t(key, vars = {}, fallback) {
  let s = Object.prototype.hasOwnProperty.call(dict, key) ? dict[key] : fallback ?? key;
  for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

// Plural-aware t(): uses `key.one` for one item (French also for zero), else `key`.
export function tn(key, n, vars = {}) {
  const one = lang === "fr" ? Math.abs(n) < 2 : n === 1;
  const k = one && Object.prototype.hasOwnProperty.call(dict, `${key}.one`) ? `${key}.one` : key;
  return t(k, { n, ...vars });
}

export function applyStatic(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-aria-label]")) el.setAttribute("aria-label", t(el.dataset.i18nAriaLabel));
  document.title = t("app.title");
}

export function formatDate(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(lang === "fr" ? "fr-FR" : "en-GB", { dateStyle: "medium", timeStyle: "short" });
}

export function formatNumber(x, digits = 2) {
  return Number(x).toLocaleString(lang === "fr" ? "fr-FR" : "en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
