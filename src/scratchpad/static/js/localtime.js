/*
 * Show each <time datetime> in the reader's own time zone, in the site's
 * configured format (scratchpad.date_format), with the zone named.
 *
 * The server writes times in UTC with that format and " UTC" after it; that
 * text stays as it is when scripts are off. The format comes from the page
 * (<html data-date-format>, or a <time data-format> of its own), so with
 * scripts on the same strftime codes are filled in with the reader's local
 * time and the zone's short name ("GMT+5:30", "CET") is added; the UTC text
 * moves to the element's title. A format with a code this file does not
 * know is left alone: the reader then sees the server's UTC text, never a
 * time in another shape.
 */
(function () {
  "use strict";

  var DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];
  var CODE = /%(-?)([a-zA-Z%])/g;

  function pad(number, width, flag) {
    var text = String(number);
    if (flag === "-") {
      return text;
    }
    while (text.length < width) {
      text = "0" + text;
    }
    return text;
  }

  var ZONE = typeof Intl === "object" && Intl.DateTimeFormat
    ? new Intl.DateTimeFormat("en", { timeZoneName: "short" })
    : null;

  function zoneName(when) {
    if (!ZONE || !ZONE.formatToParts) {
      return offset(when, ":");
    }
    var parts = ZONE.formatToParts(when);
    for (var i = 0; i < parts.length; i += 1) {
      if (parts[i].type === "timeZoneName") {
        return parts[i].value;
      }
    }
    return offset(when, ":");
  }

  function offset(when, separator) {
    var minutes = -when.getTimezoneOffset();
    var sign = minutes < 0 ? "-" : "+";
    minutes = Math.abs(minutes);
    return sign + pad(Math.floor(minutes / 60), 2) + separator + pad(minutes % 60, 2);
  }

  // One strftime code for a local time; undefined when it is not known.
  function field(when, code, flag) {
    var hour = when.getHours();
    switch (code) {
      case "a": return DAYS[when.getDay()].slice(0, 3);
      case "A": return DAYS[when.getDay()];
      case "b": return MONTHS[when.getMonth()].slice(0, 3);
      case "B": return MONTHS[when.getMonth()];
      case "d": return pad(when.getDate(), 2, flag);
      case "e": return (when.getDate() < 10 ? " " : "") + when.getDate();
      case "H": return pad(hour, 2, flag);
      case "I": return pad(hour % 12 || 12, 2, flag);
      case "p": return hour < 12 ? "AM" : "PM";
      case "m": return pad(when.getMonth() + 1, 2, flag);
      case "M": return pad(when.getMinutes(), 2, flag);
      case "S": return pad(when.getSeconds(), 2, flag);
      case "y": return pad(when.getFullYear() % 100, 2, flag);
      case "Y": return String(when.getFullYear());
      case "Z": return zoneName(when);
      case "z": return offset(when, "");
      case "%": return "%";
      default: return undefined;
    }
  }

  // The local time in ``format``, or null if the format has an unknown code.
  function strftime(when, format) {
    var known = true;
    var text = format.replace(CODE, function (all, flag, code) {
      var value = field(when, code, flag);
      if (value === undefined) {
        known = false;
        return all;
      }
      return value;
    });
    if (!known) {
      return null;
    }
    return /%-?[Zz]/.test(format) ? text : text + " " + zoneName(when);
  }

  var siteFormat = document.documentElement.getAttribute("data-date-format");
  document.querySelectorAll("time[datetime]").forEach(function (element) {
    var format = element.getAttribute("data-format") || siteFormat;
    var when = new Date(element.getAttribute("datetime"));
    if (!format || isNaN(when.getTime())) {
      return;
    }
    var local = strftime(when, format);
    if (local === null) {
      return;
    }
    element.title = element.textContent.trim();
    element.textContent = local;
    element.setAttribute("data-local", "");
  });
})();
