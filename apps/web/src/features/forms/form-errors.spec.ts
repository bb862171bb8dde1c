import {
  ApiError,
  fieldIssueSchema,
  invitationCreateBodySchema,
  signUpBodySchema,
} from '@hearth/contracts';
import { describe, expect, it } from 'vitest';
import {
  asFieldIssues,
  asSentence,
  checkBody,
  firstInvalidField,
  fromIssues,
  networkFailureMessage,
  serverFailureMessage,
  toFormErrors,
  waitMessage,
} from './form-errors';

const fields = ['email', 'password', 'roles'] as const;

const validation = (issues: { location: string; path: string; message: string }[]) =>
  new ApiError(400, 'validation_failed', 'Invalid request', { issues });

describe('fromIssues', () => {
  it('puts each issue beside the field its path names, first message wins', () => {
    const errors = fromIssues(
      [
        { location: 'body', path: 'password', message: 'must be at least 12 characters' },
        { location: 'body', path: 'roles.1', message: 'must not repeat a role' },
        { location: 'body', path: 'password', message: 'a second complaint' },
      ],
      fields,
    );
    expect(errors).toEqual({
      fields: { password: 'Must be at least 12 characters', roles: 'Must not repeat a role' },
    });
  });

  it('keeps issues about anything else for the form, so none is lost', () => {
    const errors = fromIssues(
      [
        { location: 'params', path: 'token', message: 'is not a valid invitation token' },
        { location: 'body', path: '', message: 'expected an object' },
      ],
      fields,
    );
    expect(errors.fields).toEqual({});
    expect(errors.form).toBe('token: is not a valid invitation token Expected an object');
  });
});

describe('toFormErrors', () => {
  it('maps a 400 by path', () => {
    const errors = toFormErrors(
      validation([{ location: 'body', path: 'email', message: 'must be an email address' }]),
      fields,
    );
    expect(errors).toEqual({ fields: { email: 'Must be an email address' } });
  });

  it('shows the API’s message on a 401', () => {
    const errors = toFormErrors(
      new ApiError(401, 'unauthenticated', 'Email or password is incorrect'),
      fields,
    );
    expect(errors).toEqual({ fields: {}, form: 'Email or password is incorrect' });
  });

  it('says how long to wait on a 429', () => {
    const errors = toFormErrors(
      new ApiError(429, 'rate_limited', 'Too many attempts', { retryAfterSeconds: 42 }),
      fields,
    );
    expect(errors.form).toBe('Too many attempts. Please wait 42 seconds, then try again.');
  });

  it('puts a conflict on the field the API names, or on the form when it names none', () => {
    const onEmail = new ApiError(409, 'conflict', 'An account with this email already exists', {
      field: 'email',
    });
    expect(toFormErrors(onEmail, fields)).toEqual({
      fields: { email: 'An account with this email already exists' },
    });
    const unnamed = new ApiError(409, 'conflict', 'Someone with this email already has an account');
    expect(toFormErrors(unnamed, fields).form).toBe(
      'Someone with this email already has an account',
    );
  });

  it('uses a message of the page’s own for a status when given one', () => {
    const errors = toFormErrors(new ApiError(404, 'not_found', 'Not found'), fields, {
      messages: { 404: 'This link has expired.' },
    });
    expect(errors.form).toBe('This link has expired.');
  });

  it('blames the network or the server, never the person, for failures that are not theirs', () => {
    expect(toFormErrors(new TypeError('fetch failed'), fields).form).toBe(networkFailureMessage);
    expect(toFormErrors(new ApiError(500, 'internal', 'boom'), fields).form).toBe(
      serverFailureMessage,
    );
    expect(toFormErrors(new ApiError(200, 'invalid_response', 'does not match'), fields).form).toBe(
      serverFailureMessage,
    );
  });
});

describe('waitMessage', () => {
  it('gives the seconds, and minutes as well when the wait is long', () => {
    expect(waitMessage(1)).toBe('Too many attempts. Please wait 1 second, then try again.');
    expect(waitMessage(59.2)).toBe('Too many attempts. Please wait 60 seconds, then try again.');
    expect(waitMessage(180)).toBe(
      'Too many attempts. Please wait 180 seconds (about 3 minutes), then try again.',
    );
    expect(waitMessage(undefined)).toBe('Too many attempts. Please wait a little, then try again.');
  });
});

describe('checkBody', () => {
  it('checks with the contract schema, in the API’s own words', () => {
    const result = checkBody(signUpBodySchema, {
      practiceName: 'Elm Street Practice',
      displayName: '',
      email: 'not-an-email',
      password: 'short',
      timeZone: 'Europe/London',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(fromIssues(result.issues, signUpBodySchema.keyof().options).fields).toEqual({
      displayName: 'Must not be empty',
      email: 'Must be an email address',
      password: 'Must be at least 12 characters',
    });
  });

  it('hands back the body as the API will read it', () => {
    const result = checkBody(invitationCreateBodySchema, {
      email: '  Sam@Example.org ',
      displayName: ' Sam ',
      roles: ['client'],
    });
    expect(result).toEqual({
      ok: true,
      // Not emailed unless the coordinator asks for it.
      body: { email: 'sam@example.org', displayName: 'Sam', roles: ['client'], sendEmail: false },
    });
  });
});

describe('helpers', () => {
  it('turns a phrase into a sentence', () => {
    expect(asSentence('must not be empty')).toBe('Must not be empty');
  });

  it('finds the first wrong field in screen order', () => {
    expect(firstInvalidField({ fields: { roles: 'x', password: 'y' } }, fields)).toBe('password');
    expect(firstInvalidField({ fields: {}, form: 'z' }, fields)).toBeUndefined();
  });
});

describe('asFieldIssues', () => {
  const issue = { location: 'body', path: 'email', message: 'Invalid email' };
  const samples: unknown[] = [
    [],
    [issue],
    [issue, { location: 'query', path: '', message: 'Too many' }],
    [{ ...issue, extra: true }],
    [{ ...issue, location: 'cookie' }],
    [{ ...issue, path: 3 }],
    [{ location: 'body', path: 'email' }],
    [issue, null],
    ['body'],
    issue,
    undefined,
    'issues',
  ];

  it('accepts and returns exactly what fieldIssueSchema does, without zod', () => {
    const schema = fieldIssueSchema.array();
    for (const sample of samples) {
      const parsed = schema.safeParse(sample);
      expect(asFieldIssues(sample)).toEqual(parsed.success ? parsed.data : null);
    }
  });
});
