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

// The header's menu: without JavaScript the "Menu" link opens it as its target; here
// it becomes a button that folds and unfolds the menu in place.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".menu-toggle[data-menu-toggle]");
  const menu = document.getElementById("site-menu");
  if (!toggle || !menu) {
    return;
  }
  document.documentElement.classList.add("js-menu");
  toggle.setAttribute("role", "button");
  toggle.setAttribute("aria-expanded", "false");
  toggle.addEventListener("click", (event) => {
    event.preventDefault();
    const open = menu.classList.toggle("open");
    toggle.setAttribute("aria-expanded", String(open));
  });
  toggle.addEventListener("keydown", (event) => {
    if (event.key === " ") {
      event.preventDefault();
      toggle.click();
    }
  });
});
