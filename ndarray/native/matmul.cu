// Matrix multiplication: out (m×p) = a (m×n) · b (n×p), compact and row-major, for each of
// `batch` stacked matrices (blockIdx.z picks the matrix).
//
// One block per 64×64 tile of `out`. The tiles of a matrix are numbered row by row along
// grid.x, which takes up to 2³¹ − 1 blocks; rows of tiles on grid.y would stop at 65535,
// that is m ≤ 4 194 240. Neighbouring blocks share a row of tiles, so they read the same
// panels of `a`.
//
// Shared-memory tiling with register blocking. A block of 16×16 threads computes a 64×64
// tile of `out`; each thread owns the 4×4 elements at rows ty + 16i and columns tx + 16j.
// The k axis is walked 16 at a time: the block copies a 64×16 panel of `a` (stored k-major,
// so a thread reads its four rows side by side) and a 16×64 panel of `b` into shared
// memory, waits, accumulates the 16 rank-1 updates from shared memory, and waits again
// before the next panel overwrites it. Elements past the edges load as 0, so m, n and p
// need not be multiples of the tile. float32 accumulates in float32 (as cuBLAS does);
// float64 and int32 accumulate in float64, as the cpu device does for every dtype.
#include "common.cuh"

using kit::Thread;

constexpr int kTileM = 64;    // rows of `out` per block
constexpr int kTileN = 64;    // columns of `out` per block
constexpr int kTileK = 16;    // k per shared-memory panel
constexpr int kSide = 16;     // the block is kSide × kSide threads
constexpr int kPer = kTileM / kSide;  // each thread: kPer × kPer outputs
constexpr int kAStride = kTileM + 1;  // padded, so the transposing stores hit distinct banks

template <class T>
struct Accumulator {
  using type = double;
};
template <>
struct Accumulator<float> {
  using type = float;
};

template <class T>
__host__ __device__ void MatmulBody(const Thread& t, const T* a, const T* b, T* out, int64_t m, int64_t n,
                                    int64_t p, int64_t firstMatrix) {
  using A = typename Accumulator<T>::type;
  A* aPanel = reinterpret_cast<A*>(t.shared);  // [kTileK][kAStride]: aPanel[k * kAStride + row]
  A* bPanel = aPanel + kTileK * kAStride;      // [kTileK][kTileN]: bPanel[k * kTileN + col]
  const int64_t matrix = firstMatrix + t.block.z;
  a += matrix * m * n;
  b += matrix * n * p;
  out += matrix * m * p;
  const int64_t colTiles = (p + kTileN - 1) / kTileN;
  const int64_t row0 = t.block.x / colTiles * kTileM;
  const int64_t col0 = t.block.x % colTiles * kTileN;
  const int tx = t.thread.x, ty = t.thread.y;
  const int lane = ty * kSide + tx;

  A acc[kPer][kPer];
  for (int i = 0; i < kPer; ++i)
    for (int j = 0; j < kPer; ++j) acc[i][j] = 0;

  for (int64_t k0 = 0; k0 < n; k0 += kTileK) {
    for (int e = lane; e < kTileM * kTileK; e += kSide * kSide) {
      const int r = e / kTileK, k = e % kTileK;  // a: consecutive lanes read along k
      const int64_t gr = row0 + r, gk = k0 + k;
      aPanel[k * kAStride + r] = gr < m && gk < n ? static_cast<A>(a[gr * n + gk]) : A(0);
    }
    for (int e = lane; e < kTileK * kTileN; e += kSide * kSide) {
      const int k = e / kTileN, c = e % kTileN;  // b: consecutive lanes read along a row
      const int64_t gk = k0 + k, gc = col0 + c;
      bPanel[k * kTileN + c] = gk < n && gc < p ? static_cast<A>(b[gk * p + gc]) : A(0);
    }
    kit::syncThreads();
    for (int k = 0; k < kTileK; ++k) {
      A x[kPer], y[kPer];
      for (int i = 0; i < kPer; ++i) x[i] = aPanel[k * kAStride + ty + kSide * i];
      for (int j = 0; j < kPer; ++j) y[j] = bPanel[k * kTileN + tx + kSide * j];
      for (int i = 0; i < kPer; ++i)
        for (int j = 0; j < kPer; ++j) acc[i][j] += x[i] * y[j];
    }
    kit::syncThreads();
  }

  for (int i = 0; i < kPer; ++i) {
    const int64_t gr = row0 + ty + kSide * i;
    if (gr >= m) continue;
    for (int j = 0; j < kPer; ++j) {
      const int64_t gc = col0 + tx + kSide * j;
      if (gc < p) out[gr * p + gc] = kit::convert<T>(static_cast<double>(acc[i][j]));
    }
  }
}
template <class T>
__global__ void MatmulKernel(const T* a, const T* b, T* out, int64_t m, int64_t n, int64_t p, int64_t first) {
  MatmulBody(KIT_THREAD, a, b, out, m, n, p, first);
}

