/* fazhi 法治 — page behaviour shared by every page (loaded by base.html after
 * Bootstrap and htmx). No build step, no framework: plain ES2017.
 *
 *  - htmx errors (4xx/5xx, network) become a Bootstrap toast; the messages come
 *    from data-msg-* attributes on this <script> tag, so they are translated.
 *  - Elements with `data-fz-chart` hold an ECharts option as JSON (or point at a
 *    <script type="application/json" id="..."> with data-fz-chart-src) and are
 *    drawn when echarts.min.js is on the page, also after htmx swaps them in.
 *  - Bootstrap tooltips (data-bs-toggle="tooltip") are activated after swaps.
 *  - Forms with data-fz-confirm ask before submitting.
 *  - Links with data-fz-back go back in the history (a form's 取消); their
 *    href is where to go when there is no history.
 *
 * The site runs under a CSP without 'unsafe-inline' (docs/security.md): no
 * inline handler or javascript: URL, so behaviour is attached here.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var messages = {
    error: (script && script.dataset.msgError) || "操作失败，请稍后重试。",
    offline: (script && script.dataset.msgOffline) || "无法连接服务器，请检查网络。",
    forbidden: (script && script.dataset.msgForbidden) || "没有权限执行此操作。",
  };

  function toast(text, level) {
    var box = document.getElementById("fz-toasts");
    if (!box || !window.bootstrap) {
      window.alert(text);
      return;
    }
    var el = document.createElement("div");
    el.className = "toast align-items-center border-0 text-bg-" + (level || "danger");
    el.setAttribute("role", "alert");
    el.setAttribute("aria-live", "assertive");
    el.setAttribute("aria-atomic", "true");
    var flex = document.createElement("div");
    flex.className = "d-flex";
    var body = document.createElement("div");
    body.className = "toast-body";
    body.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close btn-close-white me-2 m-auto";
    close.setAttribute("data-bs-dismiss", "toast");
    flex.appendChild(body);
    flex.appendChild(close);
    el.appendChild(flex);
    box.appendChild(el);
    el.addEventListener("hidden.bs.toast", function () { el.remove(); });
    new window.bootstrap.Toast(el, { delay: 6000 }).show();
  }

  function drawCharts(root) {
    if (!window.echarts) return;
    var nodes = (root || document).querySelectorAll("[data-fz-chart]");
    nodes.forEach(function (node) {
      var raw = node.getAttribute("data-fz-chart");
      var src = node.getAttribute("data-fz-chart-src");
      if (src) {
        var holder = document.getElementById(src);
        raw = holder ? holder.textContent : "";
      }
      if (!raw) return;
      var option;
      try {
        option = JSON.parse(raw);
      } catch (e) {
        console.error("fazhi: bad chart option", node, e);
        return;
      }
      // Tooltips on the canvas: HTML tooltips carry style="" the CSP refuses.
      if (option.tooltip && !option.tooltip.renderMode) option.tooltip.renderMode = "richText";
      var chart = window.echarts.getInstanceByDom(node) || window.echarts.init(node);
      chart.setOption(option, true);
    });
  }

  function activate(root) {
    drawCharts(root);
    if (window.bootstrap) {
      (root || document).querySelectorAll('[data-bs-toggle="tooltip"]').forEach(function (el) {
        window.bootstrap.Tooltip.getOrCreateInstance(el);
      });
    }
  }

  window.addEventListener("resize", function () {
    if (!window.echarts) return;
    document.querySelectorAll("[data-fz-chart]").forEach(function (node) {
      var chart = window.echarts.getInstanceByDom(node);
      if (chart) chart.resize();
    });
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute("data-fz-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);

  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest && event.target.closest("a[data-fz-back]");
    if (!link || window.history.length < 2) return;
    event.preventDefault();
    window.history.back();
  });

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    toast(status === 403 ? messages.forbidden : messages.error);
  });
  document.addEventListener("htmx:sendError", function () { toast(messages.offline); });
  document.addEventListener("htmx:load", function (event) { activate(event.target); });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { activate(document); });
  } else {
    activate(document);
  }

  window.fazhi = { toast: toast, drawCharts: drawCharts };
})();
