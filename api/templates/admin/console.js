// As-you-type CEL checks (the server compiles with the same checks as saving) and the "try it on an event" box.
(function () {
  const csrf = document.querySelector("main").dataset.csrf;

  async function post(path, body) {
    const response = await fetch(path, {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
      body: JSON.stringify(body),
    });
    return response.json();
  }

  document.querySelectorAll("input[data-cel]").forEach(function (input) {
    const out = document.getElementById(input.getAttribute("aria-describedby"));
    let timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(async function () {
        const result = await post("/admin/validate", {expression: input.value, field: input.dataset.field || "condition"});
        out.textContent = result.ok ? (input.value ? "Looks good" : "") : result.error;
        out.className = result.ok ? "muted" : "error";
        input.setAttribute("aria-invalid", result.ok ? "false" : "true");
      }, 250);
    });
  });

  const tryButton = document.getElementById("try-button");
  if (tryButton) {
    tryButton.addEventListener("click", async function () {
      const out = document.getElementById("try-result");
      let properties;
      try {
        properties = JSON.parse(document.getElementById("try-properties").value || "{}");
      } catch (error) {
        out.textContent = "The properties are not valid JSON.";
        out.className = "error";
        return;
      }
      const value = (id) => document.getElementById(id).value || null;
      const result = await post("/admin/try", {
        rule: {event_type: value("rule-type"), condition: value("rule-condition"), points: value("rule-points")},
        event: {properties: properties},
      });
      if (result.ok) {
        const effects = result.effects;
        out.textContent = "This event would earn " + effects.points + " points" +
          (effects.rule_errors ? " (" + effects.rule_errors[0].error + ")" : "") + ".";
        out.className = "muted";
      } else {
        out.textContent = result.error;
        out.className = "error";
      }
    });
  }
})();
