// As-you-type CEL checks: the server compiles the expression with the same checks as saving it.
(function () {
  const csrf = document.querySelector("main").dataset.csrf;
  document.querySelectorAll("input[data-cel]").forEach(function (input) {
    const out = document.getElementById(input.getAttribute("aria-describedby"));
    let timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(async function () {
        const response = await fetch("/admin/validate", {
          method: "POST",
          headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
          body: JSON.stringify({expression: input.value}),
        });
        const result = await response.json();
        out.textContent = result.ok ? (input.value ? "Looks good" : "") : result.error;
        out.className = result.ok ? "muted" : "error";
        input.setAttribute("aria-invalid", result.ok ? "false" : "true");
      }, 250);
    });
  });
})();
