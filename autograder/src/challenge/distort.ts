/**
 * One random distortion of a 28×28 digit, so that a challenge's inputs are no longer the
 * public digits they were drawn from: an affine map (rotation, scale, shear, shift) about the
 * centre, a smooth elastic displacement, bilinear resampling, then pixel noise. Mild enough
 * that every digit stays readable (a model trained on the plain digits still reads most of
 * them), strong enough that no image is a byte-for-byte copy of its source.
 *
 * Draws, in this order, all from `rng`: rotation, scale, shear, shift x, shift y (one
 * uniformDouble each), the elastic grid's x then y displacements (GRID² each), then the
 * noise (one normal array of 784). A fixed order keeps a set's bytes a function of its seed.
 */
import type { Generator } from "#ndarray";

export const SIDE = 28;
const PIXELS = SIDE * SIDE;

/** The ranges drawn from (uniformly, each symmetric about no change). */
const MAX_ROTATION = (10 * Math.PI) / 180;
const MIN_SCALE = 0.92;
const MAX_SCALE = 1.08;
const MAX_SHEAR = 0.12;
/** Pixels each way. */
const MAX_SHIFT = 1;
/** The elastic displacement: a GRID×GRID lattice of displacements (pixels) spread bilinearly over the image. */
const GRID = 4;
const MAX_ELASTIC = 1;
/** Standard deviation of the noise, in grey levels (of 255). */
const NOISE = 8;

const uniform = (rng: Generator, low: number, high: number) => low + (high - low) * rng.uniformDouble();

/** src's grey level at (x, y) (column, row), bilinear between pixels, black outside. */
function sample(src: Uint8Array, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  let value = 0;
  for (let dy = 0; dy < 2; dy++) {
    const r = y0 + dy;
    if (r < 0 || r >= SIDE) continue;
    const wy = dy === 0 ? 1 - fy : fy;
    for (let dx = 0; dx < 2; dx++) {
      const c = x0 + dx;
      if (c >= 0 && c < SIDE) value += wy * (dx === 0 ? 1 - fx : fx) * src[r * SIDE + c];
    }
  }
  return value;
}

/** The lattice's displacements spread over every pixel, bilinear between its points. */
function field(lattice: Float64Array): Float64Array {
  const out = new Float64Array(PIXELS);
  for (let y = 0; y < SIDE; y++) {
    const gy = (y / (SIDE - 1)) * (GRID - 1);
    const j = Math.min(Math.floor(gy), GRID - 2);
    const fy = gy - j;
    for (let x = 0; x < SIDE; x++) {
      const gx = (x / (SIDE - 1)) * (GRID - 1);
      const i = Math.min(Math.floor(gx), GRID - 2);
      const fx = gx - i;
      const top = (1 - fx) * lattice[j * GRID + i] + fx * lattice[j * GRID + i + 1];
      const bottom = (1 - fx) * lattice[(j + 1) * GRID + i] + fx * lattice[(j + 1) * GRID + i + 1];
      out[y * SIDE + x] = (1 - fy) * top + fy * bottom;
    }
  }
  return out;
}

/** A distorted copy of the 28×28 digit `src` (grey levels, row-major), drawn from `rng` as above. */
export function distortDigit(src: Uint8Array, rng: Generator): Uint8Array {
  const angle = uniform(rng, -MAX_ROTATION, MAX_ROTATION);
  const scale = uniform(rng, MIN_SCALE, MAX_SCALE);
  const shear = uniform(rng, -MAX_SHEAR, MAX_SHEAR);
  const shiftX = uniform(rng, -MAX_SHIFT, MAX_SHIFT);
  const shiftY = uniform(rng, -MAX_SHIFT, MAX_SHIFT);
  const lattice = () => field(Float64Array.from({ length: GRID * GRID }, () => uniform(rng, -MAX_ELASTIC, MAX_ELASTIC)));
  const elasticX = lattice();
  const elasticY = lattice();
  const noise = Float64Array.from(rng.normal(0, NOISE, [PIXELS], "float64").toTypedArray());

  // The map from source to output is p ↦ c + t + M(p − c), M = scale·rotation·shear; each
  // output pixel reads the source at c + M⁻¹(p − c − t), moved by the elastic field.
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  const [m00, m01, m10, m11] = [scale * cos, scale * (cos * shear - sin), scale * sin, scale * (sin * shear + cos)];
  const det = m00 * m11 - m01 * m10;
  const [i00, i01, i10, i11] = [m11 / det, -m01 / det, -m10 / det, m00 / det];
  const centre = (SIDE - 1) / 2;
  const out = new Uint8Array(PIXELS);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const dx = x - centre - shiftX;
      const dy = y - centre - shiftY;
      const sx = centre + i00 * dx + i01 * dy + elasticX[y * SIDE + x];
      const sy = centre + i10 * dx + i11 * dy + elasticY[y * SIDE + x];
      const value = sample(src, sx, sy) + noise[y * SIDE + x];
      out[y * SIDE + x] = Math.min(255, Math.max(0, Math.round(value)));
    }
  }
  return out;
}
