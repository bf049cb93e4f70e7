// The web app's only script (progressive enhancement: every page works without it).
// 1. Place suggestions from /v1/places into each place field's <datalist>.
// 2. "as of 20 s ago" keeps ticking.

function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

function suggestPlaces(input) {
  const list = document.getElementById(input.dataset.places);
  if (!list) return;
  let controller;
  const load = debounce(async () => {
    const q = input.value.trim();
    if (q.length < 2 || /^[A-Z]{3}$/.test(q)) return;
    controller?.abort();
    controller = new AbortController();
    try {
      const res = await fetch(`/v1/places?q=${encodeURIComponent(q)}&limit=8`, { signal: controller.signal });
      if (!res.ok) return;
      const body = await res.json();
      list.replaceChildren(
        ...body.data.map((place) => {
          const option = document.createElement("option");
          option.value = place.code;
          option.label = place.type === "city" ? `${place.name} (all)` : `${place.name}, ${place.city_name}`;
          return option;
        }),
      );
    } catch {
      // Offline or aborted: the field still takes a typed code.
    }
  }, 150);
  input.addEventListener("input", load);
}

function ago(seconds) {
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

function tick() {
  for (const el of document.querySelectorAll("[data-as-of]")) {
    el.textContent = ago((Date.now() - Date.parse(el.dataset.asOf)) / 1000);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  for (const input of document.querySelectorAll("input[data-places]")) suggestPlaces(input);
  if (document.querySelector("[data-as-of]")) setInterval(tick, 1000);
});
