// Ledger import (issue 18): poll the running job's progress and reload the
// page when the preview or the import has finished. No inline script (CSP).
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box) return;
  var url = box.getAttribute("data-status-url");
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-progress-text]");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.total) {
          bar.max = s.total;
          bar.value = s.done;
          text.textContent = s.done + " / " + s.total;
        }
        if (s.status !== "previewing" && s.status !== "committing") {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
