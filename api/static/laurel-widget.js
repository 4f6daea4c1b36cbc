// Laurel's badge widget: <laurel-badges> and <laurel-level>, custom elements without dependencies.
//
//   <script src="https://laurel.example/widget.js" defer></script>
//   <laurel-level link="https://laurel.example/m/TOKEN?lang=en"></laurel-level>
//   <laurel-badges link="https://laurel.example/m/TOKEN?lang=en"></laurel-badges>
//
// `link` is a member's signed page link (POST /v1/members/{id}/page-link); the widget reads /w/TOKEN beside it.
// Language: the element's `lang`, else the link's ?lang=, else the page's <html lang>; English or Russian.
// Colours: the program's theme; a page may still override them with --laurel-accent, --laurel-bg, --laurel-text.
(() => {
  "use strict";

  const STRINGS = {
    en: {
      badges: "Badges",
      level: "Level",
      noLevel: "No level yet",
      points: "points",
      earned: "Earned",
      locked: "Locked",
      progress: (done, total) => `${done} of ${total}`,
      toNext: (left, next) => `${left} more to ${next}`,
      top: "Top level reached",
      failed: "The rewards could not be loaded.",
      loading: "Loading rewards…",
    },
    ru: {
      badges: "Значки",
      level: "Уровень",
      noLevel: "Уровня пока нет",
      points: "баллов",
      earned: "Получен",
      locked: "Не получен",
      progress: (done, total) => `${done} из ${total}`,
      toNext: (left, next) => `ещё ${left} до уровня «${next}»`,
      top: "Высший уровень",
      failed: "Не удалось загрузить награды.",
      loading: "Загружаем награды…",
    },
  };

  const STYLE = `
    :host { display: block; font: 15px/1.4 system-ui, sans-serif; color: var(--laurel-text, var(--text));
            background: var(--laurel-bg, var(--background)); border-radius: 10px; padding: 12px; margin: 0 0 12px; }
    h2 { font-size: 1rem; margin: 0 0 8px; }
    ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px;
         grid-template-columns: repeat(auto-fill, minmax(140px, 1fr)); }
    li { display: flex; gap: 8px; align-items: center; padding: 6px; border-radius: 8px;
         border: 1px solid color-mix(in srgb, var(--laurel-text, var(--text)) 15%, transparent); }
    li.locked img { filter: grayscale(1); opacity: .5; }
    img { width: 40px; height: 40px; flex: none; }
    .name { font-weight: 600; }
    .state { font-size: .85em; opacity: .8; }
    progress { width: 100%; height: 10px; accent-color: var(--laurel-accent, var(--accent)); }
    .accent { color: var(--laurel-accent, var(--accent)); font-weight: 700; }
  `;

  const loads = new Map();

  function dataUrl(link) {
    const url = new URL(link, document.baseURI);
    const token = url.pathname.split("/m/")[1];
    if (!token) throw new Error("link is not a member page link");
    return `${url.origin}${url.pathname.slice(0, url.pathname.lastIndexOf("/m/"))}/w/${token}`;
  }

  function load(link) {
    const url = dataUrl(link);
    if (!loads.has(url)) {
      const request = fetch(url, { credentials: "omit", referrerPolicy: "no-referrer" }).then((answer) => {
        if (!answer.ok) throw new Error(`${answer.status}`);
        return answer.json();
      });
      loads.set(url, request);
      request.catch(() => loads.delete(url));
    }
    return loads.get(url);
  }

  function language(element, link) {
    const asked = element.getAttribute("lang") || new URL(link, document.baseURI).searchParams.get("lang") ||
      document.documentElement.lang || "en";
    return asked.toLowerCase().startsWith("ru") ? "ru" : "en";
  }

  function make(tag, props = {}, children = []) {
    const node = document.createElement(tag);
    Object.assign(node, props);
    node.append(...children);
    return node;
  }

  class LaurelElement extends HTMLElement {
    static get observedAttributes() {
      return ["link", "lang"];
    }

    constructor() {
      super();
      this.attachShadow({ mode: "open" });
    }

    connectedCallback() {
      this.refresh();
    }

    attributeChangedCallback() {
      if (this.isConnected) this.refresh();
    }

    async refresh() {
      const link = this.getAttribute("link");
      if (!link) return;
      const t = STRINGS[language(this, link)];
      this.show(t, [make("p", { textContent: t.loading })]);
      try {
        const data = await load(link);
        for (const [name, colour] of Object.entries(data.theme)) this.style.setProperty(`--${name}`, colour);
        this.show(t, this.render(data, t));
        this.dispatchEvent(new CustomEvent("laurel-ready", { detail: data }));
      } catch (error) {
        this.show(t, [make("p", { textContent: t.failed, role: "alert" })]);
      }
    }

    show(t, children) {
      const lang = language(this, this.getAttribute("link"));
      this.shadowRoot.replaceChildren(make("style", { textContent: STYLE }), make("div", { lang }, children));
    }
  }

  class LaurelBadges extends LaurelElement {
    render(data, t) {
      const items = data.badges.map((badge) => {
        const state = badge.awarded ? t.earned : `${t.locked} · ${t.progress(badge.progress, badge.max_progress)}`;
        const text = make("div", {}, [
          make("div", { className: "name", textContent: badge.name }),
          make("div", { className: "state", textContent: state }),
        ]);
        if (!badge.awarded) {
          const label = `${badge.name}: ${t.progress(badge.progress, badge.max_progress)}`;
          text.append(make("progress", { max: badge.max_progress || 1, value: badge.progress, ariaLabel: label }));
        }
        const item = make("li", { className: badge.awarded ? "earned" : "locked", title: badge.description }, [
          make("img", { src: badge.image, alt: "" }),
          text,
        ]);
        item.dataset.key = badge.key;
        return item;
      });
      return [make("h2", { textContent: t.badges }), make("ul", {}, items)];
    }
  }

  class LaurelLevel extends LaurelElement {
    render(data, t) {
      const level = data.level;
      const points = make("p", {}, [
        make("span", { className: "accent points", textContent: String(data.points.available) }),
        ` ${t.points}`,
      ]);
      const parts = [
        make("h2", { textContent: t.level }),
        make("p", { className: "level", textContent: level.name || t.noLevel }),
        points,
      ];
      if (level.next) {
        parts.push(make("progress", { max: 100, value: level.percent, ariaLabel: `${t.level}: ${level.percent}%` }));
        parts.push(make("p", { className: "state", textContent: t.toNext(level.next_at - level.value, level.next) }));
      } else if (level.name) {
        parts.push(make("p", { className: "state", textContent: t.top }));
      }
      return parts;
    }
  }

  if (!customElements.get("laurel-badges")) customElements.define("laurel-badges", LaurelBadges);
  if (!customElements.get("laurel-level")) customElements.define("laurel-level", LaurelLevel);
})();
