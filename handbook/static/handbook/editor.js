// The live preview of a chapter's Markdown: a moment after typing stops, the text is posted to
// the preview endpoint (with the form's CSRF token), which answers the sanitised HTML of
// handbook.markdown.render; that answer, and nothing else, goes into the preview box. Without
// JavaScript the form's "Preview" button shows the same rendering on the page.
(function () {
  "use strict";
  var DELAY = 500;

  function setUp(source) {
    var form = source.form;
    var box = form ? form.querySelector("[data-preview]") : null;
    if (!box) return;
    var url = box.getAttribute("data-preview-url");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    var timer = null;
    var sent = 0;

    function refresh() {
      timer = null;
      var number = ++sent;
      var data = new FormData();
      data.append("body", source.value);
      fetch(url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.value : "", "Accept": "text/html" },
      })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then(function (html) {
          if (number !== sent) return; // an older answer arriving late
          box.innerHTML = html; // sanitised by the server (nh3 allow-list)
          box.classList.remove("is-stale");
        })
        .catch(function () {
          box.classList.add("is-stale");
        });
    }

    source.addEventListener("input", function () {
      if (timer) window.clearTimeout(timer);
      box.classList.add("is-stale");
      timer = window.setTimeout(refresh, DELAY);
    });
  }

  document.querySelectorAll("textarea[data-preview-source]").forEach(setUp);
})();
