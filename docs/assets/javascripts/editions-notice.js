// On a page of a permanent edition (<site>/editions/<as_of>/; editions.js loads this script only there):
// say which edition it is and, when the live site's editions.json lists a newer one, link to this same
// page and record there. When the list cannot be fetched the page keeps its plain "permanent edition" note.
(function () {
  "use strict";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  var config = document.getElementById("__config");
  var content = document.querySelector(".md-content__inner");
  if (!config || !content || !/^https?:$/.test(location.protocol)) return;
  var root = new URL(JSON.parse(config.textContent).base + "/", location.href);
  var match = root.pathname.match(/\/editions\/(\d{4}-\d{2}-\d{2})\/$/);
  if (!match) return;
  var edition = match[1];
  var live = new URL("../../", root);
  var page = location.pathname.slice(root.pathname.length);

  function longDate(day) {
    var parts = day.split("-");
    return Number(parts[2]) + " " + MONTHS[Number(parts[1]) - 1] + " " + parts[0];
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) node.textContent = text;
    return node;
  }

  var notice = element("div", { "class": "admonition info briefing-edition-notice", "role": "note" });
  notice.appendChild(element("p", { "class": "admonition-title" }, "Permanent edition of " + longDate(edition)));
  var body = notice.appendChild(element("p", {}, "This page stays as it was published on that date. "));
  body.appendChild(element("a", { href: new URL("editions/", live).href }, "All editions"));
  content.insertBefore(notice, content.firstChild);

  function newer(latest) {
    var link = element("a", { "class": "briefing-edition-notice__newer" }, "this page in the edition of " + longDate(latest));
    var update = function () { link.href = new URL("editions/" + latest + "/" + page + location.hash, live).href; };
    update();
    window.addEventListener("hashchange", update);
    notice.className = "admonition warning briefing-edition-notice";
    body.textContent = "A newer edition exists: see ";
    body.appendChild(link);
    body.appendChild(document.createTextNode(", or "));
    body.appendChild(element("a", { href: new URL("editions/", live).href }, "all editions"));
    body.appendChild(document.createTextNode("."));
  }

  fetch(new URL("editions.json", live).href, { cache: "no-cache" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (list) {
      var latest = list && typeof list.current === "string" ? list.current : null;
      if (latest && /^\d{4}-\d{2}-\d{2}$/.test(latest) && latest > edition) newer(latest);
    })
    .catch(function () { /* unreachable list: the plain note stays */ });
})();
