// Chat page of the Rag WebApi sample: plain JavaScript, no build step.
// Talks to the API with fetch; answers stream over Server-Sent Events from POST /api/ask/stream.
"use strict";

const $ = (id) => document.getElementById(id);
const keyInput = $("api-key");
// Kept for this tab's session only, never on disk for other pages of this origin to find later.
keyInput.value = sessionStorage.getItem("rag-api-key") ?? "";
keyInput.addEventListener("change", () => sessionStorage.setItem("rag-api-key", keyInput.value));

let current = null; // AbortController of the answer being streamed
const history = [];
let historyBudget = Infinity; // characters of earlier turns the service accepts (/api/info maxHistoryLength)

// Drops the oldest turns until the conversation fits the service's history budget; returns how many were dropped.
function trimHistory() {
  let length = history.reduce((sum, m) => sum + m.content.length, 0);
  let dropped = 0;
  while (length > historyBudget && history.length) {
    const [question, answer] = history.splice(0, 2);
    length -= question.content.length + (answer?.content.length ?? 0);
    dropped++;
  }
  return dropped;
}

function headers(extra = {}) {
  const h = { ...extra };
  if (keyInput.value) h["X-Api-Key"] = keyInput.value;
  return h;
}

// An Error carrying the HTTP status and the ProblemDetails' reason.
async function failure(response) {
  let detail = response.statusText;
  try { const problem = await response.json(); detail = problem.detail ?? problem.title ?? detail; } catch { /* not JSON */ }
  return Object.assign(new Error(`${response.status}: ${detail}`), { status: response.status });
}

async function api(path, init = {}) {
  const response = await fetch(path, { ...init, headers: headers(init.headers) });
  if (!response.ok) throw await failure(response);
  return response.status === 204 ? null : response.json();
}

function addMessage(role, text) {
  const div = document.createElement("div");
  div.className = `message ${role}`;
  const body = document.createElement("div");
  body.className = "text";
  body.textContent = text;
  div.append(body);
  $("messages").append(div);
  div.scrollIntoView({ block: "end" });
  return div;
}

// Renders answer text with [n] markers turned into buttons that open the cited passage.
function renderAnswer(container, text, sources) {
  container.replaceChildren();
  const parts = text.split(/(\[\d+\])/g);
  for (const part of parts) {
    const match = /^\[(\d+)\]$/.exec(part);
    const source = match && sources.find((s) => s.number === Number(match[1]));
    if (source) {
      const button = document.createElement("button");
      button.className = "citation";
      button.type = "button";
      button.textContent = match[1];
      button.title = source.path;
      button.addEventListener("click", () => showSource(source));
      container.append(button);
    } else {
      container.append(document.createTextNode(part));
    }
  }
}

function describeLocation(source) {
  const parts = [source.path];
  if (source.headingPath?.length) parts.push(source.headingPath.join(" › "));
  if (source.page) parts.push(`page ${source.page}`);
  if (source.startLine) parts.push(`lines ${source.startLine}–${source.endLine ?? source.startLine}`);
  return parts.join(" · ");
}

function showSource(source) {
  $("source-panel").hidden = false;
  $("source-title").textContent = `[${source.number}] ${source.title ?? source.path}`;
  $("source-location").textContent = describeLocation(source);
  $("source-text").textContent = source.text ?? source.snippet ?? "";
  $("source-panel").scrollIntoView({ block: "nearest" });
}

function renderSources(message, sources, cited) {
  const list = document.createElement("ol");
  list.className = "sources";
  for (const source of sources.filter((s) => cited.includes(s.number))) {
    const item = document.createElement("li");
    item.value = source.number;
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = describeLocation(source);
    button.addEventListener("click", () => showSource(source));
    item.append(button);
    list.append(item);
  }
  if (list.children.length) message.append(list);
}

// Parses a text/event-stream body into {event, data} objects.
async function* readEvents(response, signal) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  while (!signal.aborted) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let boundary;
    while ((boundary = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      let event = "message", data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data += line.slice(5).trim();
      }
      if (data) yield { event, data: JSON.parse(data) };
    }
  }
}

