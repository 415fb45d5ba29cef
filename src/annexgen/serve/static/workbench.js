// The workbench's keys, text selections, dropped reports and live updates. Every key does
// what a visible, labelled control does (it clicks it), so the mouse and the keyboard agree.

const client = sessionStorage.getItem("annexgen-client") || crypto.randomUUID();
sessionStorage.setItem("annexgen-client", client);
const headers = { "X-Annexgen-Client": client, "HX-Request": "true" };
document.body.setAttribute("hx-headers", JSON.stringify({ "X-Annexgen-Client": client }));

const panel = () => document.getElementById("panel");
const typing = (target) =>
  target.closest("input, textarea, select, [contenteditable=true], dialog[open]") !== null;

function click(action) {
  const control = panel()?.querySelector(`[data-action="${action}"]`);
  if (control && !control.disabled) control.click();
  return Boolean(control);
}

// The selection inside the outcome's text, as code point offsets of the text (the server
// counts code points; JavaScript strings count UTF-16 units).
function selectedSpan() {
  const text = document.getElementById("text");
  const selection = window.getSelection();
  if (!text || !selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return null;
  const offset = (node, within) => {
    const piece = (node.nodeType === Node.TEXT_NODE ? node.parentElement : node)
      .closest("[data-start]");
    if (!piece) return null;
    const before = node.nodeType === Node.TEXT_NODE ? node.data.slice(0, within) : "";
    return Number(piece.dataset.start) + Array.from(before).length;
  };
  const start = offset(range.startContainer, range.startOffset);
  const end = offset(range.endContainer, range.endOffset);
  if (start === null || end === null || end <= start) return null;
  return wordsOf(text, start, end);
}

// The span widened to the words it touches, as the browser's word segmenter tells them in
// the text's language: Chinese has no spaces, so the server cannot widen it and takes these
// bounds as they are; it widens what is written with spaces itself (core/text.whole_words).
function wordsOf(text, start, end) {
  if (!("Segmenter" in Intl)) return { start, end };
  const all = text.textContent;
  const points = Array.from(all);
  const unit = (point) => points.slice(0, point).join("").length;
  const language = text.closest("[lang]")?.lang || undefined;
  let from = unit(start), to = unit(end);
  for (const piece of new Intl.Segmenter(language, { granularity: "word" }).segment(all)) {
    const last = piece.index + piece.segment.length;
    if (!piece.isWordLike || last <= from || piece.index >= to) continue;
    from = Math.min(from, piece.index);
    to = Math.max(to, last);
  }
  return { start: Array.from(all.slice(0, from)).length, end: Array.from(all.slice(0, to)).length };
}

function addPhrase(key) {
  const span = selectedSpan();
  const line = panel()?.querySelector(`li.topic[data-key="${key}"]`);
  if (!span || !line) return false;
  const form = document.getElementById("phrase-form");
  form.elements.topic.value = line.dataset.topic;
  form.elements.start.value = span.start;
  form.elements.end.value = span.end;
  form.elements.accept.value = line.dataset.accepted === "1" ? "0" : "1";
  window.getSelection().removeAllRanges();
  htmx.trigger(form, "submit");
  return true;
}

function removePhrase(mark) {
  const form = document.getElementById("unphrase-form");
  form.elements.topic.value = mark.dataset.topic;
  form.elements.start.value = mark.dataset.start;
  form.elements.end.value = mark.dataset.end;
  htmx.trigger(form, "submit");
}

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
  const digit = /^Digit([1-9])$/.exec(event.code);
  let done = false;
  if (digit && event.shiftKey) done = click(`remove-${digit[1]}`);
  else if (digit) done = addPhrase(digit[1]) || click(`accept-${digit[1]}`);
  else if (event.key === "a") done = click("accept-all");
  else if (event.key === "d" || (event.key === "Enter" && event.target === document.body))
    done = click("done");
  else if (event.key === "j" || event.key === "ArrowRight") done = click("next");
  else if (event.key === "k" || event.key === "ArrowLeft") done = click("previous");
  else if (event.key === "n") done = click("next-waiting");
  else if (event.key === "u") done = click("undo");
  else if (event.key === "?") { document.getElementById("keys").showModal(); done = true; }
  else if (event.key === "/") {
    const search = document.getElementById("topic-search");
    if (search) { search.focus(); done = true; }
  }
  if (done) event.preventDefault();
});

