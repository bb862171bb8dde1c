import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  HttpCode,
  RequestMapping,
  RequestMethod,
  SetMetadata,
} from '@nestjs/common';
import type { RouteContract } from '@hearth/contracts';
import type { Request } from 'express';
import { parseRouteInput } from './route-input';

export const CONTRACT_ROUTE = 'hearth:contract-route';

/** Binds a handler to a route contract: its method, path and success status come from the contract. */
export function ContractRoute(route: RouteContract): MethodDecorator {
  return applyDecorators(
    SetMetadata(CONTRACT_ROUTE, route),
    RequestMapping({ path: route.path, method: RequestMethod[route.method] }),
    HttpCode(route.status ?? 200),
  );
}

/** The request's params, query and body, validated against the handler's route contract. */
export const Input = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const route = Reflect.getMetadata(CONTRACT_ROUTE, ctx.getHandler()) as RouteContract | undefined;
  if (!route) throw new Error(`@Input() needs @ContractRoute on ${ctx.getHandler().name}`);
  const req = ctx.switchToHttp().getRequest<Request>();
  return parseRouteInput(route, { params: req.params, query: req.query, body: req.body });
});
