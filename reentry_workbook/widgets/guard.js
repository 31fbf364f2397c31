// The save guard in the browser: heartbeat, honest status, a journal of typed text, close beacon.
// Kernel side: reentry_workbook/widgets/guard.py.

const TEXT_INPUTS =
  "textarea, input:not([type]), input[type=text], input[type=search], input[type=email]," +
  " input[type=tel], input[type=url], input[type=number], input[type=date]";

function suffix(el, prefix) {
  for (const name of el.classList || []) {
    if (name.startsWith(prefix) && name.length > prefix.length) return name.slice(prefix.length);
  }
  return null;
}

function closestWith(el, prefix, stop) {
  for (let node = el; node && node !== stop; node = node.parentElement) {
    const found = suffix(node, prefix);
    if (found) return [node, found];
  }
  return [null, null];
}

// "<item>" for a question, "<item>/<record>/<column>" for a cell of an open list record.
export function fieldKey(el) {
  const [item, itemId] = closestWith(el, "rw-item-", null);
  if (!item) return null;
  const [col, colId] = closestWith(el, "rw-col-", item);
  const [rec, recId] = closestWith(el, "rw-rec-", item);
  if (col && rec) return `${itemId}/${recId}/${colId}`;
  if (col) return null; // a list cell without its record's id could not be put back
  return itemId;
}

function labelOf(el, key) {
  const box = el.closest(".widget-inline-hbox, .widget-textarea, .widget-text");
  const own = box && box.querySelector("label");
  let text = (own && own.textContent) || el.getAttribute("aria-label") || "";
  if (!text.trim()) {
    const item = el.closest("[class*='rw-item-']");
    const prompt = item && item.querySelector("label, .rw-prompt, p");
    text = (prompt && prompt.textContent) || key;
  }
  text = text.replace(/\s+/g, " ").trim();
  return text.length > 60 ? text.slice(0, 57) + "…" : text;
}

function read(id) {
  try {
    const parsed = JSON.parse(window.localStorage.getItem(id) || "{}");
    return parsed && typeof parsed === "object" ? parsed : {};
  } catch (e) {
    return {};
  }
}

function write(id, journal) {
  try {
    if (Object.keys(journal).length) window.localStorage.setItem(id, JSON.stringify(journal));
    else window.localStorage.removeItem(id);
  } catch (e) {
    // storage full or blocked: the heartbeat warning still tells the person
  }
}

function same(a, b) {
  return String(a ?? "").trim() === String(b ?? "").trim();
}

function hhmm(date) {
  return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

function render({ model, el }) {
  el.classList.add("rw-guard");
  const status = document.createElement("span");
  status.className = "rw-guard-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  const offer = document.createElement("div");
  offer.className = "rw-guard-offer";
  offer.setAttribute("role", "alert");
  offer.hidden = true;
  el.append(status, offer);

  const journalId = () => model.get("journal_id");
  let lastAnswer = Date.now();
  let lostAt = null;
  let count = 0;

  function paint() {
    if (lostAt) {
      el.dataset.state = "lost";
      status.textContent =
        `⚠ Connection to the server lost at ${hhmm(lostAt)}. What you type now stays in this ` +
        "browser. Reload the page when the server is back: it will offer to put it back.";
    } else {
      el.dataset.state = model.get("status_state");
      status.textContent = model.get("status_text");
    }
  }

  function drop(values) {
    const id = journalId();
    if (!id) return;
    const journal = read(id);
    for (const [key, value] of Object.entries(values || {})) {
      if (journal[key] && same(journal[key].v, value)) delete journal[key];
    }
    write(id, journal);
    if (!offer.hidden) showOffer();
  }

  function button(text, cls, action) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = `jupyter-button rw-guard-button ${cls}`;
    b.textContent = text;
    b.addEventListener("click", action);
    return b;
  }

  function showOffer() {
    const id = journalId();
    const journal = id ? read(id) : {};
    const keys = Object.keys(journal);
    if (!keys.length) {
      offer.hidden = true;
      offer.replaceChildren();
      return;
    }
    const names = keys.map((k) => journal[k].label || k);
    const listed = names.slice(0, 5).join("; ") + (names.length > 5 ? "; …" : "");
    const text = document.createElement("p");
    text.textContent =
      `You typed ${keys.length} ${keys.length === 1 ? "answer" : "answers"} here that ` +
      `${keys.length === 1 ? "was" : "were"} not saved (${listed}).`;
    const back = button("Put them back", "rw-guard-restore", () => {
      const values = {};
      for (const k of keys) values[k] = journal[k].v;
      model.send({ type: "restore", values });
      offer.hidden = true;
    });
    const discard = button("Discard", "rw-guard-discard", () => {
      const now = read(id);
      for (const k of keys) delete now[k];
      write(id, now);
      showOffer();
    });
    offer.replaceChildren(text, back, discard);
    offer.hidden = false;
  }

  function hello() {
    const id = journalId();
    const journal = id ? read(id) : {};
    if (!Object.keys(journal).length) return;
    const entries = {};
    for (const [k, e] of Object.entries(journal)) entries[k] = e.v;
    model.send({ type: "hello", entries });
  }

  function onInput(event) {
    const target = event.target;
    const id = journalId();
    if (!id || !(target instanceof HTMLElement) || !target.matches(TEXT_INPUTS)) return;
    if (!target.closest(".rw-form") || target.closest(".rw-guard")) return;
    const key = fieldKey(target);
    if (!key) return;
    const journal = read(id);
    journal[key] = { v: target.value, label: labelOf(target, key), t: Date.now() };
    write(id, journal);
  }

  function onStorage(event) {
    // another tab of the same page saved (or discarded) what this offer lists
    if (event.key === journalId() && !offer.hidden) showOffer();
  }

  function onHide() {
    const url = model.get("close_url");
    const secret = model.get("close_secret");
    if (url && secret && navigator.sendBeacon) {
      navigator.sendBeacon(url, new URLSearchParams({ secret }));
    }
  }

  model.on("change:status_text", paint);
  model.on("change:status_state", paint);
  model.on("msg:custom", (msg) => {
    if (!msg || typeof msg !== "object") return;
    if (msg.type === "pong") {
      lastAnswer = Date.now();
      el.dataset.answers = String(Number(el.dataset.answers || 0) + 1);
      if (lostAt) {
        lostAt = null;
        paint();
        hello();
      }
    } else if (msg.type === "confirm") {
      drop(msg.values);
    } else if (msg.type === "known") {
      drop(msg.values);
      showOffer();
    }
  });

  const beat = setInterval(() => {
    try {
      model.send({ type: "ping", n: ++count });
    } catch (e) {
      // the socket is gone; the check below says so
    }
  }, model.get("beat_ms"));
  const check = setInterval(() => {
    if (!lostAt && Date.now() - lastAnswer > model.get("lost_ms")) {
      lostAt = new Date();
      paint();
    }
  }, 500);
  document.addEventListener("input", onInput, true);
  document.addEventListener("change", onInput, true);
  window.addEventListener("pagehide", onHide);
  window.addEventListener("storage", onStorage);
  paint();
  hello();

  return () => {
    clearInterval(beat);
    clearInterval(check);
    document.removeEventListener("input", onInput, true);
    document.removeEventListener("change", onInput, true);
    window.removeEventListener("pagehide", onHide);
    window.removeEventListener("storage", onStorage);
  };
}

export default { render };
