// newsidx: small enhancements. Everything works without this file: the
// form is a plain GET form, facets and timeline bars are plain links.
(function () {
  "use strict";

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  // "/" focuses the search box, as on many sites; Escape leaves it.
  document.addEventListener("keydown", function (event) {
    var box = document.getElementById("q");
    if (!box || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (event.key === "/" && !typing(event.target)) {
      event.preventDefault();
      box.focus();
      box.select();
    } else if (event.key === "Escape" && event.target === box) {
      box.blur();
    }
  });

  // Left and right arrows move between the timeline's bars.
  var bars = document.querySelector(".bars");
  if (bars) {
    bars.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") {
        return;
      }
      var links = Array.prototype.slice.call(bars.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (at < 0) {
        return;
      }
      var next = links[at + (event.key === "ArrowRight" ? 1 : -1)];
      if (next) {
        event.preventDefault();
        next.focus();
      }
    });
  }
})();
