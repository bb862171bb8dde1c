import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  ali,
  aliId,
  cleo,
  cleoId,
  sam,
  samId,
  therapist,
  therapistPerson,
} from '../../../testing/fake-call';
import { openTab, press, renderCall, viewOf } from '../../../testing/render-call';

describe('breakout rooms', () => {
  it('splits the clients into rooms with a countdown, visits, and brings everyone back', async () => {
    const call = await renderCall(viewOf(therapist, [sam, ali, cleo]), { person: therapistPerson });
    await openTab('Rooms');
    fireEvent.change(screen.getByLabelText('Room for Cleo Client'), { target: { value: '1' } });
    fireEvent.change(screen.getByLabelText('Minutes (optional)'), { target: { value: '10' } });
    await press('Open breakout rooms');
    // Sorted by name: Ali, Cleo, Sam; in turn Ali→1, Cleo→2 (picked), Sam→1.
    expect(call.live().sent('breakout:start')).toEqual([
      { rooms: [[aliId, samId], [cleoId]], minutes: 10 },
    ]);

    const open = viewOf(
      therapist,
      [
        { ...sam, breakoutRoom: 0 },
        { ...ali, breakoutRoom: 0 },
        { ...cleo, breakoutRoom: 1 },
      ],
      {
        breakouts: {
          rooms: [[aliId, samId], [cleoId]],
          endsAt: new Date(Date.now() + 600_000).toISOString(),
        },
      },
    );
    await call.server('session:view', open);
    expect(screen.getByText(/Room 1:/).parentElement?.textContent).toContain(
      'Ali Okafor, Sam Okafor',
    );
    await press('Visit room 2');
    expect(call.live().sent('breakout:visit')).toEqual([{ room: 1 }]);

    await call.server('breakout:warning', { secondsLeft: 60 });
    expect(screen.getByTestId('breakout-warning').textContent).toContain('Breakout rooms close in');
    await press('Bring everyone back');
    expect(call.live().sent('breakout:end')).toEqual([{}]);
  });

  it('will not open a room with nobody in it', async () => {
    const call = await renderCall(viewOf(therapist, [sam, ali]), { person: therapistPerson });
    await openTab('Rooms');
    fireEvent.change(screen.getByLabelText('Room for Sam Okafor'), { target: { value: '0' } });
    fireEvent.change(screen.getByLabelText('Room for Ali Okafor'), { target: { value: '0' } });
    await press('Open breakout rooms');
    const rooms = screen.getByRole('region', { name: 'Breakout rooms' });
    expect(within(rooms).getByRole('alert').textContent).toBe(
      'Room 2 has nobody in it. Move someone there or use fewer rooms.',
    );
    expect(call.live().sent('breakout:start')).toEqual([]);
  });
});
