export const productName = 'Hearth';

/** The browser tab title: the page first, so several open tabs stay distinguishable. */
export function pageTitle(page?: string): string {
  const trimmed = page?.trim();
  return trimmed ? `${trimmed} — ${productName}` : productName;
}
