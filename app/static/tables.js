// Lists on a phone: a table marked .table-stack shows each row as a block of its cells,
// each cell under its column's name (maillage.css), instead of a table wider than the
// screen. Here each cell learns its column's name (data-label) from the header row.
(function () {
  "use strict";

  document.querySelectorAll("table.table-stack").forEach(function (table) {
    const names = Array.from(table.querySelectorAll("thead th"), function (th) {
      const name = th.cloneNode(true); // without the sort arrows, which are not read
      name.querySelectorAll("[aria-hidden='true']").forEach((arrow) => arrow.remove());
      return name.textContent.trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      // The first cell (the record's name) heads the block: it needs no name. A row's
      // checkbox (bulk actions) comes before it.
      const first = row.firstElementChild && row.firstElementChild.classList.contains("bulk-cell") ? 1 : 0;
      Array.from(row.children).forEach(function (cell, index) {
        if (index > first && names[index] && !cell.hasAttribute("data-label")) cell.dataset.label = names[index];
      });
    });
  });
})();
