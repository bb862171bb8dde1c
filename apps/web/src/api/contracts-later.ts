import type { RouteContract } from '@hearth/contracts';

/**
 * What the first page calls through: the contract client and the routes of the session, the
 * readiness check and sign-in, with their zod schemas (`@hearth/contracts/first-calls`).
 */
export type Contracts = typeof import('@hearth/contracts/first-calls');

let loading: Promise<Contracts> | undefined;

/**
 * The first calls' contracts, fetched on first use. zod and the route schemas are about a third
 * of the web app's script; the first page (welcome, sign-in) renders without them, and the first
 * API call fetches zod with these few routes only, while the person reads the page: building
 * every route's schemas would hold a phone's main thread for about a second. Later pages import
 * the rest of the contracts, which shares this chunk.
 */
export function loadContracts(): Promise<Contracts> {
  loading ??= import('@hearth/contracts/first-calls');
  return loading;
}

/** A route named now and taken from the contracts when it is first called. */
export interface LaterRoute<R extends RouteContract> {
  readonly pick: (contracts: Contracts) => R;
}

/** Names a route for the first page without bringing its schemas along. */
export function later<R extends RouteContract>(pick: (contracts: Contracts) => R): LaterRoute<R> {
  return { pick };
}

/** A contract schema named now and loaded with the contracts when first needed. */
export function laterSchema<S>(pick: (contracts: Contracts) => S): () => Promise<S> {
  return async () => pick(await loadContracts());
}

export function isLaterRoute<R extends RouteContract>(
  route: R | LaterRoute<R>,
): route is LaterRoute<R> {
  return 'pick' in route && typeof route.pick === 'function';
}
