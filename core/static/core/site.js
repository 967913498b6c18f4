// OpenTwin's small enhancements. Pages work without this file; the site's
// Content-Security-Policy forbids inline scripts and event attributes, so every
// behaviour is attached here through data attributes.
"use strict";

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
