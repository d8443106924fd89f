// The stakeholder form: a national stakeholder has no region nor MRC, so those fields hide
// (the server ignores a region left in them). A municipality picked in the type-ahead
// (lookup.js puts its region on the option) brings its region, which the region select
// then shows, and its MRC (in its label) and name, so the MRC select and the place in
// words hide (the server takes the municipality's own). Without this script
// the server settles the same (`models.municipality.settle_place`).
(function () {
  "use strict";
  var level = document.getElementById("level");
  var region = document.getElementById("region_code");
  var municipality = document.getElementById("municipality_code");
  var mrc = document.getElementById("mrc_code");
  var locality = document.getElementById("locality");
  if (!level || !region) { return; }
  function groupOf(field) { return field ? field.closest(".mb-3") || field.parentNode : null; }
  var regionGroup = groupOf(region);
  var mrcGroup = groupOf(mrc);
  var localityGroup = groupOf(locality);
  function picked() {
    var option = municipality ? municipality.selectedOptions[0] : null;
    return option && option.value ? option : null;
  }
  function show() {
    var national = level.value === "national";
    regionGroup.hidden = national;
    if (mrcGroup) { mrcGroup.hidden = national || picked() !== null; }
    if (localityGroup) { localityGroup.hidden = picked() !== null; }
  }
  function follow() {
    var option = picked();
    if (option && option.dataset.region && region.value !== option.dataset.region) {
      region.value = option.dataset.region;
      region.dispatchEvent(new Event("change"));
    }
    if (option && mrc) { mrc.value = ""; }
    show();
  }
  level.addEventListener("change", show);
  if (municipality) { municipality.addEventListener("change", follow); }
  show();
}());
