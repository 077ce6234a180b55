/* The battlegroup table: sorting by any column (npm tablesort, served from this site) and a text filter.
   Without JavaScript the table is complete; this only adds the two controls. */
(function () {
  "use strict";
  var table = document.getElementById("battlegroup-table");
  if (!table || typeof Tablesort !== "function") return;

  // Sorting: each heading becomes a button-like control; tablesort sets aria-sort on the sorted column.
  new Tablesort(table);
  var hint = document.querySelector(".briefing-table-hint");
  if (hint) hint.hidden = false;

  // The filter: rows whose text holds every word typed (case and accents ignored) stay visible.
  var box = document.getElementById("battlegroup-filter");
  var count = document.getElementById("battlegroup-filter-count");
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var fold = function (text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  };
  var texts = rows.map(function (row) { return fold(row.textContent); });
  var apply = function () {
    var words = fold(box.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row, i) {
      var match = words.every(function (word) { return texts[i].indexOf(word) !== -1; });
      row.hidden = !match;
      if (match) shown += 1;
    });
    count.textContent = words.length ? shown + " of " + rows.length + " battlegroups shown" : "";
  };
  box.addEventListener("input", apply);
  box.closest(".briefing-filter").hidden = false;
  apply();
})();
