/* fazhi 法治 — the session's idle timer and the half-typed forms it keeps
 * (issue 17; docs/security.md, "Sessions"). Loaded by base.html for a signed-in
 * user; the numbers come from data-* attributes on this <script> tag (the CSP
 * allows no inline script):
 *
 *   data-idle-remaining   seconds until the server ends the session if no
 *                         request comes (core.sessions: idle or absolute limit)
 *   data-login-age        seconds since this session's log-in
 *   data-warn-before      seconds of warning before the end (60)
 *   data-keepalive-url    POST here to keep working (answers {"remaining": s})
 *
 * - A minute before the end, the #fz-idle-warning dialog counts down; 继续工作
 *   posts to the keep-alive URL. Every htmx answer carries the server's new
 *   deadline (X-Fazhi-Session-Remaining). Tabs share the latest deadline
 *   through localStorage, so work in one tab keeps the others open.
 * - At the end the page reloads: the server logs out and shows the log-in page
 *   with a message, and returns here after the log-in.
 * - Forms that post (not data-fz-no-draft) are kept in sessionStorage as they
 *   are typed, keyed by page and form URL (passwords and files never). After a
 *   new log-in the page puts back what was typed, or submitted into a session
 *   that had already ended, before that log-in. A submit that reached a live
 *   session is dropped on the next page. Logging out clears them all.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script) return;
  var data = script.dataset;
  var remaining = parseInt(data.idleRemaining, 10);
  if (!(remaining > 0)) return;
  var warnBefore = (parseInt(data.warnBefore, 10) || 60) * 1000;
  var keepaliveUrl = data.keepaliveUrl;
  var loadedAt = Date.now();
  // The log-in time on this browser's clock: drafts older than it were typed
  // in an earlier session.
  var loginAt = loadedAt - (parseInt(data.loginAge, 10) || 0) * 1000;
  var DEADLINE_KEY = "fz-session-deadline";
  var DRAFT = "fz-draft:";
  var PENDING = "fz-draft-pending:";
  var ended = false;

  // --- the deadline ---------------------------------------------------------
  var deadline = loadedAt + remaining * 1000;

  function shared() {
    try {
      return parseInt(window.localStorage.getItem(DEADLINE_KEY), 10) || 0;
    } catch (e) {
      return 0;
    }
  }

  function setDeadline(seconds) {
    deadline = Date.now() + seconds * 1000;
    try {
      window.localStorage.setItem(DEADLINE_KEY, String(deadline));
    } catch (e) { /* storage off: this tab alone */ }
  }
  setDeadline(remaining);

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  var dialogEl = document.getElementById("fz-idle-warning");
  var dialog = null;
  var countdown = dialogEl ? dialogEl.querySelector("[data-fz-idle-countdown]") : null;

  function showWarning(left) {
    if (!dialogEl || !window.bootstrap) return;
    if (!dialog) dialog = window.bootstrap.Modal.getOrCreateInstance(dialogEl);
    if (countdown) countdown.textContent = String(Math.max(0, Math.ceil(left / 1000)));
    if (!dialogEl.classList.contains("show")) dialog.show();
  }

  function hideWarning() {
    if (dialog && dialogEl.classList.contains("show")) dialog.hide();
  }

  function end() {
    ended = true;
    saveAll();
    // A GET of this page: the server finds the session ended and answers with
    // the log-in page, which brings the user back here.
    window.location.assign(window.location.href.split("#")[0]);
  }

  function tick() {
    if (ended) return;
    var latest = Math.max(deadline, shared());
    var left = latest - Date.now();
    if (left <= -2000) {
      end(); // two seconds' grace: the server's clock ends it first
    } else if (left <= warnBefore) {
      showWarning(left);
    } else {
      hideWarning();
    }
  }
  window.setInterval(tick, 1000);

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-fz-keepalive]");
    if (!button) return;
    fetch(keepaliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "XMLHttpRequest" },
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (body && body.remaining > 0) {
          setDeadline(body.remaining);
          hideWarning();
        } else {
          end();
        }
      })
      .catch(function () { /* offline: the countdown goes on */ });
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail && event.detail.xhr;
    var value = xhr && xhr.getResponseHeader("X-Fazhi-Session-Remaining");
    if (value) setDeadline(parseInt(value, 10));
  });

  // --- half-typed forms -------------------------------------------------------
  function draftable(form) {
    if (!(form instanceof HTMLFormElement) || form.hasAttribute("data-fz-no-draft")) return false;
    var method = (form.getAttribute("method") || "").toLowerCase();
    return method === "post" || form.hasAttribute("hx-post");
  }

  function keyOf(form) {
    var url = form.getAttribute("hx-post") || form.getAttribute("action") || "";
    return window.location.pathname + window.location.search + "|" + url;
  }

  var SKIP_TYPES = ["password", "file", "hidden", "submit", "button", "reset", "image"];

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && SKIP_TYPES.indexOf((el.type || "").toLowerCase()) < 0;
    });
  }

  function read(form) {
    var values = [];
    fields(form).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        values.push([el.name, el.value, el.checked]);
      } else if (el.tagName === "SELECT" && el.multiple) {
        values.push([el.name, Array.prototype.filter.call(el.options, function (o) {
          return o.selected;
        }).map(function (o) { return o.value; }), null]);
      } else {
        values.push([el.name, el.value, null]);
      }
    });
    return values;
  }

  function write(form, values) {
    var byName = {};
    values.forEach(function (v) { (byName[v[0]] = byName[v[0]] || []).push(v); });
    var seen = {};
    fields(form).forEach(function (el) {
      var list = byName[el.name];
      if (!list) return;
      if (el.type === "checkbox" || el.type === "radio") {
        list.forEach(function (v) { if (v[1] === el.value) el.checked = !!v[2]; });
      } else if (el.tagName === "SELECT" && el.multiple) {
        var chosen = list[0][1] || [];
        Array.prototype.forEach.call(el.options, function (o) {
          o.selected = chosen.indexOf(o.value) >= 0;
        });
      } else {
        var i = seen[el.name] || 0;
        if (list[i]) el.value = list[i][1];
        seen[el.name] = i + 1;
      }
    });
  }

  function store(key, value) {
    try {
      window.sessionStorage.setItem(key, JSON.stringify(value));
    } catch (e) { /* full or off: nothing kept */ }
  }

  function load(key) {
    try {
      return JSON.parse(window.sessionStorage.getItem(key) || "null");
    } catch (e) {
      return null;
    }
  }

  function drop(key) {
    try {
      window.sessionStorage.removeItem(key);
    } catch (e) { /* nothing kept */ }
  }

  function save(form) {
    if (!draftable(form)) return;
    var values = read(form);
    if (values.length) store(DRAFT + keyOf(form), { at: Date.now(), values: values });
  }

  function saveAll() {
    Array.prototype.forEach.call(document.forms, save);
  }

  var timer = null;
  function saveSoon(form) {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { save(form); }, 300);
  }

  document.addEventListener("input", function (event) {
    if (event.target.form) saveSoon(event.target.form);
  });
  document.addEventListener("change", function (event) {
    if (event.target.form) saveSoon(event.target.form);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-fz-logout")) {
      clearAll();
      return;
    }
    if (!draftable(form)) return;
    var key = keyOf(form);
    var values = read(form);
    drop(DRAFT + key);
    // Kept until the next page shows whether the session took it.
    if (values.length) store(PENDING + key, { at: Date.now(), values: values });
  });

  function clearAll() {
    try {
      var keys = [];
      for (var i = 0; i < window.sessionStorage.length; i++) keys.push(window.sessionStorage.key(i));
      keys.forEach(function (k) {
        if (k.indexOf(DRAFT) === 0 || k.indexOf(PENDING) === 0) drop(k);
      });
    } catch (e) { /* nothing kept */ }
  }

  function restore() {
    var notice = script.dataset.msgRestored;
    var restored = false;
    Array.prototype.forEach.call(document.forms, function (form) {
      if (!draftable(form)) return;
      var key = keyOf(form);
      // Typed, or submitted into an ended session, before this log-in.
      [PENDING + key, DRAFT + key].some(function (k) {
        var draft = load(k);
        if (draft && draft.at < loginAt && draft.values) {
          write(form, draft.values);
          drop(k);
          restored = true;
          return true;
        }
        return false;
      });
      // Typed in this session, left, and come back to: not lost to a log-out,
      // so not put back.
      var left = load(DRAFT + key);
      if (left && left.at >= loginAt) drop(DRAFT + key);
    });
    // Any other pending submit reached a live session: the server has it.
    try {
      var keys = [];
      for (var i = 0; i < window.sessionStorage.length; i++) keys.push(window.sessionStorage.key(i));
      keys.forEach(function (k) {
        if (k.indexOf(PENDING) === 0) drop(k);
      });
    } catch (e) { /* nothing kept */ }
    if (restored && notice) {
      var box = document.querySelector(".fz-messages") || document.getElementById("main");
      if (box) {
        var alert = document.createElement("div");
        alert.className = "alert alert-info";
        alert.setAttribute("role", "status");
        alert.setAttribute("data-testid", "draft-restored");
        alert.textContent = notice;
        box.insertBefore(alert, box.firstChild);
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", restore);
  } else {
    restore();
  }
})();
