// Type-ahead for <select data-lookup="URL"> (drawn by the `render_lookup` macro): an ARIA
// combobox (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/) over the select, which
// stays what the form posts. Type a few letters: the results are a listbox; the arrow keys
// move through them, Enter picks the highlighted one (and never submits the form), Escape
// closes. A multiple select shows its chosen values as chips, each with a "Remove <name>"
// button. `data-lookup-first="<select id>"`: the values chosen in that other select are
// sent as `stakeholder=`, and their rows come first, all of them on focus. A result's
// `data` (`{"region": "02"}`) becomes the picked option's data-* attributes.
// Without script, the plain select still works.
// Also: the follow-up shortcuts (+1 week...) of the quick log fill the date they name, and
// Ctrl+Enter (Cmd+Enter) saves a form marked `data-save-shortcut` from any of its fields,
// and the quick log's measure finder ticks a measure by a word of it (`measureFinder`).
(function () {
  "use strict";

  let counter = 0;

  function setup(select) {
    const url = select.dataset.lookup;
    const id = select.id || "lookup-" + ++counter;
    const field = select.closest(".lookup-field") || select.parentElement;
    const label = field.querySelector("label[for='" + id + "']");
    // The live region where the count of results is said (the macro draws it; made here
    // for a select drawn otherwise).
    let status = document.getElementById(id + "-status");
    if (!status) {
      status = document.createElement("div");
      status.id = id + "-status";
      status.className = "visually-hidden";
      status.setAttribute("aria-live", "polite");
      field.append(status);
    }
    const removeText = select.dataset.remove || status.dataset.remove || "{name}";
    const firstFrom = select.dataset.lookupFirst
      ? document.getElementById(select.dataset.lookupFirst)
      : null;

    const box = document.createElement("input");
    box.type = "text";
    box.id = id + "-search";
    box.className = "form-control";
    box.placeholder = select.dataset.placeholder || "";
    box.autocomplete = "off";
    box.setAttribute("role", "combobox");
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-expanded", "false");
    box.setAttribute("aria-controls", id + "-listbox");
    for (const name of ["aria-invalid", "aria-describedby"]) {
      if (select.hasAttribute(name)) box.setAttribute(name, select.getAttribute(name));
    }
    if (select.classList.contains("is-invalid")) box.classList.add("is-invalid");
    if (select.hasAttribute("autofocus")) {
      select.removeAttribute("autofocus");
      box.autofocus = true;
    }
    if (label) label.htmlFor = box.id;

    const list = document.createElement("ul");
    list.id = id + "-listbox";
    list.className = "list-group lookup-results";
    list.setAttribute("role", "listbox");
    if (label) {
      label.id = label.id || id + "-label";
      list.setAttribute("aria-labelledby", label.id);
    }
    list.hidden = true;

    const chosen = document.createElement("div");
    // The chips come before the box: Tab goes on from the box to the next field.
    chosen.className = "lookup-chosen d-flex flex-wrap gap-1";

    select.classList.add("d-none");
    select.tabIndex = -1;
    select.setAttribute("aria-hidden", "true");
    select.after(chosen, box, list);

    let items = [];
    let active = -1;

    function say(text) {
      if (status) status.textContent = text;
    }

    function close() {
      list.hidden = true;
      list.replaceChildren();
      delete list.dataset.query;
      items = [];
      active = -1;
      box.setAttribute("aria-expanded", "false");
      box.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      const options = list.children;
      if (!options.length) return;
      active = (index + options.length) % options.length;
      for (let i = 0; i < options.length; i++) {
        const on = i === active;
        options[i].setAttribute("aria-selected", on ? "true" : "false");
        options[i].classList.toggle("active", on);
      }
      box.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function show(results, said) {
      list.replaceChildren();
      const taken = new Set(Array.from(select.selectedOptions, (o) => o.value));
      items = results.filter((item) => !taken.has(String(item.id)));
      items.forEach(function (item, index) {
        const option = document.createElement("li");
        option.id = id + "-option-" + index;
        option.className = "list-group-item list-group-item-action";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = item.label;
        option.dataset.id = item.id;
        // mousedown, not click: the box keeps the focus, the list stays until the pick.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(item);
        });
        list.append(option);
      });
      active = -1;
      box.removeAttribute("aria-activedescendant");
      list.hidden = items.length === 0;
      box.setAttribute("aria-expanded", items.length ? "true" : "false");
      if (items.length) highlight(0); // Enter picks the first unless the arrows move on
      say(said);
    }

    function removeButton(option) {
      const badge = document.createElement("span");
      badge.className = "badge text-bg-primary d-inline-flex align-items-center gap-1";
      badge.textContent = option.text;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "btn-close btn-close-white btn-sm";
      remove.setAttribute("aria-label", removeText.replace("{name}", option.text));
      remove.addEventListener("click", function () {
        option.selected = false;
        renderChosen();
        select.dispatchEvent(new Event("change"));
        box.focus();
      });
      badge.append(remove);
      return badge;
    }

    function renderChosen() {
      const values = Array.from(select.selectedOptions).filter((option) => option.value !== "");
      chosen.replaceChildren(...values.map(removeButton));
    }

    function choose(item) {
      let option = Array.from(select.options).find((o) => o.value === String(item.id));
      if (!option) {
        option = new Option(item.label, item.id);
        select.add(option);
      }
      Object.assign(option.dataset, item.data || {}); // what the page's own script reads
      if (!select.multiple) {
        for (const other of select.options) other.selected = false;
      }
      option.selected = true;
      box.value = "";
      close();
      renderChosen();
      say(option.text);
      select.dispatchEvent(new Event("change"));
      box.focus();
      if (firstFrom) search(true); // the other contacts of the chosen stakeholders
    }

    function firstIds() {
      return firstFrom ? Array.from(firstFrom.selectedOptions, (o) => o.value) : [];
    }

    let asked = 0;
    async function search(onFocus) {
      const q = box.value.trim();
      const first = firstIds();
      // Two letters to search; among the chosen stakeholders' contacts, one is enough.
      const least = first.length ? 1 : 2;
      if (q.length < least && !(onFocus && first.length)) {
        close();
        return;
      }
      const params = new URLSearchParams();
      if (q.length >= least) params.set("q", q);
      for (const value of first) params.append("stakeholder", value);
      for (const option of select.selectedOptions) {
        if (option.value) params.append("not", option.value);
      }
      const separator = url.includes("?") ? "&" : "?";
      const ticket = ++asked;
      const response = await fetch(url + separator + params, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok || ticket !== asked) return;
      const data = await response.json();
      if (ticket !== asked || box.value.trim() !== q) return;
      show(data.results, data.status || "");
      list.dataset.query = q; // what the results shown are for
    }

    let timer = null;
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { search(false); }, 120);
    });
    box.addEventListener("focus", function () {
      if (!box.value.trim() && firstIds().length) search(true);
    });
    box.addEventListener("blur", function () {
      setTimeout(close, 150);
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) {
          search(true);
          return;
        }
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        // Ctrl+Enter (Cmd+Enter on a Mac) is the form's to save (`saveShortcut`).
      } else if (event.key === "Enter") {
        // Enter in a type-ahead picks; it never submits the form.
        event.preventDefault();
        if (!list.hidden && active >= 0) choose(items[active]);
      } else if (event.key === "Escape") {
        // Results still on their way are not shown once Escape was pressed.
        clearTimeout(timer);
        asked++;
        if (!list.hidden) {
          event.preventDefault();
          close();
        }
      } else if (event.key === "Backspace" && !box.value && select.selectedOptions.length) {
        const last = select.selectedOptions[select.selectedOptions.length - 1];
        last.selected = false;
        renderChosen();
      }
    });
    renderChosen();
  }

  // The follow-up shortcuts: the date of the meeting (else today) plus days or months.
  function shortcuts(group) {
    const target = document.getElementById(group.dataset.target);
    const from = document.getElementById(group.dataset.from);
    group.addEventListener("click", function (event) {
      const button = event.target.closest("button");
      if (!button || !target) return;
      const start = from && from.value ? new Date(from.value + "T12:00:00") : new Date();
      if (button.dataset.months) start.setMonth(start.getMonth() + Number(button.dataset.months));
      else start.setDate(start.getDate() + Number(button.dataset.days));
      const pad = (n) => String(n).padStart(2, "0");
      target.value = start.getFullYear() + "-" + pad(start.getMonth() + 1) + "-" + pad(start.getDate());
      target.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  // Text folded as models.normalize.fold does: no accents, lowercase, words of letters.
  function fold(text) {
    return text
      .replace(/œ/g, "oe").replace(/Œ/g, "OE").replace(/æ/g, "ae").replace(/Æ/g, "AE")
      .normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/\./g, "").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  // The measure finder of the quick log: a combobox over the checkboxes of
  // `data-ticks="<id>"`, which stay what the form posts. A word typed shows the measures
  // not ticked yet whose label starts with it, then those with a word starting with it,
  // then those holding it (display order within); Enter ticks the highlighted one (never
  // submits), the arrows move, Escape closes. The ticked measures show as chips, each
  // with a "Remove <name>" button; ticking in the list below shows there too.
  function measureFinder(box) {
    const boxes = Array.from(
      document.getElementById(box.dataset.ticks).querySelectorAll("input[type=checkbox]")
    );
    const labelOf = (input) => document.querySelector("label[for='" + input.id + "']").textContent.trim();
    const list = document.getElementById(box.getAttribute("aria-controls"));
    const status = document.getElementById(box.id + "-status");
    const chosen = document.getElementById(box.id + "-chosen");
    const removeText = status.dataset.remove || "{name}";
    let items = [];
    let active = -1;

    function close() {
      list.hidden = true;
      list.replaceChildren();
      items = [];
      active = -1;
      box.setAttribute("aria-expanded", "false");
      box.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      if (!items.length) return;
      active = (index + items.length) % items.length;
      Array.from(list.children).forEach(function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
        option.classList.toggle("active", i === active);
      });
      box.setAttribute("aria-activedescendant", list.children[active].id);
      list.children[active].scrollIntoView({ block: "nearest" });
    }

    function rank(input, words) {
      const name = fold(labelOf(input));
      const starts = name.split(" ");
      if (!words.every((w) => name.includes(w))) return 3;
      if (name.replace(/ /g, "").startsWith(words.join(""))) return 0;
      if (words.every((w) => starts.some((part) => part.startsWith(w)))) return 1;
      return 2;
    }

    function find() {
      const words = fold(box.value).split(" ").filter(Boolean);
      if (!words.length) {
        close();
        return;
      }
      items = boxes
        .filter((input) => !input.checked)
        .map((input, order) => ({ input: input, rank: rank(input, words), order: order }))
        .filter((item) => item.rank < 3)
        .sort((a, b) => a.rank - b.rank || a.order - b.order)
        .map((item) => item.input);
      list.replaceChildren();
      items.forEach(function (input, index) {
        const option = document.createElement("li");
        option.id = box.id + "-option-" + index;
        option.className = "list-group-item list-group-item-action";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = labelOf(input);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          tick(input);
        });
        list.append(option);
      });
      list.hidden = items.length === 0;
      box.setAttribute("aria-expanded", items.length ? "true" : "false");
      if (items.length) highlight(0);
      status.textContent = items.length ? "" : status.dataset.none || "";
      list.dataset.query = box.value.trim();
    }

    function tick(input) {
      input.checked = true;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      box.value = "";
      close();
      status.textContent = labelOf(input);
      box.focus();
    }

    function renderChosen() {
      chosen.replaceChildren(
        ...boxes.filter((input) => input.checked).map(function (input) {
          const badge = document.createElement("span");
          badge.className = "badge text-bg-primary d-inline-flex align-items-center gap-1 text-wrap text-start";
          badge.textContent = labelOf(input);
          const remove = document.createElement("button");
          remove.type = "button";
          remove.className = "btn-close btn-close-white btn-sm";
          remove.setAttribute("aria-label", removeText.replace("{name}", labelOf(input)));
          remove.addEventListener("click", function () {
            input.checked = false;
            input.dispatchEvent(new Event("change", { bubbles: true }));
            box.focus();
          });
          badge.append(remove);
          return badge;
        })
      );
    }

    box.addEventListener("input", find);
    box.addEventListener("blur", function () { setTimeout(close, 150); });
    box.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        // the form's to save (`saveShortcut`)
      } else if (event.key === "Enter") {
        event.preventDefault();
        if (!list.hidden && active >= 0) tick(items[active]);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    boxes.forEach((input) => input.addEventListener("change", renderChosen));
    renderChosen();
    box.closest(".measure-finder").hidden = false;
  }

  // Ctrl+Enter (Cmd+Enter on a Mac) in any field of a form with `data-save-shortcut`
  // saves it through its main button, as a click on it would (the hint beside the button
  // names the Mac's key there).
  function saveShortcut(form) {
    const button = form.querySelector("button[name=submit]");
    const hint = form.querySelector(".save-shortcut-hint");
    if (hint && hint.dataset.mac && /Mac|iPhone|iPad/.test(navigator.platform)) {
      hint.textContent = hint.dataset.mac;
    }
    form.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
      event.preventDefault();
      form.requestSubmit(button);
    });
  }

  document.querySelectorAll("select[data-lookup]").forEach(setup);
  document.querySelectorAll("input[data-ticks]").forEach(measureFinder);
  document.querySelectorAll("form[data-save-shortcut]").forEach(saveShortcut);
  document.querySelectorAll(".follow-up-shortcuts").forEach(shortcuts);
})();
