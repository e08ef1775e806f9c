/*
 * Show each <time datetime> in the reader's own time zone and language.
 *
 * The server writes times in UTC with the configured format; that text
 * stays as it is when scripts are off. With scripts on, the text becomes
 * the local time and the UTC text moves to the element's title.
 */
(function () {
  "use strict";

  if (typeof Intl !== "object" || !Intl.DateTimeFormat) {
    return;
  }
  var format = new Intl.DateTimeFormat(undefined, {
    dateStyle: "full",
    timeStyle: "short",
  });

  document.querySelectorAll("time[datetime]").forEach(function (element) {
    var when = new Date(element.getAttribute("datetime"));
    if (isNaN(when.getTime())) {
      return;
    }
    var utc = element.textContent.trim();
    element.title = /\(UTC\)$/.test(utc) ? utc : utc + " (UTC)";
    element.textContent = format.format(when);
    element.setAttribute("data-local", "");
  });
})();
