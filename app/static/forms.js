// Every form: the cursor goes to the first invalid field (one marked aria-invalid by the
// form macros, or Bootstrap's .is-invalid), else to the field marked autofocus; an invalid
// field rendered without our macros is tied to its error text (aria-invalid,
// aria-describedby).
(function () {
  "use strict";

  let n = 0;
  document.querySelectorAll(".is-invalid:not([aria-invalid])").forEach(function (field) {
    const error = field.parentElement.querySelector(".invalid-feedback");
    field.setAttribute("aria-invalid", "true");
    if (error) {
      error.id = error.id || (field.id || "field-" + ++n) + "-error";
      field.setAttribute("aria-describedby", error.id);
    }
  });
  const shown = (element) => element.offsetParent !== null;
  const invalid = Array.from(document.querySelectorAll("main [aria-invalid='true']")).find(shown);
  const wanted = invalid || Array.from(document.querySelectorAll("main [autofocus]")).find(shown);
  if (wanted) wanted.focus();
})();
