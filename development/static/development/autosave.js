// The preparation form of an interview saves itself a second after typing stops: it posts the
// form (with `autosave=1`) to the page, which answers JSON {"message"} or, when a rule is broken,
// {"code", "detail", "fields"}. Without JavaScript the form's own buttons submit it as usual.
(function () {
  "use strict";
  var DELAY = 1000;

  function setUp(form) {
    var status = form.querySelector("[data-autosave-status]");
    var timer = null;
    var dirty = false;
    var busy = false;

    function show(text, isError) {
      if (!status || !text) return;
      status.textContent = text;
      status.classList.toggle("is-error", Boolean(isError));
    }

    function save() {
      timer = null;
      if (!dirty) return;
      if (busy) {
        timer = window.setTimeout(save, DELAY);
        return;
      }
      dirty = false;
      busy = true;
      var data = new FormData(form);
      data.set("action", "preparation");
      data.set("autosave", "1");
      show(form.dataset.saving, false);
      fetch(form.getAttribute("action") || window.location.pathname, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRFToken": data.get("csrfmiddlewaretoken") },
      })
        .then(function (response) {
          return response.json().then(function (body) {
            if (response.ok) {
              show(body.message, false);
            } else {
              show(body.detail, true);
            }
          });
        })
        .catch(function () {
          dirty = true;
          show(form.dataset.failed, true);
        })
        .then(function () {
          busy = false;
        });
    }

    form.addEventListener("input", function () {
      dirty = true;
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(save, DELAY);
    });
  }

  document.querySelectorAll("form[data-autosave]").forEach(setUp);
})();
