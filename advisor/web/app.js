// The advisor's chat page: streams answers from POST /v1/sessions/{id}/messages:stream.
// All server text goes through textContent, never innerHTML: answers quote third-party documents.
"use strict";

const $ = (id) => document.getElementById(id);
const STORE = { session: "advisor.session", key: "advisor.apiKey" };
// Colour only hints at a verdict; the label always says it in words.
const TONES = {
  good: ["real_partnership", "balanced", "full_investment", "go", "ready", "low_risk", "alpha_partner_ready"],
  bad: ["handshake", "walk_away", "no_go", "not_a_partnership", "high_risk", "very_high_risk", "alpha_partner_not_ready"],
  warn: ["one_sided", "unbalanced", "light_test", "incomplete", "gaps", "medium_risk", "long_tail", "insufficient_information"],
};

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "text") node.textContent = value;
    else if (name === "on") for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
    else node.setAttribute(name, value);
  }
  node.append(...children.filter(Boolean));
  return node;
}

const pretty = (id) => id.replaceAll("_", " ").replace(/^./, (c) => c.toUpperCase());
const toneOf = (verdict) => Object.keys(TONES).find((tone) => TONES[tone].includes(verdict)) || "neutral";

function headers() {
  const h = { "Content-Type": "application/json" };
  const key = $("api-key").value.trim();
  if (key) h.Authorization = `Bearer ${key}`;
  return h;
}

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: headers() });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    const error = new Error(body.detail || `${response.status} ${response.statusText}`);
    error.status = response.status;
    throw error;
  }
  return response;
}

// A 401 is fixed in the page, not in a header: point at the key box and open it.
function explain(err, doing) {
  if (err.status !== 401) return `${doing}: ${err.message}`;
  $("api-key").closest("details").open = true;
  return "This server needs an API key: enter it in the “API key” box above, then try again.";
}

function setStatus(text, isError = false) {
  $("status").textContent = text;
  $("status").classList.toggle("error", isError);
}

// ---- rendering ---------------------------------------------------------------------------

function verdictCard(v) {
  const rules = el("ul", {}, ...v.rationale.map((line) =>
    el("li", {}, el("span", { text: line.explanation }),
      el("button", { type: "button", class: "rule-quote", "aria-label": `Open the source of rule ${line.rule}`,
        text: `“${line.source.quote}” (${line.source.doc_id})`, on: { click: () => openSource(line.source) } }))));
  return el("article", { class: "verdict-card", "data-tone": toneOf(v.verdict), "data-framework": v.framework },
    el("h3", { text: pretty(v.framework) }),
    el("span", { class: "verdict-label", text: pretty(v.verdict) }),
    el("p", { text: v.summary }),
    v.rationale.length ? rules : null,
    v.recommendations.length ? el("p", { text: `Next: ${v.recommendations.join(" ")}` }) : null);
}

function answerText(node, text, citations) {
  // "[n]" markers become buttons that open the cited passage.
  node.replaceChildren();
  for (const part of text.split(/(\[\d+\])/)) {
    const n = /^\[(\d+)\]$/.exec(part);
    const citation = n && citations[Number(n[1]) - 1];
    if (citation) {
      node.append(el("button", { type: "button", class: "cite-ref", "aria-label": `Source ${n[1]}: ${citation.title}`,
        text: n[1], on: { click: () => openSource(citation) } }));
    } else {
      node.append(document.createTextNode(part));
    }
  }
}

function sourcesList(citations) {
  if (!citations.length) return null;
  return el("nav", { class: "sources", "aria-label": "Sources" }, el("h3", { text: "Sources" }),
    el("ol", {}, ...citations.map((c) =>
      el("li", {}, el("button", { type: "button", class: "source-link", on: { click: () => openSource(c) } },
        `${c.title} `, el("span", { class: "doc", text: `(${c.doc_id} ${c.start}–${c.end})` }))))));
}

function chips(questions) {
  if (!questions.length) return null;
  return el("section", { class: "chips", "aria-label": "Follow-up questions" }, el("h3", { text: "To sharpen this, tell me" }),
    el("ul", {}, ...questions.map((q) =>
      el("li", {}, el("button", { type: "button", class: "chip", text: q,
        on: { click: () => answerFollowUp(q) } })))));
}

function answerFollowUp(question) {
  // A follow-up asks the user for a fact: prompt for the answer rather than sending the question back.
  $("question").placeholder = `Your answer: ${question}`;
  setStatus(`Answer in your own words: ${question}`);
  $("question").focus();
}

function turnView(question) {
  $("empty")?.remove();
  const view = {
    verdicts: el("div", { class: "verdicts" }),
    text: el("p", { class: "answer-text" }),
    extras: el("div"),
  };
  view.box = el("article", { class: "turn-a", "aria-busy": "true" }, view.verdicts, view.text, view.extras);
  view.question = el("p", { class: "turn-q", text: question });
  $("log").append(view.question, view.box);
  return view;
}

