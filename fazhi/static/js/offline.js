/* fazhi 法治 — capture without a signal (issue 18; core.offline on the server).
 *
 * Loaded by base.html for a signed-in user; settings and translated messages
 * come in data-* on this <script> tag (no inline script, docs/security.md).
 *
 *  - Registers the service worker (/sw.js), which keeps the shell and the
 *    forms that work offline (<form data-offline-kind>) for when there is no
 *    network.
 *  - Such a form submitted without a network is kept in IndexedDB (its fields,
 *    and its photos as Blobs) under an id of its own (crypto.randomUUID), and
 *    the page says so; the navbar badge counts the entries waiting.
 *  - When the network returns (the `online` event) and on every page load,
 *    the entries are sent one by one to /offline/sync/ with the CSRF cookie;
 *    the server creates each once, whatever the repeats. A refusal keeps the
 *    entry as 需要修改 with the server's message; a conflict (the record
 *    changed meanwhile) keeps both versions for a person to choose; an ended
 *    session keeps everything and asks for a log-in, then goes on.
 *  - The queue page (/offline/) lists them: edit (the form opens filled in),
 *    keep mine / keep the server's, delete.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script) return;
  var cfg = script.dataset;
  var DB_NAME = "fazhi-offline";
  var STORE = "entries";
  var HASH = "#offline-entry=";
  var user = cfg.user || "";

  // --- IndexedDB (plain: one store, keyed by the client id) -------------------
  var dbPromise = null;

  function db() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        if (!window.indexedDB) { reject(new Error("no IndexedDB")); return; }
        var req = window.indexedDB.open(DB_NAME, 1);
        req.onupgradeneeded = function () {
          req.result.createObjectStore(STORE, { keyPath: "client_id" });
        };
        req.onsuccess = function () { resolve(req.result); };
        req.onerror = function () { reject(req.error); };
      });
    }
    return dbPromise;
  }

  function run(mode, action) {
    return db().then(function (conn) {
      return new Promise(function (resolve, reject) {
        var tx = conn.transaction(STORE, mode);
        var req = action(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(req ? req.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function allEntries() {
    return run("readonly", function (store) { return store.getAll(); }).then(function (list) {
      return (list || []).filter(function (e) { return e.user === user; }).sort(function (a, b) {
        return a.created_at < b.created_at ? -1 : 1;
      });
    });
  }
  function getEntry(id) { return run("readonly", function (store) { return store.get(id); }); }
  function putEntry(entry) { return run("readwrite", function (store) { return store.put(entry); }); }
  function deleteEntry(id) { return run("readwrite", function (store) { return store.delete(id); }); }

  // --- small DOM helpers (text only: nothing an entry holds becomes HTML) -----
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function notice(where, text, level, testid) {
    var box = el("div", { "class": "alert alert-" + level, role: "status", "data-testid": testid, text: text });
    where.parentNode.insertBefore(box, where);
    return box;
  }

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    // Older browsers: a version-4 UUID from getRandomValues.
    var b = window.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function csrfToken() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // --- the badge ----------------------------------------------------------------
  function updateBadge() {
    var badge = document.querySelector("[data-fz-offline-count]");
    if (!badge) return Promise.resolve();
    return allEntries().then(function (list) {
      badge.textContent = String(list.length);
      var item = badge.closest("[data-fz-offline]");
      if (item) item.classList.toggle("d-none", list.length === 0);
    }).catch(function () { /* no IndexedDB: nothing waits */ });
  }

  // --- reading a form into an entry, and back -----------------------------------
  function labelOf(form, elem) {
    var label = elem.id ? form.querySelector("label[for='" + elem.id + "']") : null;
    return label ? label.textContent.replace(/\s*\*\s*$/, "").trim() : elem.name;
  }

  function read(form) {
    var fields = [];
    var files = [];
    var labels = {};
    var texts = {};
    Array.prototype.forEach.call(form.elements, function (elem) {
      var name = elem.name;
      if (!name || elem.disabled || name === "csrfmiddlewaretoken" || name === "version") return;
      var type = (elem.type || "").toLowerCase();
      if (type === "submit" || type === "button") return;
      if (!labels[name]) labels[name] = labelOf(form, elem);
      if (type === "file") {
        Array.prototype.forEach.call(elem.files || [], function (file) {
          files.push({ name: name, blob: file, filename: file.name, type: file.type });
        });
        return;
      }
      if ((type === "checkbox" || type === "radio") && !elem.checked) return;
      if (elem.tagName === "SELECT") {
        Array.prototype.forEach.call(elem.selectedOptions, function (o) {
          fields.push([name, o.value]);
          if (o.value) texts[name] = (texts[name] ? texts[name] + "、" : "") + o.textContent.trim();
        });
        return;
      }
      fields.push([name, elem.value]);
      if (elem.value) {
        var shown = type === "checkbox" || type === "radio" ? labelOf(form, elem) : elem.value;
        texts[name] = (texts[name] ? texts[name] + "、" : "") + shown;
      }
    });
    return { fields: fields, files: files, labels: labels, texts: texts };
  }

  function fill(form, entry) {
    var values = {};
    entry.fields.forEach(function (f) { (values[f[0]] = values[f[0]] || []).push(f[1]); });
    Array.prototype.forEach.call(form.elements, function (elem) {
      var name = elem.name;
      if (!name || name === "csrfmiddlewaretoken" || name === "version") return;
      var type = (elem.type || "").toLowerCase();
      var list = values[name] || [];
      if (type === "file" || type === "submit" || type === "button") return;
      if (type === "checkbox" || type === "radio") {
        elem.checked = list.indexOf(elem.value) >= 0;
      } else if (elem.tagName === "SELECT") {
        Array.prototype.forEach.call(elem.options, function (o) { o.selected = list.indexOf(o.value) >= 0; });
      } else {
        elem.value = list.length ? list[0] : "";
      }
    });
  }

  function summary(entry) {
    var texts = entry.texts || {};
    var skip = { unit: 1, offline_kind: 1 };
    var parts = Object.keys(texts).filter(function (k) { return !skip[k]; }).slice(0, 3).map(function (k) {
      return texts[k].length > 30 ? texts[k].slice(0, 30) + "…" : texts[k];
    });
    return parts.join(" · ");
  }

  function enqueue(form) {
    var data = read(form);
    var existing = form.getAttribute("data-offline-entry");
    var base = existing ? getEntry(existing) : Promise.resolve(null);
    return base.then(function (old) {
      var versionInput = form.querySelector("input[name=version]");
      var entry = old || {
        client_id: uuid(),
        user: user,
        kind: form.getAttribute("data-offline-kind"),
        label: form.getAttribute("data-offline-label"),
        page: window.location.pathname,
        record: form.getAttribute("data-offline-record") || "",
        version: versionInput ? versionInput.value : "",
        created_at: new Date().toISOString()
      };
      entry.fields = data.fields;
      entry.labels = data.labels;
      entry.texts = data.texts;
      // Photos chosen again replace the kept ones; none chosen keeps them.
      if (data.files.length || !old) entry.files = data.files;
      if (old && old.status === "conflict" && old.theirs_version) entry.version = String(old.theirs_version);
      entry.status = "pending";
      entry.message = "";
      entry.theirs = null;
      return putEntry(entry).then(function () { return entry; });
    });
  }

  // --- sending --------------------------------------------------------------------
  var syncing = null;
  var loginBox = null;

  function askLogin() {
    if (loginBox || !cfg.loginUrl) return;
    var main = document.getElementById("main") || document.body;
    var link = el("a", { href: cfg.loginUrl + "?next=" + encodeURIComponent(window.location.pathname), "class": "alert-link", text: cfg.msgLoginLink });
    loginBox = el("div", { "class": "alert alert-warning", role: "alert", "data-testid": "offline-login" }, [
      document.createTextNode(cfg.msgLogin + " "), link
    ]);
    main.insertBefore(loginBox, main.firstChild);
  }

  function send(entry) {
    var body = new FormData();
    entry.fields.forEach(function (f) { body.append(f[0], f[1]); });
    (entry.files || []).forEach(function (f) { body.append(f.name, f.blob, f.filename || "photo.jpg"); });
    body.append("offline_kind", entry.kind);
    body.append("offline_client_id", entry.client_id);
    if (entry.record) body.append("offline_record", entry.record);
    if (entry.version) body.append("offline_version", entry.version);
    return fetch(cfg.syncUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" }
    }).then(function (resp) {
      if (resp.type === "opaqueredirect" || resp.status === 401 || resp.status === 403) {
        askLogin();
        return "stop";
      }
      if (resp.status === 200 || resp.status === 201) {
        return deleteEntry(entry.client_id).then(function () { return resp.json(); });
      }
      if (resp.status === 400 || resp.status === 404 || resp.status === 409) {
        return resp.json().then(function (answer) {
          entry.status = resp.status === 409 ? "conflict" : "refused";
          entry.message = answer.message || "";
          entry.theirs = answer.theirs || null;
          entry.theirs_version = answer.version || null;
          return putEntry(entry).then(function () { return "kept"; });
        });
      }
      return "stop"; // the server is down: try again later
    }, function () { return "stop"; });
  }

  function syncAll() {
    if (syncing) return syncing;
    if (!navigator.onLine || !cfg.syncUrl) return Promise.resolve(0);
    var sent = 0;
    syncing = allEntries().then(function (list) {
      var waiting = list.filter(function (e) { return e.status === "pending"; });
      return waiting.reduce(function (chain, entry) {
        return chain.then(function (stopped) {
          if (stopped) return true;
          return send(entry).then(function (result) {
            if (result === "stop") return true;
            if (result && result.status === "created") sent += 1;
            return false;
          });
        });
      }, Promise.resolve(false));
    }).catch(function () { /* no IndexedDB */ }).then(function () {
      syncing = null;
      if (sent && window.bootstrap) toastSent(sent);
      return updateBadge().then(renderQueue).then(function () { return sent; });
    });
    return syncing;
  }

  function toastSent(n) {
    var box = document.getElementById("fz-toasts");
    if (!box) return;
    var t = el("div", { "class": "toast text-bg-success border-0", role: "status", "data-testid": "offline-sent" }, [
      el("div", { "class": "toast-body", text: cfg.msgSent.replace("%(n)s", String(n)) })
    ]);
    box.appendChild(t);
    t.addEventListener("hidden.bs.toast", function () { t.remove(); });
    new window.bootstrap.Toast(t, { delay: 5000 }).show();
  }

  // --- the forms ------------------------------------------------------------------
  function editing(form) {
    var id = window.location.hash.indexOf(HASH) === 0 ? window.location.hash.slice(HASH.length) : "";
    if (!id) return;
    getEntry(decodeURIComponent(id)).then(function (entry) {
      if (!entry || entry.user !== user) return;
      fill(form, entry);
      form.setAttribute("data-offline-entry", entry.client_id);
      if (entry.message) notice(form, cfg.msgFix + entry.message, "warning", "offline-entry-message");
      if (entry.theirs) {
        var rows = entry.theirs.map(function (f) {
          return el("tr", {}, [el("th", { scope: "row", text: f.label }), el("td", { text: f.text })]);
        });
        var table = el("table", { "class": "table table-sm mb-0" }, [el("tbody", {}, rows)]);
        var panel = el("div", { "class": "card mb-3", "data-testid": "offline-theirs" }, [
          el("div", { "class": "card-header", text: cfg.msgTheirs }), el("div", { "class": "card-body p-2" }, [table])
        ]);
        form.parentNode.insertBefore(panel, form);
      }
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-offline-kind]")) return;
    var fromQueue = form.hasAttribute("data-offline-entry");
    // Online, a new entry posts as usual; an entry opened from the queue is
    // sent through the queue, keeping its id.
    if (navigator.onLine && !fromQueue) return;
    event.preventDefault();
    enqueue(form).then(function (entry) {
      form.querySelectorAll("[data-testid=offline-saved]").forEach(function (n) { n.remove(); });
      if (navigator.onLine) {
        return syncAll().then(function () {
          return getEntry(entry.client_id).then(function (left) {
            window.location.assign(left ? cfg.queueUrl : cfg.queueUrl + "?sent=1");
          });
        });
      }
      form.reset();
      form.removeAttribute("data-offline-entry");
      var saved = notice(form, cfg.msgSaved, "success", "offline-saved");
      saved.scrollIntoView({ block: "center" });
      return updateBadge();
    }).catch(function () {
      window.alert(cfg.msgNoStore);
    });
  });

  // --- the queue page ---------------------------------------------------------------
  var STATUS = { pending: "msgPending", refused: "msgRefused", conflict: "msgConflict" };
  var LEVEL = { pending: "secondary", refused: "warning", conflict: "danger" };

  function button(text, cls, testid, onClick) {
    var b = el("button", { type: "button", "class": "btn btn-sm " + cls, "data-testid": testid, text: text });
    b.addEventListener("click", onClick);
    return b;
  }

  function entryCard(entry) {
    var head = el("div", { "class": "d-flex flex-wrap gap-2 align-items-center" }, [
      el("strong", { text: entry.label }),
      el("span", { "class": "badge text-bg-" + LEVEL[entry.status], "data-testid": "offline-status", text: cfg[STATUS[entry.status]] }),
      el("small", { "class": "text-body-secondary", text: new Date(entry.created_at).toLocaleString() })
    ]);
    var body = [head, el("div", { "class": "small text-break", text: summary(entry) })];
    if ((entry.files || []).length) {
      body.push(el("div", { "class": "small text-body-secondary", text: cfg.msgPhotos.replace("%(n)s", String(entry.files.length)) }));
    }
    if (entry.message) body.push(el("div", { "class": "small text-danger", "data-testid": "offline-message", text: entry.message }));
    if (entry.status === "conflict" && entry.theirs) {
      var mine = entry.texts || {};
      var rows = entry.theirs.filter(function (f) { return (mine[f.name] || "") !== f.text; }).map(function (f) {
        return el("tr", {}, [el("th", { scope: "row", text: f.label }), el("td", { text: mine[f.name] || "" }), el("td", { text: f.text })]);
      });
      body.push(el("div", { "class": "table-responsive" }, [el("table", { "class": "table table-sm mb-1" }, [
        el("thead", {}, [el("tr", {}, [el("th", { text: "" }), el("th", { text: cfg.msgMine }), el("th", { text: cfg.msgTheirs })])]),
        el("tbody", {}, rows)
      ])]));
    }
    var actions = el("div", { "class": "d-flex flex-wrap gap-2 mt-1" });
    if (entry.status === "conflict") {
      actions.appendChild(button(cfg.msgKeepMine, "btn-primary", "offline-keep-mine", function () {
        entry.version = String(entry.theirs_version || "");
        entry.status = "pending";
        putEntry(entry).then(syncAll);
      }));
      actions.appendChild(button(cfg.msgKeepTheirs, "btn-outline-secondary", "offline-keep-theirs", function () {
        deleteEntry(entry.client_id).then(updateBadge).then(renderQueue);
      }));
    }
    actions.appendChild(el("a", { "class": "btn btn-sm btn-outline-primary", href: entry.page + HASH + encodeURIComponent(entry.client_id), "data-testid": "offline-edit", text: cfg.msgEdit }));
    if (entry.status !== "conflict") {
      actions.appendChild(button(cfg.msgDelete, "btn-outline-danger", "offline-delete", function () {
        if (window.confirm(cfg.msgDeleteConfirm)) deleteEntry(entry.client_id).then(updateBadge).then(renderQueue);
      }));
    }
    body.push(actions);
    return el("li", { "class": "list-group-item", "data-testid": "offline-entry" }, body);
  }

  function renderQueue() {
    var box = document.querySelector("[data-fz-offline-queue]");
    if (!box) return Promise.resolve();
    return allEntries().then(function (list) {
      box.textContent = "";
      if (!list.length) {
        box.appendChild(el("p", { "class": "text-body-secondary", "data-testid": "offline-empty", text: cfg.msgEmpty }));
        return;
      }
      box.appendChild(el("ul", { "class": "list-group" }, list.map(entryCard)));
    }).catch(function () {
      box.textContent = cfg.msgNoStore;
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-fz-offline-send]") : null;
    if (target) syncAll();
  });

  // --- start ------------------------------------------------------------------------
  function registerWorker() {
    if (!("serviceWorker" in navigator) || !cfg.swUrl) return;
    navigator.serviceWorker.register(cfg.swUrl, { scope: "/" }).then(function () {
      if (!navigator.onLine || !window.caches) return;
      // After a log-in the worker emptied its pages: ask it to fetch them again.
      window.caches.open("fazhi-pages-v1").then(function (cache) {
        return cache.match(cfg.queueUrl);
      }).then(function (hit) {
        if (hit) return;
        return navigator.serviceWorker.ready.then(function (reg) {
          if (reg.active) reg.active.postMessage({ type: "precache" });
        });
      }).catch(function () { /* no cache storage */ });
    }).catch(function () { /* not a secure context: the forms work online only */ });
  }

  // Offline, sw.js answers a page it has not kept with this queue page: say so.
  function explainStandIn() {
    var notice = document.querySelector("[data-fz-offline-elsewhere]");
    if (!notice || !cfg.queueUrl) return;
    var queuePath = new URL(cfg.queueUrl, window.location.href).pathname;
    if (window.location.pathname !== queuePath) notice.classList.remove("d-none");
  }

  function start() {
    explainStandIn();
    registerWorker();
    document.querySelectorAll("form[data-offline-kind]").forEach(editing);
    updateBadge();
    renderQueue();
    syncAll();
  }

  window.addEventListener("online", function () { syncAll(); });
  window.addEventListener("offline", updateBadge);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
