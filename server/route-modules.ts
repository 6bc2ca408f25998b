import type { ServerBuild } from "@remix-run/node";

type RouteModule = ServerBuild["routes"][string]["module"];

/** The build with each route's module as `change` makes it (given the route's id): wrapped loaders and actions. */
export function withRouteModules(build: ServerBuild, change: (id: string, module: RouteModule) => RouteModule): ServerBuild {
  const routes = Object.fromEntries(Object.entries(build.routes).map(([id, route]) => [id, { ...route, module: change(id, route.module) }])) as ServerBuild["routes"];
  return { ...build, routes };
}
