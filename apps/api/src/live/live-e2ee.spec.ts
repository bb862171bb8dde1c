import type { SessionView } from '@hearth/contracts';
import { liveUnits } from './testing/live-fakes';

// End-to-end encryption's signalling with the live units over fakes: public keys reach only
// those in the call, wrapped media keys only admitted people of the same session, and a removed
// person gets none.

const SESSION = 'session-1';
const OTHER = 'session-2';
const key = (c: string) => `B${c.repeat(86)}`;
const wrapped = (c: string) => c.repeat(59);
const hash = (c: string) => c.repeat(22);

const e2eeOf = (view: SessionView | undefined, id: string) =>
  view?.participants.find((p) => p.id === id)?.e2ee;

async function couple() {
  const units = liveUnits();
  const doctor = await units.join(units.person('t', 'Dr Okafor', 'therapist'), SESSION);
  const ana = await units.join(units.person('a', 'Ana', 'client'), SESSION);
  const ben = await units.join(units.person('b', 'Ben', 'client'), SESSION);
  units.lobby.admitAll(doctor);
  const carl = await units.join(units.person('c', 'Carl', 'client'), SESSION);
  return { units, doctor, ana, ben, carl };
}

describe('end-to-end encryption signalling', () => {
  it('shows public keys to those in the call only, and code hashes to therapists', async () => {
    const { units, doctor, ana, ben, carl } = await couple();
    // Carl waits: he may not announce a key, and sees nobody's.
    expect(() => units.e2ee.announce(carl, key('c'))).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
    units.e2ee.announce(ana, key('a'));
    units.e2ee.announce(ben, key('b'));
    units.e2ee.verify(ana, hash('x'));
    expect(e2eeOf(doctor.last('session:view'), 'a')).toEqual({
      publicKey: key('a'),
      codeHash: hash('x'),
    });
    expect(e2eeOf(ben.last('session:view'), 'a')).toEqual({ publicKey: key('a'), codeHash: null });
    expect(e2eeOf(ana.last('session:view'), 'a')).toEqual({
      publicKey: key('a'),
      codeHash: hash('x'),
    });
    const waitingView = carl.last('session:view');
    expect(waitingView?.participants.every((p) => p.e2ee === null)).toBe(true);
    // A new key (the page was reloaded) clears the reported code until the page reports again.
    units.e2ee.announce(ana, key('d'));
    expect(e2eeOf(doctor.last('session:view'), 'a')).toEqual({
      publicKey: key('d'),
      codeHash: null,
    });
  });

  it('relays a wrapped key to admitted people of the same session only, with who sent it', async () => {
    const { units, doctor, ana, ben, carl } = await couple();
    const outsider = await units.join(units.person('o', 'Olu', 'therapist'), OTHER);
    const result = units.e2ee.mediaKey(ana, {
      keyId: 3,
      keys: [
        { to: 'b', wrapped: wrapped('b') },
        { to: 't', wrapped: wrapped('t') },
        { to: 'c', wrapped: wrapped('c') },
        { to: 'o', wrapped: wrapped('o') },
        { to: 'a', wrapped: wrapped('a') },
        { to: 'b', wrapped: wrapped('x') },
      ],
    });
    expect(result).toEqual({ delivered: 2 });
    expect(ben.all('e2ee:media-key')).toEqual([{ fromId: 'a', keyId: 3, wrapped: wrapped('b') }]);
    expect(doctor.all('e2ee:media-key')).toEqual([
      { fromId: 'a', keyId: 3, wrapped: wrapped('t') },
    ]);
    expect(carl.all('e2ee:media-key')).toEqual([]);
    expect(outsider.all('e2ee:media-key')).toEqual([]);
    expect(ana.all('e2ee:media-key')).toEqual([]);
    // Someone waiting cannot hand out keys.
    expect(() =>
      units.e2ee.mediaKey(carl, { keyId: 0, keys: [{ to: 'a', wrapped: wrapped('a') }] }),
    ).toThrow(expect.objectContaining({ code: 'forbidden' }));
  });

  it('gives a removed person no key and no one else’s public key', async () => {
    const { units, doctor, ana, ben } = await couple();
    units.e2ee.announce(ana, key('a'));
    units.e2ee.announce(ben, key('b'));
    units.lobby.remove(doctor, 'b');
    expect(e2eeOf(ana.last('session:view'), 'b') ?? null).toBeNull();
    const result = units.e2ee.mediaKey(ana, {
      keyId: 4,
      keys: [{ to: 'b', wrapped: wrapped('b') }],
    });
    expect(result).toEqual({ delivered: 0 });
    expect(ben.all('e2ee:media-key')).toEqual([]);
  });
});
