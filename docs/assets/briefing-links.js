/* Links that keep working and a cite control, for every record (see README "Citing" and "Renaming an id").
   - Copy buttons in each record's Cite popover (the Clipboard API; the text copied is the text shown).
   - A link to a former id (#fact-old) lands on the record: the address becomes its current anchor.
   - A link to an anchor that matches nothing says so at the top of the content, with a search link.
   Plain script, no module: the offline edition runs it from file://. Without it the permalink and the
   citation text (a popover that needs no script) are still there. */
(function () {
  "use strict";

  var COPIED_FOR = 2500; // ms the "Copied" confirmation stays on a button

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return Promise.reject(new Error("no clipboard"));
  }

  // Select the shown text, so a reader can copy it by hand when the clipboard is refused.
  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function enhanceCopyButton(button) {
    var shown = button.previousElementSibling; // the <code> holding exactly the text to copy
    var panel = button.closest(".briefing-cite__panel");
    var status = panel && panel.querySelector(".briefing-cite__status");
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(shown.textContent).then(function () {
        button.textContent = "Copied";
        if (status) status.textContent = label.replace(/^Copy /, "") + " copied to the clipboard";
        window.setTimeout(function () { button.textContent = label; }, COPIED_FOR);
      }, function () {
        selectText(shown);
        if (status) status.textContent = "Copying was refused: the text is selected, press Ctrl+C (⌘C) to copy it";
      });
    });
  }

  // Browsers without the popover attribute: the Cite button shows and hides the panel itself.
  function enhanceWithoutPopover(root) {
    if (HTMLElement.prototype.hasOwnProperty("popover")) return;
    root.querySelectorAll("[popovertarget]").forEach(function (button) {
      button.addEventListener("click", function () {
        var panel = document.getElementById(button.getAttribute("popovertarget"));
        panel.classList.toggle("briefing-cite__panel--open", button.getAttribute("popovertargetaction") !== "hide"
          && !panel.classList.contains("briefing-cite__panel--open"));
      });
    });
  }

  function currentFragment() {
    var hash = window.location.hash.slice(1);
    try { return decodeURIComponent(hash); } catch (error) { return hash; }
  }

  // The record that used to be published under `fragment` (its data-briefing-former lists old anchors).
  function formerHolder(fragment) {
    var controls = document.querySelectorAll("[data-briefing-former]");
    for (var i = 0; i < controls.length; i++) {
      if (controls[i].getAttribute("data-briefing-former").split(" ").indexOf(fragment) !== -1) {
        return controls[i].getAttribute("data-briefing-anchor");
      }
    }
    return null;
  }

  function removeNotice() {
    var old = document.querySelector(".briefing-missing");
    if (old) old.remove();
  }

  // "No record `fact-x` on this page", first in the content, with a link that searches for its words.
  function showNotice(fragment) {
    var content = document.querySelector(".md-content__inner") || document.body;
    var notice = document.createElement("div");
    notice.className = "admonition warning briefing-missing";
    notice.setAttribute("role", "alert");
    var title = document.createElement("p");
    title.className = "admonition-title";
    title.append("No record ");
    var code = document.createElement("code");
    code.textContent = fragment;
    title.append(code, " on this page");
    var words = fragment.replace(/^(fact|quote|event|battlegroup|source|term)-/, "").replace(/-/g, " ");
    var body = document.createElement("p");
    var search = document.createElement("a");
    search.href = "?q=" + encodeURIComponent(words);
    search.textContent = "Search the briefing for “" + words + "”";
    body.append("The link may be older than the record it named, or mistyped. ", search, ".");
    notice.append(title, body);
    content.prepend(notice);
  }

  function resolveFragment() {
    var fragment = currentFragment();
    removeNotice();
    if (!fragment || document.getElementById(fragment)) return;
    var anchor = formerHolder(fragment);
    if (anchor && document.getElementById(anchor)) {
      // A fragment navigation that replaces the history entry: the record becomes :target and scrolls into view.
      window.location.replace("#" + anchor);
      return;
    }
    showNotice(fragment);
  }

  function init() {
    document.querySelectorAll(".briefing-cite__copy").forEach(enhanceCopyButton);
    enhanceWithoutPopover(document);
    resolveFragment();
  }

  window.addEventListener("hashchange", resolveFragment);
  // Material's instant navigation swaps pages without a load event; document$ fires for each page.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
