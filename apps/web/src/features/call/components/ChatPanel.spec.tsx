import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { chatMessage, cleo, therapist } from '../../../testing/fake-call';
import { openTab, press, renderCall, viewOf } from '../../../testing/render-call';

describe('the chat', () => {
  it('sends and shows messages, says they are not kept, and counts unread ones', async () => {
    const call = await renderCall(viewOf(cleo, [therapist]));
    await call.server('chat:message', chatMessage('m1', therapist, 'Welcome, everyone'));
    const chatTab = screen.getByRole('tab', { name: /^Chat/ });
    expect(chatTab.textContent).toContain('1 new');

    await openTab(/^Chat/);
    expect(screen.getByText(/Messages disappear when the session ends/)).toBeTruthy();
    expect(chatTab.textContent).not.toContain('new');
    const messages = screen.getAllByTestId('chat-message');
    expect(messages[0]?.textContent).toContain('Dr Tamsin Reed');
    // Cleo reads times on her own clock (Madrid).
    expect(messages[0]?.textContent).toContain('11:01');

    fireEvent.change(screen.getByLabelText('Message'), { target: { value: '  Hello!  ' } });
    await press('Send');
    expect(call.live().sent('chat:send')).toEqual([{ text: 'Hello!' }]);
    expect((screen.getByLabelText('Message') as HTMLTextAreaElement).value).toBe('');
  });
});
