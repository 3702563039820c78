// Enhancement only: every page reads and every form sends without this script.
// A date control sends its form when a date is picked, as a slider would.
"use strict";
document.querySelectorAll("form.controls input[type=date]").forEach((input) => {
  input.addEventListener("change", () => {
    if (input.value) input.form.requestSubmit();
  });
});
