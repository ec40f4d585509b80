// What the console and the board share: building elements, and a card's buttons with their two
// questions (a confirmation the stage asks for, a reason a reject needs).
window.Signoff = (() => {
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs).forEach(([k, v]) => k === "class" ? node.className = v : node.setAttribute(k, v));
    children.flat(Infinity).forEach(c => node.append(c instanceof Node ? c : document.createTextNode(c ?? "")));
    return node;
  }

  // A button that asks first (an Approve the stage wants confirmed) is sent only when the question is answered OK.
  function confirmed(b) {
    return !b.confirm || window.confirm(b.confirm);
  }

  // A click that counts only with a reason (a reject) first asks for one, beside the buttons.
  function askReason(row, b, send) {
    if (row.querySelector(".reject-form")) return;
    const action = b.label.toLowerCase();
    const input = el("input", { placeholder: "why? (required)", "aria-label": action + " reason", class: "reason" });
    const confirm = el("button", { class: "danger confirm-reject", type: "button" }, "Confirm " + action);
    confirm.addEventListener("click", () => send(input.value));
    input.addEventListener("keydown", e => { if (e.key === "Enter") send(input.value); });
    row.append(el("span", { class: "reject-form" }, input, confirm));
    input.focus();
  }

  // The buttons of one card; click(actionId, reason) sends a click once its questions are answered.
  function buttons(list, needReason, click) {
    const row = el("div", { class: "buttons" });
    list.forEach(b => {
      const button = el("button", { class: b.style, "data-action": b.actionId, type: "button" }, b.label);
      button.addEventListener("click", () => needReason.includes(b.actionId) ? askReason(row, b, reason => click(b.actionId, reason))
        : confirmed(b) && click(b.actionId));
      row.append(button);
    });
    return row;
  }

  return { el, buttons };
})();
