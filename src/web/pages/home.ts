import { eventsForm, staysForm, tripsForm } from "../forms";
import { type Html, html, page } from "../html";

export function homePage(locale: string, dates: { today: string; checkIn: string; checkOut: string }): Html {
  return page(
    "Trips, stays and events",
    html`<h1>Where to?</h1>
      <section id="trips" aria-labelledby="trips-h"><h2 id="trips-h">Trips</h2>${tripsForm({}, dates.today)}</section>
      <section id="stays" aria-labelledby="stays-h"><h2 id="stays-h">Stays</h2>${staysForm({}, dates.checkIn, dates.checkOut)}</section>
      <section id="events" aria-labelledby="events-h"><h2 id="events-h">Events</h2>${eventsForm({}, dates.today)}</section>`,
    locale,
  );
}
