/*
 * Search page filters (progressive enhancement).
 *
 * Without JavaScript the filters sit in a <details> panel with an "apply" button and the
 * sort select has its own button. With it: filters and sort apply as soon as they change
 * (a hint says so beforehand), the buttons are hidden, focus returns to the changed
 * control after the reload, and the panel stays open on wide screens (sidebar).
 */
(function () {
  "use strict";

  var KEY = "jobportal-search-focus";
  var WIDE = window.matchMedia ? window.matchMedia("(min-width: 50rem)") : null;
  var form = document.getElementById("search-form");
  var panel = document.getElementById("filter-panel");
  if (!form || !panel) {
    return;
  }

  function syncPanel() {
    if (WIDE && WIDE.matches) {
      panel.open = true;
    }
  }

  function submit(control) {
    try {
      window.sessionStorage.setItem(KEY, control.id);
    } catch (e) {
      /* storage disabled: focus simply starts at the top */
    }
    if (form.requestSubmit) {
      form.requestSubmit();
    } else {
      form.submit();
    }
  }

  function restoreFocus() {
    var id = null;
    try {
      id = window.sessionStorage.getItem(KEY);
      window.sessionStorage.removeItem(KEY);
    } catch (e) {
      return;
    }
    var control = id && document.getElementById(id);
    if (!control) {
      return;
    }
    if (panel.contains(control)) {
      panel.open = true;
    }
    control.focus();
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-no-js-only]"), function (el) {
    el.hidden = true;
  });
  var hint = document.getElementById("filters-auto");
  if (hint) {
    hint.hidden = false;
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-apply-on-change]"), function (el) {
    el.addEventListener("change", function () {
      submit(el);
    });
  });
  syncPanel();
  if (WIDE && WIDE.addEventListener) {
    WIDE.addEventListener("change", syncPanel);
  }
  restoreFocus();
})();
