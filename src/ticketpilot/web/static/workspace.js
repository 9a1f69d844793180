// ticketpilot pilot workspace: keyboard shortcuts and the reject flow. The pages work without
// it (plain forms); nothing here talks to the network. Shortcuts are listed on every page (?).
(function () {
  "use strict";
  const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  const $ = (selector) => document.querySelector(selector);

  function openShortcuts(event) {
    const dialog = $("#shortcuts");
    if (dialog && !dialog.open) { event.preventDefault(); dialog.showModal(); }
  }
  document.querySelectorAll("[data-shortcuts]").forEach((link) => link.addEventListener("click", openShortcuts));

  function moveInQueue(step) {
    const links = Array.from(document.querySelectorAll("a[data-ticket-link]"));
    if (!links.length) return;
    const at = links.indexOf(document.activeElement);
    const next = links[Math.min(links.length - 1, Math.max(0, at + step))];
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  }

  // Reject: the draft is discarded, the box empties for the agent's own reply.
  const reject = $("button[data-reject]");
  if (reject) {
    reject.addEventListener("click", (event) => {
      event.preventDefault();
      const box = $("#reply");
      const send = $("button[data-send]");
      $("#rejected").value = "1";
      box.value = "";
      box.setAttribute("aria-describedby", "rejected-note");
      $("#rejected-note").hidden = false;
      if (send) send.firstChild.textContent = "Send my reply (draft rejected) ";
      reject.disabled = true;
      const accept = $("button[data-accept]");
      if (accept) accept.disabled = true;
      box.focus();
    });
  }

  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.altKey && !event.ctrlKey && !event.metaKey) {
      const key = event.key.toLowerCase();
      const go = { q: "/queue", p: "/pilot" }[key];
      if (go) { event.preventDefault(); window.location.assign(go); return; }
      const click = { a: "button[data-accept]", r: "button[data-reject]" }[key];
      if (click && $(click) && !$(click).disabled) { event.preventDefault(); $(click).click(); return; }
      if (key === "e" && $("#reply")) { event.preventDefault(); $("#reply").focus(); return; }
      if (key === "f" && $("details.flag")) {
        event.preventDefault();
        const flag = $("details.flag");
        flag.open = true;
        flag.querySelector("input").focus();
        return;
      }
    }
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter" && $("button[data-send]")) {
      event.preventDefault();
      $("button[data-send]").click();
      return;
    }
    if (typing(target) || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "?") { openShortcuts(event); return; }
    if (target.closest && target.closest(".queue")) {
      if (event.key === "j") { event.preventDefault(); moveInQueue(1); }
      if (event.key === "k") { event.preventDefault(); moveInQueue(-1); }
    }
  });
})();
