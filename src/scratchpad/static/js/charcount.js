/*
 * Live character count for a text area that has data-max-length and a
 * count element with the id "<textarea id>-count".
 *
 * Only a convenience: the server is the real limit and says so when a post
 * is too long. Typing past the limit is allowed on purpose (nothing is cut
 * off), the count just turns into "N characters too many". Sighted readers
 * see the count change as they type; screen readers hear it once typing
 * pauses, through a separate polite live region, so they are not
 * interrupted at every key.
 */
(function () {
  "use strict";

  var ANNOUNCE_AFTER_MS = 1000;

  function describe(used, max) {
    var left = max - used;
    var n = Math.abs(left).toLocaleString("en");
    var unit = Math.abs(left) === 1 ? " character" : " characters";
    return left >= 0 ? n + unit + " left" : n + unit + " too many";
  }

  function setUp(field) {
    var max = parseInt(field.getAttribute("data-max-length"), 10);
    var count = document.getElementById(field.id + "-count");
    if (!max || !count) {
      return;
    }
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    count.parentNode.insertBefore(status, count.nextSibling);
    count.setAttribute("aria-hidden", "true");
    count.hidden = false;

    var timer = null;
    function update() {
      // Code points, as the server counts them (not UTF-16 units).
      var used = Array.from(field.value).length;
      var text = describe(used, max);
      count.textContent = text;
      count.classList.toggle("over", used > max);
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        status.textContent = text;
      }, ANNOUNCE_AFTER_MS);
    }
    field.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("textarea[data-max-length]").forEach(setUp);
})();
