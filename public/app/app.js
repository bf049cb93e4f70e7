// The web app's only script (progressive enhancement: every page works without it).
// 1. Place suggestions from /v1/places into each place field's <datalist>.
// 2. "as of 20 s ago" keeps ticking.
// 3. A reservation's countdown ("9:41 left"), and the form disabled once it runs out.
// 4. Live availability on a unit's page: pushed by its inventory object over a WebSocket, polled
//    every 15 s when a socket cannot be had.

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

function countdown() {
  for (const el of document.querySelectorAll("[data-expires-at]")) {
    const left = Math.max(0, Math.floor((Date.parse(el.dataset.expiresAt) - Date.now()) / 1000));
    el.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")} left`;
    if (left === 0) {
      for (const button of document.querySelectorAll("form.checkout button")) button.disabled = true;
      el.textContent = "expired: search again to reserve new places";
    }
  }
}

function liveAvailability(container) {
  const unit = encodeURIComponent(container.dataset.liveUnit);
  const show = (pools) => {
    for (const p of pools) {
      const el = container.querySelector(`[data-pool="${CSS.escape(p.pool)}"]`);
      if (el) el.textContent = p.available > 0 ? `${p.available} left` : "Sold out";
    }
  };
  let polling = null;
  const poll = () => {
    if (polling !== null) return;
    container.dataset.live = "polling";
    polling = setInterval(async () => {
      try {
        const res = await fetch(`/v1/units/${unit}/live`);
        if (res.ok) show((await res.json()).data);
        // Nothing to watch (a property none of whose nights was ever held): stop asking.
        if (res.status === 404) clearInterval(polling);
      } catch {
        // Offline: the numbers stay as they were; a hold still decides.
      }
    }, 15_000);
  };
  try {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}/v1/units/${unit}/live`);
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(event.data);
      if (message.type === "availability") show(message.pools);
      // Marked once the object has answered: what a page (or a test) may rely on from then on.
      container.dataset.live = "socket";
    });
    socket.addEventListener("close", poll);
  } catch {
    poll();
  }
}

document.addEventListener("DOMContentLoaded", () => {
  for (const container of document.querySelectorAll("[data-live-unit]")) liveAvailability(container);
  for (const input of document.querySelectorAll("input[data-places]")) suggestPlaces(input);
  if (document.querySelector("[data-as-of]")) setInterval(tick, 1000);
  if (document.querySelector("[data-expires-at]")) {
    countdown();
    setInterval(countdown, 1000);
  }
});
