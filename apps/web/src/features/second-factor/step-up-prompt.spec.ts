import { describe, expect, it } from 'vitest';
import { createStepUpPrompt } from './step-up-prompt';

describe('the step-up prompt', () => {
  it('shares one dialog between calls refused together and answers them all', async () => {
    const prompt = createStepUpPrompt();
    let changes = 0;
    const stop = prompt.subscribe(() => (changes += 1));
    const first = prompt.ask(['password']);
    const second = prompt.ask(['totp']);
    expect(prompt.current()).toEqual({ methods: ['password'] });
    prompt.settle(true);
    await expect(Promise.all([first, second])).resolves.toEqual([true, true]);
    expect(prompt.current()).toBeNull();

    const cancelled = prompt.ask(['totp']);
    prompt.settle(false);
    await expect(cancelled).resolves.toBe(false);
    stop();
    expect(changes).toBe(5);
  });
});
