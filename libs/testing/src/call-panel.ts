import type { Page } from 'playwright-core';

/**
 * Opens the call's side panel at a tab, as a person would: with the "Side panel" button in the
 * controls when the panel is closed (on a phone it starts closed), then the tab. `name` is the
 * start of the tab's name, which may carry a count ("People 2 waiting").
 */
export async function showPanel(page: Page, name: string): Promise<void> {
  const tabs = page.getByRole('tablist', { name: 'Side panel' });
  if (!(await tabs.isVisible())) {
    await page
      .getByRole('toolbar', { name: 'Call controls' })
      .getByRole('button', { name: /^Side panel/ })
      .click();
  }
  const tab = tabs.getByRole('tab', { name: new RegExp(`^${name}`) });
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
}
