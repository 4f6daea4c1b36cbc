// The till: find a member by camera, photo or typed card number, then act in a few taps. Each action carries an
// idempotency key made when the action starts and kept until the server has answered it, so a double tap or a
// retry after a dropped connection replays the first answer instead of acting twice.
(() => {
  const main = document.querySelector("main[data-csrf]");
  const csrf = main.dataset.csrf;
  const words = JSON.parse(main.dataset.words);
  const status = document.getElementById("till-status");
  const memberBox = document.getElementById("member");
  const video = document.getElementById("camera");
  let member = null;

  function say(text, bad) {
    status.textContent = text;
    status.classList.toggle("error", Boolean(bad));
  }

  function newKey() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function call(path, body) {
    const response = await fetch("/admin/till/" + path, {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    const refusal = data.error || (Array.isArray(data.detail) ? data.detail.map((d) => d.msg).join("; ") : data.detail);
    return {ok: response.ok && data.ok, status: response.status, data, error: refusal || words.failed};
  }

  function show(summary) {
    member = summary;
    memberBox.hidden = false;
    document.getElementById("member-name").textContent = summary.name;
    document.getElementById("member-level").textContent = summary.level || words.no_level;
    document.getElementById("member-card").textContent = summary.card;
    document.getElementById("member-balance").textContent = summary.available + " " + words.points;
    const select = document.getElementById("reward");
    select.replaceChildren(...summary.rewards.map((r) => {
      const option = new Option(r.name + " — " + r.cost + " " + words.points, r.key);
      option.disabled = !r.affordable;
      return option;
    }));
    document.getElementById("reward-form").hidden = summary.rewards.length === 0;
    const passes = document.getElementById("passes");
    passes.replaceChildren(...summary.passes.map((p) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.pass = p.id;
      button.textContent = words.use_pass.replace("{name}", p.name)
        .replace("{left}", p.uses_left === null ? "∞" : String(p.uses_left));
      button.addEventListener("click", () => act(button, "pass", {pass_id: p.id}));
      item.append(button);
      return item;
    }));
    if (!summary.passes.length) {
      const item = document.createElement("li");
      item.className = "muted";
      item.textContent = words.no_passes;
      passes.append(item);
    }
  }

  async function find(number) {
    say(words.finding);
    const answer = await call("lookup", {number: String(number).trim()});
    if (!answer.ok) {
      memberBox.hidden = true;
      member = null;
      say(answer.error, true);
      return;
    }
    show(answer.data.summary);
    say(words.found.replace("{name}", answer.data.summary.name));
    document.getElementById("amount").focus();
  }

  // One action at a time per control: the control is disabled while its request runs, and its key is kept until
  // the server answers (a network failure keeps it, so pressing again replays rather than repeats).
  async function act(control, action, fields) {
    if (!member || control.disabled) return;
    control.dataset.key = control.dataset.key || newKey();
    control.disabled = true;
    try {
      const answer = await call(action, {key: control.dataset.key, member: member.member, ...fields});
      delete control.dataset.key;
      if (!answer.ok) {
        say(answer.error, true);
        return;
      }
      show(answer.data.summary);
      say(words.done[action].replace("{points}", answer.data.points ?? answer.data.cost ?? "")
        .replace("{name}", answer.data.name || answer.data.pass || answer.data.code || ""));
      if (control.tagName === "FORM") control.reset();
    } catch (error) {
      say(words.offline, true);
    } finally {
      control.disabled = false;
    }
  }

  for (const form of document.querySelectorAll("form[data-action]")) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const submit = form.querySelector("button[type=submit]");
      if (submit.disabled) return;
      const fields = Object.fromEntries(new FormData(form));
      if ("amount" in fields) fields.amount = Number(fields.amount);
      submit.disabled = true;
      act(form, form.dataset.action, fields).finally(() => { submit.disabled = false; });
    });
  }

  document.getElementById("lookup").addEventListener("submit", (event) => {
    event.preventDefault();
    find(document.getElementById("number").value);
  });
  document.getElementById("next").addEventListener("click", () => {
    member = null;
    memberBox.hidden = true;
    say("");
    document.getElementById("number").value = "";
    document.getElementById("scan").focus();
  });

  // Decoding: the browser's BarcodeDetector where it reads QR codes, else ZXing's JavaScript port (loaded on first
  // use). Both read from a canvas, so a camera frame and a photo take the same path.
  let decoder = null;
  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.append(script);
    });
  }
  async function makeDecoder() {
    if ("BarcodeDetector" in window) {
      const formats = await BarcodeDetector.getSupportedFormats();
      if (formats.includes("qr_code")) {
        const native = new BarcodeDetector({formats: ["qr_code", "code_128"].filter((f) => formats.includes(f))});
        return {name: "native", read: async (canvas) => (await native.detect(canvas)).map((b) => b.rawValue)[0]};
      }
    }
    await loadScript("/admin/till/decoder.js");
    const reader = new ZXing.MultiFormatReader();
    reader.setHints(new Map([
      [ZXing.DecodeHintType.POSSIBLE_FORMATS, [ZXing.BarcodeFormat.QR_CODE, ZXing.BarcodeFormat.CODE_128]],
      [ZXing.DecodeHintType.TRY_HARDER, true],
    ]));
    return {name: "zxing", read: async (canvas) => {
      try {
        const bitmap = new ZXing.BinaryBitmap(new ZXing.HybridBinarizer(new ZXing.HTMLCanvasElementLuminanceSource(canvas)));
        return reader.decode(bitmap).getText();
      } catch (notFound) {
        return undefined;
      } finally {
        reader.reset();
      }
    }};
  }
  async function read(source, width, height) {
    decoder = decoder || await makeDecoder();
    main.dataset.decoder = decoder.name;
    const canvas = document.createElement("canvas");
    const scale = Math.min(1, 1280 / Math.max(width, height));
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    canvas.getContext("2d", {willReadFrequently: true}).drawImage(source, 0, 0, canvas.width, canvas.height);
    const text = await decoder.read(canvas);
    return text && /^\d{8,19}$/.test(text.trim()) ? text.trim() : undefined;
  }

  let stream = null;
  function stopCamera() {
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    video.hidden = true;
    document.getElementById("scan").textContent = words.scan;
  }
  document.getElementById("scan").addEventListener("click", async () => {
    if (stream) return stopCamera();
    try {
      stream = await navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}});
    } catch (error) {
      say(words.no_camera, true);
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    document.getElementById("scan").textContent = words.stop;
    say(words.scanning);
    while (stream) {
      if (video.videoWidth) {
        const number = await read(video, video.videoWidth, video.videoHeight);
        if (number) {
          stopCamera();
          document.getElementById("number").value = number;
          return find(number);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  document.getElementById("photo").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    say(words.reading);
    const image = await createImageBitmap(file);
    const number = await read(image, image.width, image.height);
    event.target.value = "";
    if (!number) {
      say(words.unreadable, true);
      return;
    }
    document.getElementById("number").value = number;
    find(number);
  });
})();
