// Highlight returnee wording in evidence text by building DOM nodes: report text is never
// parsed as HTML, so a passage containing markup stays inert text.

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// Pure: split `text` into [{text, mark}] where `mark` segments match one of `terms`
// (case-insensitive, longest term first, no overlaps). Segments concatenate back to `text`.
export function highlightSegments(text, terms) {
  const clean = [...new Set((terms || []).map((x) => String(x).trim()).filter(Boolean))];
  if (!text || clean.length === 0) return text ? [{ text, mark: false }] : [];
  clean.sort((a, b) => b.length - a.length);
  const re = new RegExp(clean.map(escapeRegExp).join("|"), "giu");
  const out = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m[0].length === 0) continue;
    if (m.index > last) out.push({ text: text.slice(last, m.index), mark: false });
    out.push({ text: m[0], mark: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), mark: false });
  return out;
}

export function highlightFragment(text, terms, doc = document) {
  const frag = doc.createDocumentFragment();
  for (const seg of highlightSegments(text, terms)) {
    if (seg.mark) {
      const mark = doc.createElement("mark");
      mark.className = "returnee-term";
      mark.textContent = seg.text;
      frag.append(mark);
    } else {
      frag.append(doc.createTextNode(seg.text));
    }
  }
  return frag;
}
