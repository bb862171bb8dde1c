// The WebAuthn library is fetched when a passkey is first used, not with the sign-in page.
const webauthn = () => import('@simplewebauthn/browser');

type Options = Record<string, unknown>;

/** A credential as JSON, the shape the server's contract checks before its verifier does. */
interface Credential {
  readonly [key: string]: unknown;
  readonly id: string;
  readonly rawId: string;
  readonly type: 'public-key';
  readonly response: { readonly [key: string]: unknown; readonly clientDataJSON: string };
}

// The server builds the WebAuthn options (its own library, same JSON shapes); the browser's
// library turns them into a `navigator.credentials` call and the answer back into JSON.

/** Asks the browser to make a new passkey; answers what the server checks and stores. */
export async function createPasskey(options: Options): Promise<Credential> {
  const { startRegistration } = await webauthn();
  const response = await startRegistration({
    optionsJSON: options as unknown as Parameters<typeof startRegistration>[0]['optionsJSON'],
  });
  return response as unknown as Credential;
}

/** Asks the browser to prove it holds one of the passkeys the options allow (or any). */
export async function provePasskey(options: Options): Promise<Credential> {
  const { startAuthentication } = await webauthn();
  const response = await startAuthentication({
    optionsJSON: options as unknown as Parameters<typeof startAuthentication>[0]['optionsJSON'],
  });
  return response as unknown as Credential;
}

/** Why a passkey ceremony did not finish, in words for the person. */
export function passkeyProblem(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'AbortError') {
    return 'The passkey request was cancelled or timed out.';
  }
  if (name === 'InvalidStateError') return 'This passkey is registered already.';
  return error instanceof Error ? error.message : 'The passkey could not be used.';
}
