// Type-ahead for <select data-lookup="URL">: type a few letters, pick a result, and it is
// added to the select (shown as removable badges for a multiple select). Without script,
// the plain select still works.
(function () {
  "use strict";

  function setup(select) {
    const url = select.dataset.lookup;
    const box = document.createElement("input");
    box.type = "search";
    box.className = "form-control";
    box.placeholder = select.dataset.placeholder || "";
    box.setAttribute("aria-label", select.dataset.placeholder || "");
    box.setAttribute("autocomplete", "off");
    const results = document.createElement("div");
    results.className = "list-group lookup-results";
    const chosen = document.createElement("div");
    chosen.className = "lookup-chosen d-flex flex-wrap gap-1 mt-1";
    select.classList.add("d-none");
    select.after(box, results, chosen);

    function renderChosen() {
      chosen.replaceChildren();
      for (const option of select.selectedOptions) {
        const badge = document.createElement("span");
        badge.className = "badge text-bg-primary d-inline-flex align-items-center gap-1";
        badge.textContent = option.text;
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "btn-close btn-close-white btn-sm";
        remove.setAttribute("aria-label", "×");
        remove.addEventListener("click", function () {
          option.selected = false;
          renderChosen();
        });
        badge.append(remove);
        chosen.append(badge);
      }
    }

    function choose(item) {
      let option = Array.from(select.options).find((o) => o.value === String(item.id));
      if (!option) {
        option = new Option(item.label, item.id);
        select.add(option);
      }
      if (!select.multiple) {
        for (const other of select.options) other.selected = false;
      }
      option.selected = true;
      box.value = "";
      results.replaceChildren();
      renderChosen();
      box.focus();
    }

    let timer = null;
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(async function () {
        const q = box.value.trim();
        results.replaceChildren();
        if (q.length < 2) return;
        const separator = url.includes("?") ? "&" : "?";
        const response = await fetch(url + separator + "q=" + encodeURIComponent(q), {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (!response.ok) return;
        const data = await response.json();
        for (const item of data.results) {
          const button = document.createElement("button");
          button.type = "button";
          button.className = "list-group-item list-group-item-action";
          button.textContent = item.label;
          button.dataset.id = item.id;
          button.addEventListener("click", function () { choose(item); });
          results.append(button);
        }
      }, 150);
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && results.firstChild) {
        event.preventDefault();
        results.firstChild.click();
      }
    });
    renderChosen();
  }

  document.querySelectorAll("select[data-lookup]").forEach(setup);
})();
