/*
 * Quick exit (overrides/partials/nspm/quick-exit.html): clicking the button, or pressing
 * Shift three times within a second, blanks the page and replaces the current history
 * entry with the neutral site, so Back does not return to this page.
 * Without JavaScript the button is still a plain link to the same site.
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-nspm-quick-exit]");
  if (!root) return;
  var link = root.querySelector("a");
  var hint = root.querySelector("[data-nspm-quick-exit-hint]");
  if (hint) hint.hidden = false;

  function leave() {
    document.documentElement.classList.add("nspm-exiting");
    window.location.replace(link.href);
  }

  link.addEventListener("click", function (event) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    leave();
  });

  var presses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) return;
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 1000; });
    presses.push(now);
    if (presses.length >= 3) {
      presses = [];
      leave();
    }
  }, true);
})();
