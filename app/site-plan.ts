/** A GeoJSON Polygon (WGS 84), as plots are stored: an outer ring, closed, longitude first. */
export interface Polygon {
  type: "Polygon";
  coordinates: [number, number][][];
}

export interface PlanPlot {
  code: string;
  state: "inventory" | "in_release" | "awarded" | "withdrawn";
  polygon: Polygon;
  /** False for plots drawn only as context (in outline). */
  emphasised: boolean;
}

export interface ProjectedPlot extends PlanPlot {
  points: string;
  label: { x: number; y: number };
}

/**
 * Projects plots onto an SVG canvas: equirectangular around the site's mean latitude (accurate to
 * well under a metre over a 2 km site), north up, scaled to `width`.
 */
export function projectSitePlan(plots: PlanPlot[], width = 1000, margin = 12) {
  const rings = plots.map((p) => p.polygon.coordinates[0] ?? []);
  const all = rings.flat();
  if (all.length === 0) return { width, height: 0, plots: [] as ProjectedPlot[] };
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
    plots: plots.map((plot, i): ProjectedPlot => {
      const ring = rings[i]!.slice(0, -1).map(project);
      const label = ring.reduce((acc, [x, y]) => ({ x: acc.x + x / ring.length, y: acc.y + y / ring.length }), { x: 0, y: 0 });
      return {
        ...plot,
        points: ring.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" "),
        label,
      };
    }),
  };
}

/**
 * The plots a release's own plan shows: its plots, and as context the park's plots near them
 * (within half the size of the area they cover, and at least a little around it). A park of a
 * thousand plots then draws the neighbourhood, not every plot.
 */
export function plotsAround<T extends Pick<PlanPlot, "code" | "polygon">>(plots: T[], codes: Set<string>, margin = 0.5): T[] {
  const points = plots.filter((p) => codes.has(p.code)).flatMap((p) => p.polygon.coordinates[0] ?? []);
  if (points.length === 0) return plots;
  const lons = points.map(([lon]) => lon);
  const lats = points.map(([, lat]) => lat);
  const padLon = Math.max((Math.max(...lons) - Math.min(...lons)) * margin, 0.002);
  const padLat = Math.max((Math.max(...lats) - Math.min(...lats)) * margin, 0.002);
  const [west, east, south, north] = [Math.min(...lons) - padLon, Math.max(...lons) + padLon, Math.min(...lats) - padLat, Math.max(...lats) + padLat];
  return plots.filter((p) => codes.has(p.code) || (p.polygon.coordinates[0] ?? []).some(([lon, lat]) => lon >= west && lon <= east && lat >= south && lat <= north));
}
