/**
 * The place for the calendar subscribe link (a per-person ICS feed). Its API is being written
 * separately; until it exists this says so and offers no link, so nobody subscribes to nothing.
 */
export function CalendarFeedSlot() {
  return (
    <section className="panel" aria-labelledby="calendar-feed-heading">
      <h2 id="calendar-feed-heading">Add your sessions to your calendar</h2>
      <p>
        A private link to follow your Hearth sessions in your own calendar app is not available yet.
      </p>
    </section>
  );
}