function finish(view, answer) {
  view.verdicts.replaceChildren(...answer.verdicts.map(verdictCard));
  answerText(view.text, answer.answer, answer.citations);
  const notice = answer.degraded ? el("p", { class: "notice", text: `Language model skipped (${answer.degraded_reason}): extractive answer.` }) : null;
  view.extras.replaceChildren(...[notice, sourcesList(answer.citations), chips(answer.follow_up_questions)].filter(Boolean));
  view.box.setAttribute("aria-busy", "false");
}

async function openSource(citation) {
  $("source-title").textContent = citation.title || citation.doc_id;
  $("source-meta").textContent = `${citation.doc_id}, characters ${citation.start}–${citation.end}`;
  const box = $("source-text");
  box.replaceChildren(el("mark", { text: citation.quote }));
  box.setAttribute("aria-busy", "true");
  $("source").showModal();
  try {
    const q = new URLSearchParams({ start: citation.start, end: citation.end });
    const p = await (await api(`/v1/documents/${encodeURIComponent(citation.doc_id)}/passage?${q}`)).json();
    box.replaceChildren(p.before, el("mark", { text: p.quote }), p.after);
    box.querySelector("mark").scrollIntoView({ block: "center" });
  } catch (err) {
    $("source-meta").textContent += ` (context unavailable: ${err.message})`;
  } finally {
    box.setAttribute("aria-busy", "false");
  }
}

// ---- session and streaming ---------------------------------------------------------------

async function session() {
  const known = localStorage.getItem(STORE.session);
  if (known) return known;
  const info = await (await api("/v1/sessions", { method: "POST" })).json();
  localStorage.setItem(STORE.session, info.session_id);
  return info.session_id;
}

async function* sse(response) {
  // Parses "event: x\ndata: y\n\n" blocks as they arrive.
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] || "message";
      const data = block.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
      yield [event, data ? JSON.parse(data) : {}];
    }
  }
}

async function ask(question) {
  const view = turnView(question);
  setStatus("Thinking…");
  $("send").disabled = true;
  let streamed = "";
  try {
    const id = await session();
    const response = await api(`/v1/sessions/${encodeURIComponent(id)}/messages:stream`,
      { method: "POST", body: JSON.stringify({ question }) });
    for await (const [event, data] of sse(response)) {
      if (event === "verdicts") view.verdicts.replaceChildren(...data.verdicts.map(verdictCard));
      else if (event === "token") { streamed += data.text; view.text.textContent = streamed; }
      else if (event === "done") finish(view, data);
      else if (event === "error") throw new Error(data.detail);
    }
    setStatus("");
    $("question").placeholder = $("question").dataset.placeholder;
  } catch (err) {
    if (err.status === 404) localStorage.removeItem(STORE.session); // the server forgot it: start afresh next time
    if (streamed) {
      view.text.textContent = streamed;
      view.box.setAttribute("aria-busy", "false");
    } else {
      // Nothing arrived: take the turn back and return the question to the box for another try.
      view.question.remove();
      view.box.remove();
      $("question").value = question;
    }
    setStatus(explain(err, "Could not answer"), true);
  } finally {
    $("send").disabled = false;
  }
}

let emptyLog; // the landing text with its example questions, kept to show again for a new conversation

async function restore() {
  const id = localStorage.getItem(STORE.session);
  if (!id) return;
  try {
    const history = await (await api(`/v1/sessions/${encodeURIComponent(id)}`)).json();
    if (history.turns.length) $("log").replaceChildren();
    for (const turn of history.turns) finish(turnView(turn.question), turn.answer);
  } catch (err) {
    if (err.status === 404) localStorage.removeItem(STORE.session);
    else setStatus(explain(err, "Could not load the conversation"), true);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("api-key").value = localStorage.getItem(STORE.key) || "";
  $("question").dataset.placeholder = $("question").placeholder;
  emptyLog = $("empty").cloneNode(true);
  $("log").addEventListener("click", (event) => {
    const example = event.target.closest(".example");
    if (example && !$("send").disabled) ask(example.textContent);
  });
  $("api-key").addEventListener("change", () => { localStorage.setItem(STORE.key, $("api-key").value.trim()); restore(); });
  $("ask").addEventListener("submit", (event) => {
    event.preventDefault();
    const question = $("question").value.trim();
    if (!question || $("send").disabled) return;
    $("question").value = "";
    ask(question);
  });
  $("question").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); $("ask").requestSubmit(); }
  });
  $("new-session").addEventListener("click", () => {
    localStorage.removeItem(STORE.session);
    $("log").replaceChildren(emptyLog.cloneNode(true));
    $("question").placeholder = $("question").dataset.placeholder;
    setStatus("");
    $("question").focus();
  });
  restore();
});
