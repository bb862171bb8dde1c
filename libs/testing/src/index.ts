export { createTestDatabase, testServerUrl, type TestDatabase } from './test-database';
export {
  api,
  nextAddress,
  ok,
  password,
  signUpCoordinator,
  signUpPractice,
  signUpTokenFromMail,
  type SignUpBody,
  type Json,
  type Person,
  type Practice,
  type Reply,
} from './hearth-api';
export { showPanel } from './call-panel';
export { type CapturedMail, startSmtpServer, type TestSmtpServer } from './smtp-server';
export {
  checkServerEvents,
  ServerEventCheck,
  socketIoEvent,
  type EveryEventSource,
} from './live-events';
