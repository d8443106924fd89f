// The stakeholder form: a national stakeholder has no region, so its region field hides
// (the server ignores a region left in it).
(function () {
  "use strict";
  var level = document.getElementById("level");
  var region = document.getElementById("region_code");
  if (!level || !region) { return; }
  var group = region.closest(".mb-3") || region.parentNode;
  function show() { group.hidden = level.value === "national"; }
  level.addEventListener("change", show);
  show();
}());
