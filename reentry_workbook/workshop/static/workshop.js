// The participant form: one step per screen, each answer sent at once, unsent answers kept on
// the phone (localStorage) and sent again until the server has said it saved them.
(function () {
  "use strict";
  var main = document.getElementById("form");
  if (!main) return;
  var words = JSON.parse(main.dataset.words);
  var saveUrl = main.dataset.save;
  var storeKey = "rw-workshop:" + main.dataset.store;
  var revisions = JSON.parse(main.dataset.revisions || "{}");
  var xsrf = document.getElementById("xsrf").value;
  var steps = Array.prototype.slice.call(document.querySelectorAll("section.step"));
  var connection = document.getElementById("connection");
  var sending = false;
  var retryTimer = null;
  var retryDelay = 1000;

  function queue() {
    try { return JSON.parse(localStorage.getItem(storeKey) || "{}"); } catch (e) { return {}; }
  }
  function keep(q) {
    try { localStorage.setItem(storeKey, JSON.stringify(q)); } catch (e) { /* private mode */ }
  }
  function fieldset(item) { return document.getElementById("q-" + item); }
  function status(item, text, kind) {
    var box = fieldset(item);
    var el = box && box.querySelector(".status");
    if (!el) return;
    el.textContent = text;
    el.className = "status " + (kind || "");
  }
  function parse(text) { try { return JSON.parse(text); } catch (e) { return text; } }

  function valueOf(box) {
    var input = box.querySelector("[data-input]");
    var how = input.dataset.input;
    if (how === "one") {
      var c = box.querySelector("input:checked");
      return c ? parse(c.value) : null;
    }
    if (how === "many") {
      var out = [];
      box.querySelectorAll("input:checked").forEach(function (el) { out.push(parse(el.value)); });
      return out.length ? out : null;
    }
    if (how === "matrix") {
      var rows = {};
      var any = false;
      box.querySelectorAll(".matrix-row").forEach(function (row) {
        var c = row.querySelector("input:checked");
        if (c) { rows[row.dataset.row] = parse(c.value); any = true; }
      });
      return any ? rows : null;
    }
    var text = input.value.trim();
    if (!text) return null;
    if (how === "integer" || how === "number") {
      var n = Number(text.replace(/[\s,]/g, ""));
      return isFinite(n) && text.replace(/[\s,]/g, "") !== "" ? n : text;
    }
    return how === "text" ? input.value : text;
  }

  function setValue(box, value) {
    var input = box.querySelector("[data-input]");
    var how = input.dataset.input;
    if (how === "one" || how === "many") {
      var chosen = how === "many" ? (value || []) : (value === null ? [] : [value]);
      var wanted = chosen.map(function (v) { return JSON.stringify(v); });
      box.querySelectorAll("input").forEach(function (el) {
        el.checked = wanted.indexOf(JSON.stringify(parse(el.value))) >= 0;
      });
    } else if (how === "matrix") {
      box.querySelectorAll(".matrix-row").forEach(function (row) {
        var v = value && Object.prototype.hasOwnProperty.call(value, row.dataset.row)
          ? JSON.stringify(value[row.dataset.row]) : null;
        row.querySelectorAll("input").forEach(function (el) {
          el.checked = v !== null && JSON.stringify(parse(el.value)) === v;
        });
      });
    } else {
      input.value = value === null || value === undefined ? "" : String(value);
    }
  }

  function showVisible(visible) {
    if (!visible) return;
    document.querySelectorAll("fieldset.q").forEach(function (box) {
      box.hidden = visible.indexOf(box.dataset.item) < 0;
    });
  }

  function changed(box) {
    var item = box.dataset.item;
    var q = queue();
    q[item] = { value: valueOf(box), base: revisions[item] === undefined ? null : revisions[item] };
    keep(q);
    status(item, words.saving, "pending");
    send();
  }

  function later() {
    if (retryTimer) return;
    connection.textContent = words.offline;
    connection.className = "offline";
    retryTimer = setTimeout(function () { retryTimer = null; send(); }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 10000);
  }

  function pending() {
    var n = Object.keys(queue()).length;
    var el = document.getElementById("pending");
    if (el) el.textContent = n ? words.pending : words.all_saved;
    return n;
  }

  function send() {
    if (sending) return;
    var q = queue();
    var items = Object.keys(q);
    if (!items.length) { pending(); return; }
    var item = items[0];
    var sent = q[item];
    sending = true;
    fetch(saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-XSRFToken": xsrf },
      body: JSON.stringify({ item: item, value: sent.value, base: sent.base })
    }).then(function (r) {
      return r.json().then(function (body) { return { code: r.status, body: body }; },
        function () { return { code: r.status, body: {} }; });
    }).then(function (reply) {
      sending = false;
      var body = reply.body || {};
      if (body.restart) { window.location.reload(); return; }
      if (reply.code >= 500 || (reply.code !== 200 && !body.status)) {
        status(item, body.message || words.not_sent, "pending");
        later();
        return;
      }
      retryDelay = 1000;
      connection.textContent = "";
      connection.className = "";
      var now = queue();
      var same = now[item] && JSON.stringify(now[item].value) === JSON.stringify(sent.value);
      if (body.revision !== null && body.revision !== undefined) revisions[item] = body.revision;
      if (body.status === "saved") {
        if (same) { delete now[item]; keep(now); status(item, body.message, "saved"); }
        else if (now[item]) { now[item].base = revisions[item]; keep(now); }
      } else if (body.status === "conflict") {
        if (same) { delete now[item]; keep(now); }
        setValue(fieldset(item), body.value === undefined ? null : body.value);
        status(item, body.message, "problem");
      } else {
        if (same) { delete now[item]; keep(now); }
        status(item, body.message, "problem");
      }
      showVisible(body.visible);
      send();
    }, function () {
      sending = false;
      status(item, words.not_sent, "pending");
      later();
    });
  }

  // ----- steps -------------------------------------------------------------------------------
  var current = 0;
  var back = document.getElementById("back");
  var next = document.getElementById("next");
  var progress = document.getElementById("progress");
  var total = steps.length - 1; // the last section is the thank-you screen
  function show(i) {
    current = Math.max(0, Math.min(i, total));
    steps.forEach(function (s, n) { s.hidden = n !== current; });
    back.hidden = current === 0;
    next.hidden = current === total;
    next.textContent = current === total - 1 ? words.finish : words.next;
    progress.textContent = current < total
      ? words.step.replace("{n}", current + 1).replace("{total}", total) : "";
    if (history.replaceState) history.replaceState(null, "", "#step-" + (current + 1));
    pending();
    window.scrollTo(0, 0);
  }
  back.addEventListener("click", function () { show(current - 1); });
  next.addEventListener("click", function () { show(current + 1); });

  // ----- inputs ------------------------------------------------------------------------------
  var timers = {};
  document.querySelectorAll("fieldset.q").forEach(function (box) {
    if (!box.querySelector("[data-input]")) return;
    box.addEventListener("change", function () { changed(box); });
    box.addEventListener("input", function (ev) {
      if (ev.target.type === "radio" || ev.target.type === "checkbox") return;
      clearTimeout(timers[box.dataset.item]);
      timers[box.dataset.item] = setTimeout(function () { changed(box); }, 800);
    });
    var clear = box.querySelector("[data-clear]");
    if (clear) clear.addEventListener("click", function () { setValue(box, null); changed(box); });
  });

  // answers typed but not yet saved (a reload, a lost connection) go back into the form
  var unsent = queue();
  Object.keys(unsent).forEach(function (item) {
    var box = fieldset(item);
    if (box) { setValue(box, unsent[item].value); status(item, words.not_sent, "pending"); }
  });
  window.addEventListener("online", function () { retryDelay = 1000; send(); });
  var m = /#step-(\d+)/.exec(window.location.hash);
  show(m ? parseInt(m[1], 10) - 1 : 0);
  document.body.classList.add("ready");
  send();
})();
