// Bulk actions on a list (the bar of `bulk_bar` in _macros.html): "tick this page", the
// choice of every row matching the filters once the whole page is ticked (the Gmail
// pattern), the count of ticked rows (announced), and the tag box shown only for a tag
// action. Without script, ticked rows and the bar's form work as they are.
(function () {
  "use strict";

  const form = document.getElementById("bulk-form");
  if (!form) return;
  const rows = Array.from(document.querySelectorAll("input[data-bulk-row]"));
  const pageBox = document.getElementById("bulk-page");
  const allBox = document.getElementById("bulk-all");
  const allChoice = form.querySelector("[data-bulk-all]");
  const count = form.querySelector("[data-bulk-count]");
  const action = document.getElementById("bulk-action");
  const tag = form.querySelector("[data-bulk-tag]");

  form.querySelector("[data-bulk-page-box]").hidden = false;

  function update() {
    const ticked = rows.filter((row) => row.checked).length;
    const whole = ticked > 0 && ticked === rows.length;
    pageBox.checked = whole;
    pageBox.indeterminate = ticked > 0 && !whole;
    if (allChoice) {
      allChoice.hidden = !whole;
      if (!whole) allBox.checked = false;
    }
    const shown = allBox && allBox.checked ? form.dataset.total : ticked;
    count.textContent = ticked ? form.dataset.selected.replace("{num}", shown) : "";
  }

  pageBox.addEventListener("change", function () {
    rows.forEach((row) => { row.checked = pageBox.checked; });
    update();
  });
  rows.forEach((row) => row.addEventListener("change", update));
  if (allBox) allBox.addEventListener("change", update);

  function showTag() {
    if (!tag) return;
    tag.hidden = !/^(add|remove)_tag$/.test(action.value);
  }
  action.addEventListener("change", showTag);
  showTag();
  update();
})();
