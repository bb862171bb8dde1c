import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ChoiceGroup } from './ChoiceGroup';

const formats = [
  { value: 'individual', label: 'Individual', description: 'one client' },
  { value: 'couple', label: 'Couple', description: 'two partners' },
  { value: 'group', label: 'Group', description: 'three to twelve people' },
] as const;

function Radios({ error, onChange }: { error?: string; onChange?: (v: string) => void }) {
  const [value, setValue] = useState<'' | (typeof formats)[number]['value']>('');
  return (
    <ChoiceGroup
      type="radio"
      id="format"
      name="format"
      legend="Format"
      description="Who the course is for."
      error={error}
      options={formats}
      value={value}
      onChange={(v) => {
        setValue(v);
        onChange?.(v);
      }}
    />
  );
}

function Boxes({ error, onChange }: { error?: string; onChange?: (v: readonly string[]) => void }) {
  const [value, setValue] = useState<('grief' | 'disputes' | 'transitions')[]>([]);
  return (
    <ChoiceGroup
      type="checkbox"
      id="areas"
      legend="Focus areas"
      error={error}
      options={[
        { value: 'grief', label: 'Grief' },
        { value: 'disputes', label: 'Interpersonal disputes' },
        { value: 'transitions', label: 'Role transitions' },
      ]}
      value={value}
      onChange={(v) => {
        setValue(v);
        onChange?.(v);
      }}
    />
  );
}

/** The text of the elements an element's aria-describedby names, as a screen reader reads it. */
function description(element: HTMLElement): string {
  return (element.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

/** The text of the label an input sits in (react-aria wraps each input in its label). */
const labelOf = (input: HTMLElement) => input.closest('label')?.textContent;

describe('ChoiceGroup', () => {
  it('names a radio group by its legend, describes it, and names each radio by its text', () => {
    render(<Radios />);
    const group = screen.getByRole('radiogroup', { name: 'Format' });
    expect(description(group)).toBe('Who the course is for.');
    const radios = screen.getAllByRole('radio');
    expect(radios.map((r) => r.getAttribute('name'))).toEqual(['format', 'format', 'format']);
    expect(screen.getByRole('radio', { name: /^Couple/ })).toBeInstanceOf(HTMLInputElement);
    expect(screen.getByRole('radio', { name: /^Couple/ }).getAttribute('type')).toBe('radio');
    expect(labelOf(screen.getByRole('radio', { name: /^Couple/ }))).toBe('Couple — two partners');
  });

  it('gives the first control the group id, so focus can be sent there after an error', () => {
    render(<Radios />);
    expect(document.getElementById('format')).toBe(
      screen.getByRole('radio', { name: /^Individual/ }),
    );
  });

  it('moves and selects with the arrow keys, with one tab stop for the group', () => {
    const onChange = vi.fn();
    render(<Radios onChange={onChange} />);
    const [individual, couple] = screen.getAllByRole('radio') as HTMLInputElement[];
    fireEvent.click(individual!);
    expect(onChange).toHaveBeenLastCalledWith('individual');
    act(() => individual!.focus());
    fireEvent.keyDown(individual!, { key: 'ArrowDown' });
    expect(onChange).toHaveBeenLastCalledWith('couple');
    expect(document.activeElement).toBe(couple);
    expect(couple!.checked).toBe(true);
    // Only the chosen radio is in the Tab order.
    expect(screen.getAllByRole('radio').filter((r) => r.tabIndex === 0)).toEqual([couple]);
  });

  it('shows the error, ties it to the group and marks the group invalid', () => {
    const { rerender } = render(<Radios />);
    expect(screen.queryByText(/Choose a format/)).toBeNull();
    rerender(<Radios error="Choose a format." />);
    const group = screen.getByRole('radiogroup', { name: 'Format' });
    expect(group.hasAttribute('data-invalid')).toBe(true);
    expect(description(group)).toBe('Who the course is for. Error: Choose a format.');
    expect(group.getAttribute('aria-invalid')).toBe('true');
  });

  it('keeps the checked boxes in the order of the options, whatever order they were ticked in', () => {
    const onChange = vi.fn();
    render(<Boxes onChange={onChange} />);
    screen.getByRole('group', { name: 'Focus areas' });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Role transitions' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Grief' }));
    expect(onChange).toHaveBeenLastCalledWith(['grief', 'transitions']);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Role transitions' }));
    expect(onChange).toHaveBeenLastCalledWith(['grief']);
    expect((screen.getByRole('checkbox', { name: 'Grief' }) as HTMLInputElement).checked).toBe(
      true,
    );
  });

  it('ties an error to a checkbox group', () => {
    render(<Boxes error="Choose at least one." />);
    const group = screen.getByRole('group', { name: 'Focus areas' });
    expect(description(group)).toBe('Error: Choose at least one.');
    expect(group.hasAttribute('data-invalid')).toBe(true);
  });
});
