import { canonicalJson, requestHash } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined values', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[{"y":2,"z":1}]},"b":1}',
    );
  });

  it('keeps array order, which is meaningful', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('writes dates as ISO instants', () => {
    expect(canonicalJson({ at: new Date('2026-03-01T10:00:00Z') })).toBe(
      '{"at":"2026-03-01T10:00:00.000Z"}',
    );
  });
});

describe('requestHash', () => {
  it('is the same for the same content in any key order and differs for other content', () => {
    const one = requestHash({ params: { id: 'x' }, body: { title: 'A', format: 'group' } });
    const same = requestHash({ body: { format: 'group', title: 'A' }, params: { id: 'x' } });
    const other = requestHash({ params: { id: 'x' }, body: { title: 'B', format: 'group' } });
    expect(one).toMatch(/^[0-9a-f]{64}$/);
    expect(same).toBe(one);
    expect(other).not.toBe(one);
  });
});
