import { ConfigError, loadConfig } from '../config/config';

describe('therapy request configuration', () => {
  it('keeps requests 180 days, sweeps hourly and wants 3 seconds of filling by default', () => {
    expect(loadConfig({}).therapyRequests).toEqual({
      retentionDays: 180,
      sweepIntervalSeconds: 3_600,
      minFillSeconds: 3,
    });
  });

  it('reads the variables, with 0 turning the sweep off and the fill time check off', () => {
    expect(
      loadConfig({
        THERAPY_REQUEST_RETENTION_DAYS: '30',
        THERAPY_REQUEST_SWEEP_SECONDS: '0',
        THERAPY_REQUEST_MIN_FILL_SECONDS: '0',
      }).therapyRequests,
    ).toEqual({ retentionDays: 30, sweepIntervalSeconds: 0, minFillSeconds: 0 });
  });

  it('names every bad value', () => {
    let problems: string[] = [];
    try {
      loadConfig({
        THERAPY_REQUEST_RETENTION_DAYS: '0',
        THERAPY_REQUEST_SWEEP_SECONDS: 'hourly',
        THERAPY_REQUEST_MIN_FILL_SECONDS: '601',
      });
    } catch (error) {
      problems = (error as ConfigError).problems.map((p) => p.variable).sort();
    }
    expect(problems).toEqual([
      'THERAPY_REQUEST_MIN_FILL_SECONDS',
      'THERAPY_REQUEST_RETENTION_DAYS',
      'THERAPY_REQUEST_SWEEP_SECONDS',
    ]);
  });
});
