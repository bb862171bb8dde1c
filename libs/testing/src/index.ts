export { createTestDatabase, testServerUrl, type TestDatabase } from './test-database';
export { type CapturedMail, startSmtpServer, type TestSmtpServer } from './smtp-server';
