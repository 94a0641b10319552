// The only module that talks to the HTTP API. Relative URLs: the API serves this page.
const KEY = "ra.apiKey";

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
    this.detail = detail;
  }
}

// sessionStorage, not localStorage: the key is forgotten when the tab closes.
export const session = {
  get: () => sessionStorage.getItem(KEY),
  set: (key) => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.removeItem(KEY),
};

function headers(key = session.get()) {
  return key ? { "X-API-Key": key } : {};
}

// FastAPI puts a string in `detail`, or a list of {loc, msg} for validation errors.
export function detailText(body, fallback) {
  const d = body && body.detail;
  if (typeof d === "string") return d;
  if (Array.isArray(d)) return d.map((e) => (e && e.msg) || JSON.stringify(e)).join("; ");
  return fallback;
}

async function errorFrom(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    /* not JSON: keep the status text */
  }
  return new ApiError(response.status, detailText(body, response.statusText || `HTTP ${response.status}`));
}

export async function request(path, { method = "GET", key } = {}) {
  let response;
  try {
    response = await fetch(path, { method, headers: headers(key) });
  } catch (err) {
    throw new ApiError(0, String(err));
  }
  if (!response.ok) throw await errorFrom(response);
  return response;
}

export async function getJson(path, opts) {
  return (await request(path, opts)).json();
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

// XMLHttpRequest because fetch has no upload progress. Resolves with {status, body}.
export function upload(file, fields, onProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    form.append("file", file, file.name);
    for (const [k, v] of Object.entries(fields)) if (v) form.append(k, v);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/v1/documents");
    for (const [k, v] of Object.entries(headers())) xhr.setRequestHeader(k, v);
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const body = xhr.response;
      if (xhr.status >= 200 && xhr.status < 300) resolve({ status: xhr.status, body });
      else reject(new ApiError(xhr.status, detailText(body, xhr.statusText || `HTTP ${xhr.status}`)));
    };
    xhr.onerror = () => reject(new ApiError(0, "network error"));
    xhr.send(form);
  });
}

// A plain link cannot carry the key header, so fetch the bytes and save them from a Blob.
export async function download(path, filename) {
  const blob = await (await request(path)).blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
