// Enhancement only: every page reads and every form sends without this script.
// A changed "as of" date sends its form at once, as a slider would (dates are typed as
// ISO text, the command line's form, whatever the browser's locale).
"use strict";
document.querySelectorAll("form.controls input[name=as_of]").forEach((input) => {
  input.addEventListener("change", () => {
    if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(input.value.trim())) input.form.requestSubmit();
  });
});
