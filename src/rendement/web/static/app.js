// Small behaviour for the results pages: a progress indicator while a simulation runs.
"use strict";
(() => {
  const form = document.getElementById("sim-form");
  if (!form) return;
  form.addEventListener("submit", () => {
    const bar = document.getElementById("sim-progress");
    bar.hidden = false;
    form.querySelector("button").disabled = true;
  });
})();
