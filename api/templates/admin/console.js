// The editors' light script: CEL checked as you type (the server compiles it with the same checks as saving),
// quest steps added and removed, and the "try it on an event" boxes. The forms still post without it.
(function () {
  "use strict";
  const main = document.querySelector("main[data-csrf]");
  if (!main) return;
  const csrf = main.dataset.csrf;
  const words = JSON.parse(main.dataset.i18n || "{}");
  const say = (template, values) => String(template || "").replace(/\{(\w+)\}/g, (_, name) => values[name]);

  async function postJson(path, body) {
    const response = await fetch(path, {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
      body: JSON.stringify(body),
    });
    return response.json();
  }

  // ---- CEL as you type: debounced, stale answers ignored, the field marked invalid until fixed ----
  const pending = new WeakMap();
  let asked = 0;

  function show(out, text, kind) {
    out.textContent = text;
    out.className = "check" + (kind ? " " + kind : "");
  }

  async function checkField(input) {
    const out = document.getElementById(input.getAttribute("aria-describedby"));
    const ticket = ++asked;
    pending.set(input, ticket);
    let result;
    try {
      result = await postJson("/admin/check-expression", {expression: input.value, field: input.dataset.cel});
    } catch (error) {
      result = {ok: false, error: say(words.failed, {error: error.message})};
    }
    if (pending.get(input) !== ticket) return;
    if (result.ok) {
      show(out, input.value.trim() ? words.looks_good : "", input.value.trim() ? "ok" : "");
      input.setAttribute("aria-invalid", "false");
      input.setCustomValidity("");
    } else {
      const where = result.line ? say(words.at, result) : "";
      show(out, where + result.error, "error");
      input.setAttribute("aria-invalid", "true");
      input.setCustomValidity(result.error);
    }
  }

  const timers = new WeakMap();
  document.addEventListener("input", function (event) {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.dataset.cel) return;
    clearTimeout(timers.get(input));
    timers.set(input, setTimeout(() => checkField(input), 300));
  });

  document.querySelectorAll("form[data-kind]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      const invalid = form.querySelector('[data-cel][aria-invalid="true"]:not(:disabled)');
      if (invalid) {
        event.preventDefault();
        invalid.focus();
      }
    });
  });

  // ---- badge criteria: only the chosen shape's fields are shown and sent ----
  document.querySelectorAll("select[data-criteria-select]").forEach(function (select) {
    function showShape() {
      select.form.querySelectorAll("fieldset[data-criteria]").forEach(function (group) {
        const chosen = group.dataset.criteria.split(" ").includes(select.value);
        group.hidden = !chosen;
        group.disabled = !chosen;
      });
    }
    select.addEventListener("change", showShape);
    showShape();
  });

  // ---- quest steps ----
  const steps = document.getElementById("quest-steps");
  const stepTemplate = document.getElementById("step-template");
  const addStep = document.getElementById("add-step");

  function appendStep(values) {
    const n = steps.children.length + 1;
    const holder = document.createElement("div");
    holder.innerHTML = stepTemplate.innerHTML.replace(/__N__/g, String(n));
    const step = holder.firstElementChild;
    if (values) {
      step.querySelector('[name="step_event_type"]').value = values.type;
      step.querySelector('[name="step_condition"]').value = values.condition;
      step.querySelector('[name="step_count"]').value = values.count;
    }
    steps.appendChild(step);
    const condition = step.querySelector("[data-cel]");
    if (condition.value) checkField(condition);
    addStep.hidden = steps.children.length >= 20;
    return step;
  }

  if (steps && stepTemplate && addStep) {
    addStep.addEventListener("click", function () {
      appendStep(null).querySelector("input").focus();
    });
    steps.addEventListener("click", function (event) {
      const button = event.target.closest("[data-remove-step]");
      if (!button || steps.children.length === 1) return;
      const removed = Array.prototype.indexOf.call(steps.children, button.closest("li"));
      // Steps are numbered in their labels and ids: rebuild the list so the numbers stay 1, 2, 3...
      const kept = Array.from(steps.children)
        .filter((_, index) => index !== removed)
        .map((step) => ({
          type: step.querySelector('[name="step_event_type"]').value,
          condition: step.querySelector('[name="step_condition"]').value,
          count: step.querySelector('[name="step_count"]').value,
        }));
      steps.replaceChildren();
      kept.forEach(appendStep);
      const next = steps.children[Math.min(removed, steps.children.length - 1)];
      next.querySelector("input").focus();
    });
  }

  // ---- try it on an event: the form as it stands, plus the event, evaluated by the server ----
  function describe(effects) {
    const parts = [say(words.earn, effects)];
    if (effects.xp) parts.push(say(words.xp, effects));
    if (effects.badges && effects.badges.length) {
      parts.push(say(words.badges, {badges: effects.badges.map((b) => b.key || b).join(", ")}));
    }
    (effects.quests || []).forEach(function (quest) {
      parts.push(quest.status === "completed"
        ? say(words.quest_done, quest)
        : say(words.quest, {key: quest.key, progress: quest.progress, total: quest.max_progress}));
    });
    if (effects.level) parts.push(say(words.level, {level: effects.level.key || effects.level}));
    (effects.rule_errors || []).forEach((e) => parts.push(say(words.skipped, {error: e.error})));
    return parts.join(" ");
  }

  document.querySelectorAll("button[data-try]").forEach(function (button) {
    button.addEventListener("click", async function () {
      const kind = button.dataset.try;
      const out = document.getElementById(kind + "-try-result");
      const properties = button.form.querySelector('[name="try_properties"]').value || "{}";
      try {
        JSON.parse(properties);
      } catch (error) {
        show(out, words.bad_json, "error");
        return;
      }
      let result;
      try {
        const response = await fetch("/admin/try/" + kind, {method: "POST", body: new FormData(button.form)});
        result = await response.json();
      } catch (error) {
        result = {ok: false, error: say(words.failed, {error: error.message})};
      }
      if (result.ok) show(out, describe(result.effects), "");
      else show(out, result.error, "error");
    });
  });
})();