async function ask(question) {
  const asked = addMessage("user", question);
  const dropped = trimHistory();
  if (dropped) {
    const note = document.createElement("div");
    note.className = "note trimmed";
    note.textContent = `Earlier turns left out: the ${dropped} oldest question(s) and answer(s), to keep the conversation within the service's ${historyBudget}-character history.`;
    asked.append(note);
  }
  const message = addMessage("assistant", "…");
  const textEl = message.querySelector(".text");
  current = new AbortController();
  $("ask").disabled = true;
  $("stop").hidden = false;
  let text = "", sources = [];
  try {
    const response = await fetch("/api/ask/stream", {
      method: "POST",
      headers: headers({ "Content-Type": "application/json", Accept: "text/event-stream" }),
      body: JSON.stringify({ question, history }),
      signal: current.signal,
    });
    if (!response.ok) throw await failure(response);
    for await (const { event, data } of readEvents(response, current.signal)) {
      if (event === "sources") {
        sources = data.sources;
      } else if (event === "delta") {
        text += data.text;
        renderAnswer(textEl, text, sources);
      } else if (event === "done") {
        text = data.text;
        renderAnswer(textEl, text, sources);
        renderSources(message, sources, data.citations.map((c) => c.number));
        const note = document.createElement("div");
        note.className = "note";
        note.textContent = data.notFound ? "Not found in the documents."
          : data.isExtractive ? "Extractive answer: sentences quoted from the documents."
          : !data.hasValidCitations ? "Unverified: this answer cites no source, so it could not be checked against the documents." : "";
        if (note.textContent) message.append(note);
        history.push({ role: "user", content: question }, { role: "assistant", content: text });
      } else if (event === "error") {
        throw new Error(data.detail ?? data.title ?? "The answer failed.");
      }
    }
  } catch (error) {
    if (error.name !== "AbortError") textEl.textContent = `Error: ${error.message}`;
    else if (!text) textEl.textContent = "(stopped)";
  } finally {
    current = null;
    $("ask").disabled = false;
    $("stop").hidden = true;
  }
}

async function refreshDocuments() {
  try {
    const documents = await api("/api/documents");
    const list = $("documents");
    list.replaceChildren();
    for (const doc of documents) {
      const item = document.createElement("li");
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = doc.path;
      name.title = doc.path; // the whole name, when it is ellipsised
      if (doc.status === "Failed") { name.classList.add("failed"); name.title = `${doc.path}: ${doc.error ?? "failed"}`; }
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "citation";
      remove.textContent = "✕";
      remove.title = `Delete ${doc.path}`;
      remove.addEventListener("click", () => deleteDocument(doc));
      item.append(name, remove);
      list.append(item);
    }
  } catch (error) {
    $("upload-status").textContent = error.message;
  }
}

// Ids are paths relative to the documents folder: each segment is encoded, the '/' between them kept.
const documentUrl = (id) => `/api/documents/${id.split("/").map(encodeURIComponent).join("/")}`;

async function deleteDocument(doc) {
  try {
    await api(documentUrl(doc.id), { method: "DELETE" });
    $("upload-status").textContent = `Deleted ${doc.path}.`;
  } catch (error) {
    $("upload-status").textContent = `Delete failed: ${error.message}`;
  }
  refreshDocuments();
}

async function waitForIngestion() {
  for (let i = 0; i < 600; i++) {
    const status = await api("/api/ingestion");
    if (!status.isRunning && status.pending === 0) return status;
    await new Promise((r) => setTimeout(r, 500));
  }
  return null;
}

async function upload(files) {
  if (!files.length) return;
  const form = new FormData();
  for (const file of files) form.append("files", file, file.name);
  $("upload-status").textContent = `Uploading ${files.length} file(s)…`;
  let result;
  try {
    try {
      result = await api("/api/documents", { method: "POST", body: form });
    } catch (error) {
      // 409: a document of that name exists; replace it only when the user says so.
      if (error.status !== 409 || !confirm(`${error.message.replace(/^409: /, "")}\n\nReplace?`)) throw error;
      result = await api("/api/documents?overwrite=true", { method: "POST", body: form });
    }
    $("upload-status").textContent = "Indexing…";
    const status = await waitForIngestion();
    // A saved file can still fail to ingest (a corrupt PDF, say): the document list says which and why.
    const failed = (await api("/api/documents")).filter((d) => result.saved.includes(d.path) && d.status === "Failed");
    $("upload-status").textContent = status === null ? "Still indexing; the documents list shows progress."
      : status.lastError ? `Indexing failed: ${status.lastError}`
      : failed.length ? `Not indexed: ${failed.map((d) => `${d.path}: ${d.error ?? "failed"}`).join("; ")}`
      : "Indexed.";
  } catch (error) {
    $("upload-status").textContent = `Upload failed: ${error.message}`;
  }
  refreshDocuments();
}

$("ask-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const question = $("question").value.trim();
  if (!question || current) return;
  $("question").value = "";
  ask(question);
});
$("stop").addEventListener("click", () => current?.abort());

const zone = $("drop-zone");
zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("dragging"); });
zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
zone.addEventListener("drop", (e) => { e.preventDefault(); zone.classList.remove("dragging"); upload([...e.dataTransfer.files]); });
$("file-input").addEventListener("change", (e) => upload([...e.target.files]));

api("/api/info").then((info) => { $("mode").textContent = info.answerMode; historyBudget = info.maxHistoryLength; }).catch(() => {});
refreshDocuments();
