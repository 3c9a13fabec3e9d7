/* Progressive enhancement of the public site; everything works without it. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setUpMenu() {
    var nav = document.querySelector(".site-nav");
    var toggle = nav && nav.querySelector(".nav-toggle");
    if (!toggle) return;
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("is-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("is-open")) {
        nav.classList.remove("is-open");
        toggle.setAttribute("aria-expanded", "false");
        toggle.focus();
      }
    });
  }

  /* Title suggestions under a search box, from three characters on (/tim-kiem/goi-y/). */
  function setUpSuggestions(input, index) {
    var list = document.createElement("ul");
    var timer = null;
    var active = -1;
    list.className = "suggest-list";
    list.id = "suggest-" + index;
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.parentNode.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function select(position) {
      var items = list.querySelectorAll("li");
      if (!items.length) return;
      active = (position + items.length) % items.length;
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[active].id);
    }

    function show(results) {
      list.innerHTML = "";
      results.forEach(function (result, i) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        var kind = document.createElement("span");
        item.id = list.id + "-" + i;
        item.setAttribute("role", "option");
        link.href = result.url;
        link.textContent = result.title + " ";
        kind.className = "suggest-kind";
        kind.textContent = result.kind;
        link.appendChild(kind);
        item.appendChild(link);
        list.appendChild(item);
      });
      list.hidden = !results.length;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var value = input.value.trim();
      if (value.length < 3) { close(); return; }
      timer = setTimeout(function () {
        var scope = input.form && input.form.querySelector("input[name=pham_vi]:checked");
        var url = input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(value) + (scope ? "&pham_vi=" + scope.value : "");
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : []; })
          .then(function (results) { if (input.value.trim() === value) show(results); })
          .catch(close);
      }, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { event.preventDefault(); select(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); select(active - 1); }
      else if (event.key === "Escape") { event.preventDefault(); close(); } /* closes the list, keeps the text */
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = list.querySelectorAll("li a")[active].href;
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  /* "In trang": the browser's print dialog (where "Save as PDF" keeps a copy); hidden without JavaScript. */
  function setUpPrintButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  /* A form sent back with errors: its summary takes the focus (screen readers read it, Tab goes on to
     its links); a link of the summary moves the focus into the field it names. */
  function setUpErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpMenu();
    setUpErrorSummary();
    setUpPrintButtons();
    if (window.fetch) document.querySelectorAll("input[data-suggest]").forEach(setUpSuggestions);
  });
})();
