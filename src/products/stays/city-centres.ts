/**
 * Where "the city centre" is, for distances and the distance sort: the historic core or main
 * square (city hall, cathedral, central station district), rounded to about 0.001°. The place
 * catalogue knows airports and stations only, which can be 50 km out, so the centre is its own
 * fact. test/stays/seed.test.ts checks every catalogue city has one near its places.
 */
type Row = readonly [city: string, lat: number, lon: number];

const ROWS: readonly Row[] = [
  ["LON", 51.507, -0.128],
  ["MAN", 53.479, -2.245],
  ["BHX", 52.48, -1.903],
  ["LPL", 53.408, -2.991],
  ["NCL", 54.973, -1.614],
  ["EDI", 55.953, -3.189],
  ["GLA", 55.861, -4.25],
  ["DVR", 51.127, 1.313],
  ["DUB", 53.349, -6.26],
  ["PAR", 48.857, 2.352],
  ["CQF", 50.952, 1.856],
  ["LYS", 45.764, 4.836],
  ["MRS", 43.296, 5.37],
  ["NCE", 43.703, 7.266],
  ["BRU", 50.847, 4.352],
  ["AMS", 52.373, 4.893],
  ["FRA", 50.111, 8.682],
  ["BER", 52.52, 13.405],
  ["MUC", 48.137, 11.575],
  ["HAM", 53.551, 9.993],
  ["ZRH", 47.377, 8.541],
  ["GVA", 46.204, 6.143],
  ["VIE", 48.208, 16.373],
  ["PRG", 50.088, 14.421],
  ["BUD", 47.498, 19.04],
  ["WAW", 52.23, 21.012],
  ["KRK", 50.062, 19.937],
  ["CPH", 55.676, 12.568],
  ["STO", 59.329, 18.069],
  ["OSL", 59.913, 10.752],
  ["HEL", 60.169, 24.938],
  ["TLL", 59.437, 24.745],
  ["RIX", 56.949, 24.106],
  ["REK", 64.147, -21.942],
  ["MAD", 40.417, -3.704],
  ["BCN", 41.387, 2.17],
  ["PMI", 39.57, 2.65],
  ["LIS", 38.711, -9.139],
  ["OPO", 41.146, -8.611],
  ["ROM", 41.896, 12.482],
  ["MIL", 45.464, 9.19],
  ["VCE", 45.434, 12.338],
  ["NAP", 40.852, 14.268],
  ["PMO", 38.116, 13.361],
  ["ATH", 37.976, 23.735],
  ["JTR", 36.416, 25.432],
  ["HER", 35.339, 25.133],
  ["IST", 41.01, 28.975],
  ["ANK", 39.921, 32.854],
  ["TYO", 35.681, 139.767],
  ["OSA", 34.694, 135.502],
  ["UKY", 35.011, 135.768],
  ["NGO", 35.17, 136.908],
  ["HIJ", 34.396, 132.46],
  ["FUK", 33.59, 130.402],
  ["SPK", 43.062, 141.354],
  ["SEL", 37.566, 126.978],
  ["PUS", 35.18, 129.076],
  ["BJS", 39.908, 116.397],
  ["SHA", 31.23, 121.474],
  ["CAN", 23.129, 113.264],
  ["SZX", 22.543, 114.058],
  ["HKG", 22.281, 114.158],
  ["MFM", 22.193, 113.541],
  ["TPE", 25.042, 121.535],
  ["KHH", 22.627, 120.301],
  ["BKK", 13.746, 100.535],
  ["CNX", 18.788, 98.985],
  ["SIN", 1.29, 103.852],
  ["KUL", 3.148, 101.697],
  ["HAN", 21.028, 105.852],
  ["SGN", 10.777, 106.701],
  ["MNL", 14.59, 120.98],
  ["JKT", -6.175, 106.827],
  ["DEL", 28.632, 77.219],
  ["JAI", 26.912, 75.787],
  ["BOM", 18.93, 72.833],
  ["BLR", 12.972, 77.594],
  ["DXB", 25.204, 55.27],
  ["AUH", 24.466, 54.367],
  ["DOH", 25.286, 51.531],
  ["TLV", 32.08, 34.78],
  ["NYC", 40.758, -73.985],
  ["WAS", 38.897, -77.036],
  ["BOS", 42.358, -71.06],
  ["PHL", 39.952, -75.164],
  ["MIA", 25.774, -80.193],
  ["ATL", 33.749, -84.388],
  ["CHI", 41.882, -87.628],
  ["DFW", 32.777, -96.797],
  ["DEN", 39.739, -104.99],
  ["PHX", 33.448, -112.074],
  ["LAX", 34.052, -118.244],
  ["SFO", 37.788, -122.408],
  ["SEA", 47.608, -122.335],
  ["HNL", 21.307, -157.858],
  ["YVR", 49.283, -123.121],
  ["YYJ", 48.428, -123.365],
  ["YTO", 43.653, -79.383],
  ["YMQ", 45.502, -73.567],
  ["MEX", 19.433, -99.133],
  ["CUN", 21.161, -86.851],
  ["BOG", 4.598, -74.076],
  ["LIM", -12.046, -77.043],
  ["SAO", -23.55, -46.633],
  ["RIO", -22.907, -43.173],
  ["BUE", -34.604, -58.382],
  ["MVD", -34.906, -56.191],
  ["SCL", -33.437, -70.65],
  ["CAI", 30.044, 31.236],
  ["ALY", 31.2, 29.919],
  ["CMN", 33.595, -7.619],
  ["RBA", 34.02, -6.841],
  ["TNG", 35.768, -5.8],
  ["RAK", 31.626, -7.989],
  ["TUN", 36.8, 10.18],
  ["DKR", 14.693, -17.447],
  ["LOS", 6.455, 3.394],
  ["ACC", 5.556, -0.197],
  ["ADD", 9.01, 38.761],
  ["NBO", -1.286, 36.817],
  ["MBA", -4.043, 39.668],
  ["JNB", -26.204, 28.047],
  ["DUR", -29.858, 31.021],
  ["CPT", -33.925, 18.424],
  ["SYD", -33.869, 151.209],
  ["CBR", -35.281, 149.129],
  ["MEL", -37.814, 144.963],
  ["BNE", -27.47, 153.026],
  ["ADL", -34.929, 138.601],
  ["PER", -31.952, 115.861],
  ["AKL", -36.848, 174.763],
  ["WLG", -41.286, 174.776],
  ["CHC", -43.532, 172.637],
  ["NAN", -17.803, 177.416],
];

export interface Point {
  lat: number;
  lon: number;
}

const CENTRES = new Map<string, Point>(ROWS.map(([city, lat, lon]) => [city, { lat, lon }]));

export function cityCentre(cityCode: string): Point | undefined {
  return CENTRES.get(cityCode);
}

export const CENTRE_CITY_CODES: readonly string[] = ROWS.map(([city]) => city);

const EARTH_RADIUS_M = 6_371_000;

/** Great-circle distance in metres. */
export function distanceM(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
