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

// A searchable multiple choice. The page renders a plain <select multiple
// data-searchable> that works on its own; here it becomes a text box that narrows a
// list of checkboxes, with the chosen items as removable buttons and a polite count.
// Every tick is copied to the real select, so the form posts exactly the same values.
(() => {
  const fold = (text) =>
    text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  let serial = 0;

  const enhance = (select) => {
    const data = select.dataset;
    const base = select.id || `searchable-${(serial += 1)}`;
    const field = select.closest(".form-field") || select.parentElement;
    const label = field.querySelector(`label[for="${select.id}"]`);
    const help = document.getElementById(`${select.id}_helptext`);

    const widget = document.createElement("div");
    widget.className = "searchable-select";
    widget.setAttribute("role", "group");
    if (label) {
      label.id = label.id || `${base}_label`;
      widget.setAttribute("aria-labelledby", label.id);
    }

    const status = document.createElement("p");
    status.className = "searchable-count";
    status.setAttribute("role", "status");
    status.id = `${base}_count`;

    const chips = document.createElement("ul");
    chips.className = "searchable-chips";
    chips.setAttribute("aria-label", data.chosenLabel || "Chosen");

    const filter = document.createElement("input");
    filter.type = "search";
    filter.id = `${base}_filter`;
    filter.className = "form-control searchable-filter";
    filter.autocomplete = "off";
    filter.spellcheck = false;
    filter.placeholder = data.filterLabel || "";
    filter.setAttribute("aria-controls", `${base}_options`);
    const described = [select.getAttribute("aria-describedby"), status.id]
      .filter(Boolean)
      .join(" ");
    filter.setAttribute("aria-describedby", described);
    if (select.getAttribute("aria-invalid")) {
      filter.setAttribute("aria-invalid", "true");
    }
    if (label) {
      label.htmlFor = filter.id;
    }
    if (help && data.jsHelp) {
      help.textContent = data.jsHelp;
    }

    const list = document.createElement("ul");
    list.className = "searchable-options";
    list.id = `${base}_options`;

    const empty = document.createElement("p");
    empty.className = "searchable-empty";
    empty.hidden = true;
    empty.textContent = data.noMatch || "";

    const rows = Array.from(select.options).map((option, index) => {
      const item = document.createElement("li");
      item.className = "form-check";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.className = "form-check-input";
      box.id = `${base}_option_${index}`;
      box.value = option.value;
      box.checked = option.selected;
      const text = document.createElement("label");
      text.className = "form-check-label";
      text.htmlFor = box.id;
      text.textContent = option.textContent;
      item.append(box, text);
      list.append(item);
      return { option, item, box, key: fold(option.textContent) };
    });

    const visibleBoxes = () => rows.filter((row) => !row.item.hidden).map((row) => row.box);

    const countText = (count) => {
      if (count === 0) {
        return data.chosenNone || "0";
      }
      if (count === 1) {
        return data.chosenOne || "1";
      }
      return (data.chosenMany || "%(count)s").replace("%(count)s", String(count));
    };

    const renderChips = () => {
      chips.replaceChildren();
      const chosen = rows.filter((row) => row.box.checked);
      chosen.forEach((row) => {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-outline-secondary searchable-chip";
        button.dataset.value = row.option.value;
        button.setAttribute(
          "aria-label",
          (data.removeLabel || "%(name)s").replace("%(name)s", row.option.textContent.trim()),
        );
        const name = document.createElement("span");
        name.textContent = row.option.textContent;
        const cross = document.createElement("span");
        cross.setAttribute("aria-hidden", "true");
        cross.className = "searchable-chip-cross";
        cross.textContent = "×";
        button.append(name, cross);
        item.append(button);
        chips.append(item);
      });
      chips.hidden = chosen.length === 0;
      status.textContent = countText(chosen.length);
    };

    const sync = () => {
      rows.forEach((row) => {
        row.option.selected = row.box.checked;
      });
      select.dispatchEvent(new Event("change", { bubbles: true }));
      renderChips();
    };

    const applyFilter = () => {
      const wanted = fold(filter.value);
      let shown = 0;
      rows.forEach((row) => {
        row.item.hidden = wanted !== "" && !row.key.includes(wanted);
        shown += row.item.hidden ? 0 : 1;
      });
      empty.hidden = shown !== 0;
    };

    list.addEventListener("change", sync);
    filter.addEventListener("input", applyFilter);
    filter.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown") {
        const first = visibleBoxes()[0];
        if (first) {
          event.preventDefault();
          first.focus();
        }
      } else if (event.key === "Enter") {
        // Enter picks the first match instead of sending the form half filled.
        event.preventDefault();
        const first = visibleBoxes()[0];
        if (first && filter.value.trim() !== "") {
          first.checked = !first.checked;
          sync();
          filter.select();
        }
      } else if (event.key === "Escape" && filter.value !== "") {
        event.preventDefault();
        filter.value = "";
        applyFilter();
      }
    });
    list.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") {
        return;
      }
      const boxes = visibleBoxes();
      const at = boxes.indexOf(document.activeElement);
      if (at === -1) {
        return;
      }
      event.preventDefault();
      if (event.key === "ArrowDown") {
        boxes[Math.min(at + 1, boxes.length - 1)].focus();
      } else if (at === 0) {
        filter.focus();
      } else {
        boxes[at - 1].focus();
      }
    });
    chips.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-value]");
      if (!button) {
        return;
      }
      const buttons = Array.from(chips.querySelectorAll("button"));
      const at = buttons.indexOf(button);
      rows.forEach((row) => {
        if (row.option.value === button.dataset.value) {
          row.box.checked = false;
        }
      });
      sync();
      const left = chips.querySelectorAll("button");
      (left[Math.min(at, left.length - 1)] || filter).focus();
    });

    widget.append(filter, list, empty, status, chips);
    select.hidden = true;
    select.classList.add("searchable-source");
    select.tabIndex = -1;
    select.after(widget);
    select.searchableFilter = filter;
    renderChips();
  };

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("select[multiple][data-searchable]").forEach(enhance);
  });

  // The error summary links to the select's id: send the focus to its search box.
  document.addEventListener("click", (event) => {
    const link = event.target.closest('a[href^="#"]');
    if (!link || link.getAttribute("href").length < 2) {
      return;
    }
    const target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (target && target.searchableFilter) {
      event.preventDefault();
      target.searchableFilter.focus();
      target.searchableFilter.scrollIntoView({ block: "center" });
    }
  });
})();

// === end area: twinspace projects ===============================================
