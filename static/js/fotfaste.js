// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to the error summary so screen-reader users hear what went wrong.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // An import or a letter batch working in the background: follow its progress, then show the finished page.
  var panel = document.querySelector("[data-progress-url]");
  if (panel && window.fetch) {
    var url = panel.getAttribute("data-progress-url");
    var bar = panel.querySelector("progress");
    var text = panel.querySelector("[data-progress-text]");
    var status = panel.querySelector("[data-progress-status]");
    var poll = function () {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          if (bar && data.percent) { bar.value = data.percent; bar.textContent = data.percent + " %"; }
          if (text && data.phase) {
            text.textContent = data.phase + ": " + data.done.toLocaleString("sv-SE") + " av " + data.total.toLocaleString("sv-SE");
          }
          if (data.running) {
            window.setTimeout(poll, 1500);
          } else {
            // Announced once, then the page shows the outcome.
            if (status) { status.textContent = data.status_label; }
            window.setTimeout(function () { window.location.reload(); }, 800);
          }
        })
        .catch(function () { window.setTimeout(poll, 5000); });
    };
    window.setTimeout(poll, 1000);
  }
});
