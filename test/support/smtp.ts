/**
 * A real SMTP server for tests (started on 127.0.0.1 by the test, stopped after): the same one
 * the API's integration tests use, from `@hearth/testing`.
 */
export { type CapturedMail, startSmtpServer, type TestSmtpServer } from '@hearth/testing';
