import { gradeConnection, suggestsAudioOnly, type ConnectionSignals } from './connection-grade';

const none: ConnectionSignals = { uplinkScores: [], downlinkScores: [], downlinkKbps: null };

describe('gradeConnection', () => {
  it('knows nothing until something is measured', () => {
    expect(gradeConnection(none)).toBe('unknown');
  });

  it('grades by the weakest stream, sent or received', () => {
    expect(gradeConnection({ ...none, uplinkScores: [10, 9] })).toBe('good');
    expect(gradeConnection({ ...none, uplinkScores: [10, 8], downlinkScores: [10, 7] })).toBe(
      'fair',
    );
    expect(gradeConnection({ ...none, uplinkScores: [10], downlinkScores: [4, 10] })).toBe('poor');
  });

  it('takes the reported downlink into account, and the worse signal wins', () => {
    expect(gradeConnection({ ...none, downlinkKbps: 2500 })).toBe('good');
    expect(gradeConnection({ ...none, downlinkKbps: 300 })).toBe('fair');
    expect(gradeConnection({ ...none, downlinkKbps: 149 })).toBe('poor');
    expect(gradeConnection({ ...none, uplinkScores: [10], downlinkKbps: 149 })).toBe('poor');
    expect(gradeConnection({ ...none, uplinkScores: [3], downlinkKbps: 2500 })).toBe('poor');
  });
});

describe('suggestsAudioOnly', () => {
  it('offers audio only below what video needs or on a poor connection', () => {
    expect(suggestsAudioOnly(none)).toBe(false);
    expect(suggestsAudioOnly({ ...none, downlinkKbps: 100 })).toBe(true);
    expect(suggestsAudioOnly({ ...none, downlinkKbps: 600, downlinkScores: [2] })).toBe(true);
    expect(suggestsAudioOnly({ ...none, downlinkKbps: 600, downlinkScores: [9] })).toBe(false);
  });
});
