import type {
  ApiClient,
  ApiClientOptions,
  CallOptions,
  RouteContract,
  RouteInput,
  RouteOutput,
} from '@hearth/contracts';
import { isLaterRoute, loadContracts, type LaterRoute } from './contracts-later';

/** The contract client, taking routes named with `later` as well as contract routes. */
export interface WebApiClient {
  call<R extends RouteContract>(
    route: R | LaterRoute<R>,
    input?: RouteInput<R>,
    options?: CallOptions,
  ): Promise<RouteOutput<R>>;
}

/**
 * The contract client of `@hearth/contracts`, created once the contracts have arrived: requests,
 * response parsing and errors are exactly that client's, only the first call waits for the chunk.
 */
export function createLazyApiClient(options: ApiClientOptions): WebApiClient {
  let client: ApiClient | undefined;
  return {
    async call<R extends RouteContract>(
      route: R | LaterRoute<R>,
      input?: RouteInput<R>,
      callOptions?: CallOptions,
    ): Promise<RouteOutput<R>> {
      const contracts = await loadContracts();
      client ??= contracts.createApiClient(options);
      const contract = isLaterRoute(route) ? route.pick(contracts) : route;
      return client.call(contract, input, callOptions);
    },
  };
}
