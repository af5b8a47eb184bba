/* The print button (partials/nspm/print-button.html): shown only when this script runs,
   prints the page. An external file, so it works under a CSP without 'unsafe-inline'. */
(function () {
  "use strict";
  function setup() {
    var buttons = document.querySelectorAll("button[data-nspm-print]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
