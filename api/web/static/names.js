// Names in the chosen language, from the API's taxonomy; labels for documents.
import { currentLang } from "./i18n.js";

let taxonomy = null;
const indicators = new Map(); // id -> {dimension, name_en, name_fr, definition_en, definition_fr}

export function setTaxonomy(tax) {
  for (const dim of tax.dimensions) for (const ind of dim.indicators) indicators.set(ind.id, { ...ind, dimension: dim.id });
  taxonomy = tax;
}

export function hasTaxonomy() {
  return taxonomy !== null;
}

export function indicatorName(id, fallback) {
  const info = indicators.get(id);
  return (info && (info[`name_${currentLang()}`] || info.name_en)) || fallback || id;
}

export function indicatorDefinition(id) {
  const info = indicators.get(id);
  return (info && (info[`definition_${currentLang()}`] || info.definition_en)) || "";
}

export function indicatorDimension(id) {
  const info = indicators.get(id);
  return info ? info.dimension : id.split(".")[0];
}

export function dimensionName(id) {
  const d = taxonomy && taxonomy.dimensions.find((x) => x.id === id);
  return d ? d[`name_${currentLang()}`] || d.name_en : id;
}

// The taxonomy's dimensions in order; without it, the report's own.
export function dimensions(report) {
  if (taxonomy) return taxonomy.dimensions.map((d) => ({ id: d.id, name: dimensionName(d.id) }));
  return [...new Set(report.indicators.map((i) => i.dimension))].map((id) => ({ id, name: id }));
}

export function docLabel(doc) {
  const extra = [doc.country, doc.year].filter(Boolean).join(" ");
  return `${doc.title || doc.filename}${extra ? ` (${extra})` : ""}`;
}

export function baseName(doc) {
  return (doc.filename || doc.id).replace(/\.pdf$/i, "");
}
