/* Danh bạ: when scripts run, load Leaflet (vendored, same origin) and show the listed units on a map.
   Without JavaScript, or if the tiles cannot load, the list below stays the whole page. */
(function () {
  "use strict";

  function load(box, done) {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = box.getAttribute("data-leaflet-css");
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = box.getAttribute("data-leaflet-js");
    script.onload = done;
    document.head.appendChild(script);
  }

  function draw(box, entries) {
    var L = window.L;
    box.hidden = false;
    var map = L.map(box, { scrollWheelZoom: false });
    L.tileLayer(box.getAttribute("data-tiles"), {
      maxZoom: 18,
      attribution: box.getAttribute("data-attribution")
    }).addTo(map);
    var points = [];
    entries.forEach(function (entry) {
      var point = [parseFloat(entry.getAttribute("data-lat")), parseFloat(entry.getAttribute("data-lng"))];
      var link = document.createElement("a");
      link.href = "#" + entry.id;
      link.textContent = entry.getAttribute("data-name");
      L.circleMarker(point, { radius: 8, weight: 2, color: "#0b5394", fillOpacity: 0.7 })
        .bindPopup(link)
        .addTo(map);
      points.push(point);
    });
    if (points.length === 1) {
      map.setView(points[0], 13);
    } else {
      map.fitBounds(points, { padding: [24, 24], maxZoom: 13 });
    }
    box.setAttribute("data-ready", "1");
  }

  function start() {
    var box = document.getElementById("directory-map");
    if (!box) return;
    var entries = Array.prototype.slice.call(document.querySelectorAll(".directory-entry[data-lat]"));
    if (!entries.length) return;
    load(box, function () { draw(box, entries); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
