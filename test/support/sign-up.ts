import type { Page } from 'playwright-core';
import type { TestSmtpServer } from './smtp';

/**
 * After the sign-up form is sent: the page says to check the email, and the new coordinator opens
 * the link from the email that reaches the test's SMTP server and creates the practice there.
 */
export async function confirmSignUpFromMail(
  page: Page,
  mail: TestSmtpServer,
  email: string,
): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Check your email' }).waitFor();
  const message = await mail.waitFor(
    (m) =>
      m.to.includes(email.toLowerCase()) && m.links.some((l) => l.includes('/confirm-sign-up/')),
    { timeoutMs: 60_000 },
  );
  await page.goto(message.links.find((l) => l.includes('/confirm-sign-up/'))!);
  await page.getByRole('button', { name: 'Create my practice' }).click();
}
