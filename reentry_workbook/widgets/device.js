// Remembers who answers on this device: a secret in localStorage, never in the page address.
// Kernel side: reentry_workbook/widgets/device.py.

function read(id) {
  try {
    return window.localStorage.getItem(id) || "";
  } catch (e) {
    return ""; // storage blocked: the person picks their name again
  }
}

function render({ model, el }) {
  el.classList.add("rw-device");
  el.setAttribute("aria-hidden", "true");
  const id = () => model.get("storage_id");
  model.on("msg:custom", (msg) => {
    if (!msg || typeof msg !== "object" || !id()) return;
    try {
      if (msg.type === "remember" && typeof msg.secret === "string") {
        window.localStorage.setItem(id(), msg.secret);
      } else if (msg.type === "forget") {
        window.localStorage.removeItem(id());
      }
    } catch (e) {
      // storage full or blocked: nothing is lost, the name is asked next time
    }
  });
  model.send({ type: "device", secret: id() ? read(id()) : "" });
}

export default { render };
