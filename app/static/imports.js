// The import's progress bar: poll the progress endpoint, reload the page when it is done.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box) { return; }
  var bar = box.querySelector(".progress-bar");
  var frame = box.querySelector(".progress");
  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        bar.style.width = state.percent + "%";  // CSP allows element.style, not style=""
        frame.setAttribute("aria-valuenow", String(state.percent));
        box.querySelectorAll("[data-status-text]").forEach(function (text) {
          text.hidden = text.dataset.statusText !== state.status;
        });
        box.querySelector("[data-step]").textContent = state.step;
        box.querySelector("[data-no-worker]").hidden = state.worker !== false;
        if (state.status === "queued" || state.status === "running") {
          window.setTimeout(poll, 1000);
        } else {
          window.location.assign(box.dataset.done);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
}());
