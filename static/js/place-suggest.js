/*
 * Place suggestions for the "Wo?" field (progressive enhancement).
 *
 * Inputs with data-suggest-url get a native <datalist>, filled as the user types from
 * GET <url>?q=<text> (JSON: [{"label": "Kamenz (01917, Sachsen)", "value": "01917 Kamenz"}]).
 * The browser renders the datalist as an accessible combobox (keyboard and screen
 * readers included). Without JavaScript the field is a plain text input and the search
 * form works the same.
 */
(function () {
  "use strict";

  var DELAY_MS = 200;
  var MIN_CHARS = 2;

  function enhance(input) {
    var list = document.createElement("datalist");
    var timer = null;
    var lastQuery = "";
    var controller = null;

    list.id = input.id + "-vorschlaege";
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("list", list.id);

    function fill(items) {
      list.textContent = "";
      items.slice(0, 10).forEach(function (item) {
        var option = document.createElement("option");
        option.value = item.value;
        option.textContent = item.label;
        list.appendChild(option);
      });
    }

    function load() {
      var query = input.value.trim();
      if (query.length < MIN_CHARS || query === lastQuery) {
        return;
      }
      lastQuery = query;
      if (controller) {
        controller.abort();
      }
      controller = window.AbortController ? new AbortController() : null;
      var url = input.getAttribute("data-suggest-url") + "?q=" + encodeURIComponent(query);
      window
        .fetch(url, {
          headers: { Accept: "application/json" },
          signal: controller ? controller.signal : undefined,
        })
        .then(function (response) {
          return response.ok ? response.json() : [];
        })
        .then(function (items) {
          if (Array.isArray(items)) {
            fill(items);
          }
        })
        .catch(function () {
          /* offline or aborted: the field keeps working without suggestions */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(load, DELAY_MS);
    });
  }

  if (!window.fetch) {
    return;
  }
  Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest-url]"), enhance);
})();
