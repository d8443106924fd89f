// The account page's "Copy" button: puts the calendar address on the clipboard and says so.
document.querySelectorAll("[data-copy]").forEach((button) => {
  button.addEventListener("click", async () => {
    const field = document.getElementById(button.dataset.copy);
    const status = document.getElementById(`${button.dataset.copy}-status`);
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
    } catch {
      document.execCommand("copy"); // an http:// address: no Clipboard API there
    }
    if (status) status.textContent = button.dataset.copied;
  });
});