document.addEventListener("click", (event) => {
  const mark = event.target.closest("#text mark.phrase");
  if (mark && window.getSelection().isCollapsed) removePhrase(mark);
  if (event.target.closest('[data-action="keys"]')) document.getElementById("keys").showModal();
});

document.addEventListener("keydown", (event) => {
  const mark = event.target.closest?.("#text mark.phrase");
  if (mark && (event.key === "Delete" || event.key === "Backspace")) {
    event.preventDefault();
    removePhrase(mark);
  }
});

// After a swap: the address names the outcome shown; "done" moves on to the next to review.
document.body.addEventListener("htmx:afterSwap", (event) => {
  const shown = panel();
  if (!shown) return;
  const url = `/review?o=${encodeURIComponent(shown.dataset.outcome)}`;
  if (location.pathname === "/review" && location.search !== `?o=${shown.dataset.outcome}`)
    history.replaceState(null, "", url);
  const request = event.detail.requestConfig;
  const asked = request?.parameters?.op ?? request?.formData?.get?.("op");
  if (asked === "done" && event.detail.xhr.status === 200) click("next-waiting");
  else if (!typing(document.activeElement)) document.getElementById("text")?.focus();
});

// An answer the page cannot show (a bug, the server gone) is said, not swallowed.
document.body.addEventListener("htmx:responseError", (event) => {
  document.getElementById("notice").textContent = event.detail.xhr.responseText ||
    `The workbench answered ${event.detail.xhr.status}.`;
});
document.body.addEventListener("htmx:sendError", () => {
  document.getElementById("notice").textContent =
    "The workbench does not answer: is annexgen serve still running?";
});

// Reports dropped on the page, or chosen with the import button, go through `import`.
async function importReport(file) {
  const notice = document.getElementById("notice");
  const name = document.createElement("bdi");  // an Arabic name keeps the sentence's order
  name.textContent = file.name;
  notice.replaceChildren("Importing ", name, "…");
  const answer = await fetch("/import", {
    // A header holds Latin-1 only: an Arabic or Chinese name travels percent-encoded.
    method: "POST", body: file,
    headers: { ...headers, "X-Filename": encodeURIComponent(file.name) },
  });
  notice.innerHTML = await answer.text();
  if (answer.ok && panel()) refreshPanel();
}

const hint = document.getElementById("drop-hint");
document.addEventListener("dragover", (event) => { event.preventDefault(); hint.hidden = false; });
document.addEventListener("dragleave", (event) => { if (!event.relatedTarget) hint.hidden = true; });
document.addEventListener("drop", (event) => {
  event.preventDefault();
  hint.hidden = true;
  for (const file of event.dataTransfer.files) importReport(file);
});
document.getElementById("import-file")?.addEventListener("change", (event) => {
  for (const file of event.target.files) importReport(file);
  event.target.value = "";
});

// Changes made elsewhere (an editor, git pull, another tab) and the build's state.
function refreshPanel() {
  const shown = panel();
  const busy = !window.getSelection().isCollapsed || typing(document.activeElement);
  if (!shown || busy) return;
  htmx.ajax("GET", `/outcome/${encodeURIComponent(shown.dataset.outcome)}/panel`,
            { target: "#panel", swap: "outerHTML" });
}

const events = new EventSource("/events");
window.annexgenEvents = events; // the live updates, for a test (or a person) to close
events.addEventListener("content", (event) => {
  const shown = panel();
  if (shown && Number(event.data) <= Number(shown.dataset.generation)) return; // seen already
  if (document.body.dataset.page === "review") refreshPanel();
  else htmx.ajax("GET", location.pathname, { target: "#main", select: "#main", swap: "outerHTML" });
});
events.addEventListener("build", async () => {
  const answer = await fetch("/build-status", { headers });
  if (answer.ok) document.getElementById("build-status").outerHTML = await answer.text();
});
