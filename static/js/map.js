/* Leaflet maps over the configured tiles, as an enhancement of the SVG maps
   (templates/_map.html). Markers come from /karte/marker/<kind>.json; without
   JavaScript, Leaflet or an answer, the SVG map stays. A map inside a closed
   <details> is built when it is opened (on demand). */
(function () {
  "use strict";
  if (!window.L || !window.fetch) {
    return;
  }

  function text(figure, count) {
    var many = figure.getAttribute("data-text-many") || "{n}";
    return count === 1 ? figure.getAttribute("data-text-one") : many.replace("{n}", count.toLocaleString(document.documentElement.lang || "de"));
  }

  function link(label, url) {
    var a = document.createElement("a");
    a.href = url;
    a.textContent = label;
    return a;
  }

  function popup(figure, marker) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = marker.label;
    box.appendChild(title);
    if (marker.type !== "place") {
      var count = document.createElement("p");
      count.textContent = text(figure, marker.count);
      box.appendChild(count);
    }
    if (marker.items && marker.items.length) {
      var list = document.createElement("ul");
      marker.items.forEach(function (item) {
        var li = document.createElement("li");
        li.appendChild(link(item.label, item.url));
        list.appendChild(li);
      });
      box.appendChild(list);
    }
    if (marker.url) {
      var p = document.createElement("p");
      p.appendChild(link(figure.getAttribute("data-text-page"), marker.url));
      box.appendChild(p);
    }
    return box;
  }

  function icon(marker, largest) {
    var counted = marker.type !== "place" && marker.count > 0;
    var size = marker.type === "place" ? 18 : 12;
    if (counted && largest > 0) {
      size = Math.round(16 + 16 * Math.sqrt(marker.count / largest));
    }
    return L.divIcon({
      className: "map-pin map-pin-" + marker.type,
      html: counted ? String(marker.count) : "",
      iconSize: [size, size]
    });
  }

  function draw(figure, markers) {
    var canvas = document.createElement("div");
    var title = figure.querySelector("svg title");
    canvas.className = "map-canvas";
    canvas.setAttribute("role", "region");
    canvas.setAttribute("aria-label", title ? title.textContent : figure.getAttribute("data-text-map"));
    figure.insertBefore(canvas, figure.firstChild);
    figure.classList.add("map-live");

    var map = L.map(canvas, { scrollWheelZoom: false });
    var attribution = document.createElement("a");
    attribution.href = figure.getAttribute("data-attribution-url") || "#";
    attribution.textContent = figure.getAttribute("data-attribution");
    map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');
    L.tileLayer(figure.getAttribute("data-tile-url"), {
      maxZoom: parseInt(figure.getAttribute("data-max-zoom"), 10) || 18,
      attribution: attribution.outerHTML
    }).addTo(map);

    var largest = markers.reduce(function (m, x) { return Math.max(m, x.count || 0); }, 0);
    var points = [];
    markers.forEach(function (marker) {
      var point = [marker.lat, marker.lon];
      L.marker(point, { icon: icon(marker, largest), title: marker.label, alt: marker.label, keyboard: true })
        .bindPopup(popup(figure, marker))
        .addTo(map);
      points.push(point);
    });
    if (points.length === 1) {
      map.setView(points[0], 11);
    } else if (points.length) {
      map.fitBounds(points, { padding: [24, 24] });
    } else {
      map.setView([51.1, 10.4], 6);
    }
    figure.setAttribute("data-map-ready", String(points.length));
  }

  function start(figure) {
    if (figure.getAttribute("data-map-started")) {
      return;
    }
    figure.setAttribute("data-map-started", "1");
    fetch(figure.getAttribute("data-markers-url"), { credentials: "omit", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("markers: " + response.status);
        }
        return response.json();
      })
      .then(function (data) { draw(figure, data.markers || []); })
      .catch(function () { figure.setAttribute("data-map-failed", "1"); });
  }

  document.querySelectorAll("figure.map[data-markers-url]").forEach(function (figure) {
    var details = figure.closest("details");
    if (details && !details.open) {
      details.addEventListener("toggle", function () {
        if (details.open) {
          start(figure);
        }
      });
    } else {
      start(figure);
    }
  });
})();
