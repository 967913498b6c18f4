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

// After a failed submit the error summary takes the focus, so that a screen reader
// reads what to correct and a keyboard user starts from the list of links to fields.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});

// === area: core accounts, registration, validation, support =====================

// === end area: core accounts ====================================================

// === area: core desktop, notifications, directory, search, home ==================

// The search's filters fold on phones (a <details>); on wide screens they sit beside the
// results, open.
document.addEventListener("DOMContentLoaded", () => {
  if (window.matchMedia("(min-width: 62rem)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach((details) => {
      details.open = true;
    });
  }
});

// After an in-place answer (mark read, accept a contact) the button that had the focus
// is gone: the focus moves to the item that replaced it, so keyboard users stay there.
let inPlaceId = "";
document.addEventListener("htmx:beforeSwap", (event) => {
  const target = event.detail.target;
  inPlaceId = target && target.hasAttribute("data-in-place-focus") ? target.id : "";
});
document.addEventListener("htmx:afterSettle", () => {
  const item = inPlaceId && document.getElementById(inPlaceId);
  inPlaceId = "";
  if (item) {
    item.focus();
  }
});

// === end area: core desktop =====================================================

// === area: twinspace space, board, forums, members ===============================

// === end area: twinspace space ==================================================

// === area: twinspace projects, materials, pages, groups ==========================

// === end area: twinspace projects ===============================================
