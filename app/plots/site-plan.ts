/** A GeoJSON Polygon (WGS 84), as plots are stored: an outer ring, closed, longitude first. */
export interface Polygon {
  type: "Polygon";
  coordinates: [number, number][][];
}

export interface PlanPlot {
  code: string;
  state: "inventory" | "in_release" | "awarded" | "under_construction" | "completed" | "withdrawn";
  polygon: Polygon;
}

/** A plot as drawn: its outline and the place of its label on the canvas. */
export interface ProjectedPlot {
  code: string;
  state: PlanPlot["state"];
  points: string;
  label: { x: number; y: number };
}

/**
 * A site plan ready to draw. Loaders project the polygons, so a page carries one short string per
 * plot rather than its coordinates, and the browser does not project them again.
 */
export interface SitePlanDrawing {
  width: number;
  height: number;
  plots: ProjectedPlot[];
}

/**
 * Projects plots onto an SVG canvas: equirectangular around the site's mean latitude (accurate to
 * well under a metre over a 2 km site), north up, scaled to `width`.
 */
export function projectSitePlan(plots: PlanPlot[], width = 1000, margin = 12): SitePlanDrawing {
  const rings = plots.map((p) => p.polygon.coordinates[0] ?? []);
  const all = rings.flat();
  if (all.length === 0) return { width, height: 0, plots: [] };
  const lons = all.map(([lon]) => lon);
  const lats = all.map(([, lat]) => lat);
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const cosLat = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = (maxLon - minLon) * cosLat || 1e-9;
  const spanY = maxLat - minLat || 1e-9;
  const scale = (width - 2 * margin) / spanX;
  const height = Math.round(spanY * scale + 2 * margin);
  const project = ([lon, lat]: [number, number]): [number, number] => [
    margin + (lon - minLon) * cosLat * scale,
    margin + (maxLat - lat) * scale,
  ];
  return {
    width,
    height,
    plots: plots.map(({ code, state }, i): ProjectedPlot => {
      const ring = rings[i]!.slice(0, -1).map(project);
      const label = ring.reduce((acc, [x, y]) => ({ x: acc.x + x / ring.length, y: acc.y + y / ring.length }), { x: 0, y: 0 });
      return {
        code,
        state,
        points: ring.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" "),
        label: { x: Math.round(label.x * 10) / 10, y: Math.round(label.y * 10) / 10 },
      };
    }),
  };
}

/** A box of longitudes and latitudes (WGS 84). */
export interface Box {
  west: number;
  east: number;
  south: number;
  north: number;
}

/**
 * What a release's own plan shows around its plots: the area they cover, widened by half its size
 * (and at least a little), so the park's plots near them appear as context. A park of a thousand
 * plots then draws the neighbourhood, not every plot. Null for no polygons.
 */
export function boxAround(polygons: Polygon[], margin = 0.5): Box | null {
  const points = polygons.flatMap((polygon) => polygon.coordinates[0] ?? []);
  if (points.length === 0) return null;
  const lons = points.map(([lon]) => lon);
  const lats = points.map(([, lat]) => lat);
  const padLon = Math.max((Math.max(...lons) - Math.min(...lons)) * margin, 0.002);
  const padLat = Math.max((Math.max(...lats) - Math.min(...lats)) * margin, 0.002);
  return { west: Math.min(...lons) - padLon, east: Math.max(...lons) + padLon, south: Math.min(...lats) - padLat, north: Math.max(...lats) + padLat };
}
