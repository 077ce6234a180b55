// Permanent editions live at <site>/editions/<as_of>/ (see the README, "Publishing"). Only on a page of
// one, load the notice script (editions-notice.js); anywhere else (the live site, the offline edition) do
// nothing, so the live site's first view carries a few bytes only.
(function () {
  "use strict";
  var config = document.getElementById("__config");
  if (!config || !/^https?:$/.test(location.protocol)) return;
  var root = new URL(JSON.parse(config.textContent).base + "/", location.href);
  if (!/\/editions\/\d{4}-\d{2}-\d{2}\/$/.test(root.pathname)) return;
  var script = document.createElement("script");
  script.src = new URL("assets/javascripts/editions-notice.js", root).href;
  document.body.appendChild(script);
})();