// The launch for `count` stacked matrices (count ≤ 65535, CUDA's limit on grid.z): every
// tile of an m×p output along grid.x.
template <class T>
static kit::Launch matmulLaunch(int64_t count, int64_t m, int64_t p) {
  using A = typename Accumulator<T>::type;
  const int64_t tiles = (m + kTileM - 1) / kTileM * ((p + kTileN - 1) / kTileN);
  return kit::Launch{dim3(kit::gridBlocks(tiles), 1, kit::gridBlocks(count)), dim3(kSide, kSide),
                     (kTileK * kAStride + kTileK * kTileN) * sizeof(A), true};
}

// Launches matrices first … first+count−1.
template <class T>
static cudaError_t matmulRange(const T* a, const T* b, T* out, int64_t first, int64_t count, int64_t m, int64_t n,
                               int64_t p) {
  return kit::launch(MatmulKernel<T>, matmulLaunch<T>(count, m, p), a, b, out, m, n, p, first);
}

// What MatmulLaunch reports: `cfg` in `info`, and whether CUDA would accept it.
static cudaError_t describeLaunch(const kit::Launch& cfg, KitLaunchInfo* info) {
  *info = KitLaunchInfo{{cfg.grid.x, cfg.grid.y, cfg.grid.z}, {cfg.block.x, cfg.block.y, cfg.block.z}, cfg.shared};
  return kit::launchError(cfg);
}

template <class T>
static cudaError_t matmulBatched(const void* a, const void* b, void* out, int64_t batch, int64_t m, int64_t n,
                                 int64_t p) {
  const int64_t kMaxZ = kit::kMaxGridYZ;
  for (int64_t first = 0; first < batch; first += kMaxZ) {
    const int64_t count = batch - first < kMaxZ ? batch - first : kMaxZ;
    const cudaError_t err = matmulRange(static_cast<const T*>(a), static_cast<const T*>(b), static_cast<T*>(out),
                                        first, count, m, n, p);
    if (err != cudaSuccess) return err;
  }
  return cudaSuccess;
}

extern "C" {

cudaError_t Matmul(const void* a, const void* b, void* out, int dtype, int64_t m, int64_t n, int64_t p) {
  KIT_DISPATCH(dtype, T, return matmulBatched<T>(a, b, out, 1, m, n, p));
}

cudaError_t MatmulBatched(const void* a, const void* b, void* out, int dtype, int64_t batch, int64_t m, int64_t n,
                          int64_t p) {
  KIT_DISPATCH(dtype, T, return matmulBatched<T>(a, b, out, batch, m, n, p));
}

cudaError_t MatmulLaunch(int dtype, int64_t count, int64_t m, int64_t p, KitLaunchInfo* info) {
  KIT_DISPATCH(dtype, T, return describeLaunch(matmulLaunch<T>(count, m, p), info));
}

}  // extern "C"
