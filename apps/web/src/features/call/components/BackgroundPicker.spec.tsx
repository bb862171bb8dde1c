import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { cleo, therapist } from '../../../testing/fake-call';
import { renderCall, viewOf } from '../../../testing/render-call';

describe('the background picker', () => {
  it('is a group of labelled radio buttons on the pre-join screen, the choice kept on the device', async () => {
    await renderCall(viewOf(cleo, [therapist]), { join: false });
    const group = screen.getByRole('group', { name: 'Background' });
    const radios = within(group).getAllByRole('radio');
    expect(radios.map((r) => r.getAttribute('value'))).toEqual([
      'none',
      'light',
      'strong',
      'room',
      'plants',
      'gradient',
    ]);
    // One group: arrow keys move between them, and one of them is checked.
    expect(new Set(radios.map((r) => r.getAttribute('name'))).size).toBe(1);
    const asItIs = within(group).getByRole('radio', { name: 'As it is' });
    expect((asItIs as HTMLInputElement).checked).toBe(true);
    expect(group.getAttribute('aria-describedby')).toBeTruthy();
    expect(within(group).getByText(/your room never leaves it/)).toBeTruthy();

    const plants = within(group).getByRole('radio', { name: 'Wall of plants' });
    await act(async () => {
      fireEvent.click(plants);
    });
    expect((plants as HTMLInputElement).checked).toBe(true);
    expect((asItIs as HTMLInputElement).checked).toBe(false);
    expect(window.localStorage.getItem('hearth.camera.background')).toBe('plants');
    // The picture choices show a small copy of the picture, which is decoration only.
    const swatch = plants.parentElement?.querySelector('img');
    expect(swatch?.getAttribute('alt')).toBe('');
    expect(swatch?.getAttribute('src')).toMatch(/plants.*\.webp/);
  });
});
