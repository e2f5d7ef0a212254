// Matrix multiplication: out (m×p) = a (m×n) · b (n×p) for each of `batch` stacked
// matrices (blockIdx.z picks the matrix), out compact and row-major, a and b read where they
// lie (KitMatrix: element (t, i, j) at offset + t·batch + i·row + j·col). So W.T is b with
// its strides swapped, not a copy, and a 2-D right operand of a batched product has batch
// stride 0, not a copy per batch entry.
//
// One block of 16×16 threads per tile of `out`: 128×128 when both sides of out reach 128
// and the dtype is a float (8×8 outputs a thread, 4 FMAs per shared-memory load), 64×64
// otherwise (4×4 a thread), so small products do not leave most of a big tile idle. The tiles of a matrix are numbered
// row by row along grid.x, which takes up to 2³¹ − 1 blocks (grid.y would stop at 65535);
// neighbouring blocks share a row of tiles, so they read the same panels of `a`.
//
// The k axis is walked 8 at a time through two shared-memory buffers: while the block
// multiplies the panels in one, each thread already holds its share of the next panels in
// registers (loaded from global memory before the arithmetic, so the loads are in flight
// during it) and stores them into the other buffer afterwards: one barrier per k-step. Each
// thread's loads follow the operand's unit stride (along k for a row-major a, along rows for
// a transposed one), so a warp reads contiguous memory either way; with float32 128×128
// tiles, an operand whose rows are 16-byte aligned runs of a multiple of 4 elements is read
// as float4, one 16-byte load per thread per panel. Elements past the edges
// load as 0, so m, n and p need not be multiples of a tile. float32 accumulates in float32
// (as cuBLAS does); float64 and int32 accumulate in float64, as the cpu device does.
#include <type_traits>

#include "common.cuh"

using kit::Thread;

// Which operands a launch reads as float4 (bit 0: a, bit 1: b); see vectorFlags().
constexpr int kVectorA = 1;
constexpr int kVectorB = 2;

// Fully unrolled loops keep the per-thread arrays (accumulators, fragments, the next panels)
// in registers: an array indexed by a loop variable nvcc cannot resolve goes to local memory.
#if defined(__CUDACC__) && !defined(KIT_EMULATE)
#define KIT_UNROLL _Pragma("unroll")
#else
#define KIT_UNROLL
#endif

constexpr int kSide = 16;  // the block is kSide × kSide threads
constexpr int kThreadsPerBlock = kSide * kSide;
constexpr int kTileK = 8;  // k per shared-memory panel

template <class T>
struct Accumulator {
  using type = double;
};
template <>
struct Accumulator<float> {
  using type = float;
};

// A tile shape: Tile × Tile outputs a block, Tile / kSide × Tile / kSide a thread.
template <int Tile>
struct Shape {
  static constexpr int kTile = Tile;
  static constexpr int kPer = Tile / kSide;
  static constexpr int kLoads = Tile * kTileK / kThreadsPerBlock;  // elements of each panel a thread loads
  template <class A>
  static constexpr size_t sharedBytes() {
    return 2 * 2 * kTileK * Tile * sizeof(A);  // two buffers of an a panel and a b panel
  }
};

// Element e of a thread's share of a (Tile × kTileK) panel of `m` (rows × k), k along `unitK`:
// consecutive threads take consecutive k when k is the unit-stride axis, else consecutive rows.
template <int Tile>
__host__ __device__ inline void panelSlot(int tid, int e, bool unitK, int* r, int* k) {
  const int idx = tid + e * kThreadsPerBlock;
  if (unitK) {
    *r = idx / kTileK;
    *k = idx % kTileK;
  } else {
    *r = idx % Tile;
    *k = idx / Tile;
  }
}

template <class T, int Tile>
__host__ __device__ void MatmulBody(const Thread& t, const T* a, const T* b, T* out, int64_t m, int64_t n, int64_t p,
                                    KitMatrix va, KitMatrix vb, int64_t firstMatrix, int vector) {
  using A = typename Accumulator<T>::type;
  using S = Shape<Tile>;
  A* shared = reinterpret_cast<A*>(t.shared);  // [buffer][a|b][kTileK][Tile]
  const auto panel = [&](int buffer, int which) { return shared + (buffer * 2 + which) * kTileK * Tile; };
  const int64_t matrix = firstMatrix + t.block.z;
  a += va.offset + matrix * va.batch;
  b += vb.offset + matrix * vb.batch;
  out += matrix * m * p;
  const int64_t colTiles = (p + Tile - 1) / Tile;
  const int64_t row0 = t.block.x / colTiles * Tile;
  const int64_t col0 = t.block.x % colTiles * Tile;
  const int tx = t.thread.x, ty = t.thread.y;
  const int tid = ty * kSide + tx;
  const bool aUnitK = va.col == 1, bUnitK = vb.row == 1;
  // float4 reads: one per thread covers a 128 × 8 panel (kLoads is 4).
  constexpr bool kCanVector = Tile == 128 && std::is_same<T, float>::value;
  const bool vecA = kCanVector && (vector & kVectorA) != 0, vecB = kCanVector && (vector & kVectorB) != 0;
  const int vecRow = tid / 2, vecK = tid % 2 * 4;                // a: row, first of 4 k
  const int vecKRow = tid / (Tile / 4), vecCol = tid % (Tile / 4) * 4;  // b: k, first of 4 columns

  // This thread's share of the panels at k0, from global memory (0 past the edges).
  A nextA[S::kLoads], nextB[S::kLoads];
  const auto fetch = [&](int64_t k0) {
    if constexpr (kCanVector) {
      if (vecA) {
        const int64_t gr = row0 + vecRow, gk = k0 + vecK;  // n is a multiple of 4: all four or none
        const float4 v = gr < m && gk < n ? *reinterpret_cast<const float4*>(a + gr * va.row + gk) : float4{0, 0, 0, 0};
        nextA[0] = v.x, nextA[1] = v.y, nextA[2] = v.z, nextA[3] = v.w;
      }
      if (vecB) {
        const int64_t gk = k0 + vecKRow, gc = col0 + vecCol;  // p is a multiple of 4
        const float4 v = gk < n && gc < p ? *reinterpret_cast<const float4*>(b + gk * vb.row + gc) : float4{0, 0, 0, 0};
        nextB[0] = v.x, nextB[1] = v.y, nextB[2] = v.z, nextB[3] = v.w;
      }
    }
    KIT_UNROLL
    for (int e = 0; e < S::kLoads; ++e) {
      int r, k;
      if (!vecA) {
        panelSlot<Tile>(tid, e, aUnitK, &r, &k);
        const int64_t gr = row0 + r, gk = k0 + k;
        nextA[e] = gr < m && gk < n ? static_cast<A>(a[gr * va.row + gk * va.col]) : A(0);
      }
      if (!vecB) {
        panelSlot<Tile>(tid, e, bUnitK, &r, &k);
        const int64_t gc = col0 + r, gk = k0 + k;
        nextB[e] = gc < p && gk < n ? static_cast<A>(b[gk * vb.row + gc * vb.col]) : A(0);
      }
    }
  };
  const auto store = [&](int buffer) {
    KIT_UNROLL
    for (int e = 0; e < S::kLoads; ++e) {
      int r, k;
      if (vecA) {
        r = vecRow, k = vecK + e;
      } else {
        panelSlot<Tile>(tid, e, aUnitK, &r, &k);
      }
      panel(buffer, 0)[k * Tile + r] = nextA[e];
      if (vecB) {
        r = vecCol + e, k = vecKRow;
      } else {
        panelSlot<Tile>(tid, e, bUnitK, &r, &k);
      }
      panel(buffer, 1)[k * Tile + r] = nextB[e];
    }
  };

  A acc[S::kPer][S::kPer];
  KIT_UNROLL
  for (int i = 0; i < S::kPer; ++i)
    KIT_UNROLL
    for (int j = 0; j < S::kPer; ++j) acc[i][j] = 0;

  fetch(0);
  store(0);
  kit::syncThreads();
  int buffer = 0;
  for (int64_t k0 = 0; k0 < n; k0 += kTileK) {
    const bool more = k0 + kTileK < n;
    if (more) fetch(k0 + kTileK);
    const A* pa = panel(buffer, 0);
    const A* pb = panel(buffer, 1);
    KIT_UNROLL
    for (int k = 0; k < kTileK; ++k) {
      A x[S::kPer], y[S::kPer];
      KIT_UNROLL
      for (int i = 0; i < S::kPer; ++i) x[i] = pa[k * Tile + ty * S::kPer + i];
      KIT_UNROLL
      for (int j = 0; j < S::kPer; ++j) y[j] = pb[k * Tile + tx * S::kPer + j];
      KIT_UNROLL
      for (int i = 0; i < S::kPer; ++i)
        KIT_UNROLL
        for (int j = 0; j < S::kPer; ++j) acc[i][j] += x[i] * y[j];
    }
    if (more) store(buffer ^ 1);
    kit::syncThreads();
    buffer ^= 1;
  }

  KIT_UNROLL
  for (int i = 0; i < S::kPer; ++i) {
    const int64_t gr = row0 + ty * S::kPer + i;
    if (gr >= m) continue;
    KIT_UNROLL
    for (int j = 0; j < S::kPer; ++j) {
      const int64_t gc = col0 + tx * S::kPer + j;
      if (gc < p) out[gr * p + gc] = kit::convert<T>(static_cast<double>(acc[i][j]));
    }
  }
}
template <class T, int Tile>
__global__ void MatmulKernel(const T* a, const T* b, T* out, int64_t m, int64_t n, int64_t p, KitMatrix va,
                             KitMatrix vb, int64_t first, int vector) {
  MatmulBody<T, Tile>(KIT_THREAD, a, b, out, m, n, p, va, vb, first, vector);
}

// kVectorA when every row of a's panels starts on 16 bytes and holds whole float4s (unit
// stride along k, row and batch strides and n multiples of 4, an aligned start); kVectorB the
// same for b along its columns. Only float32 128×128 tiles use them.
template <class T>
static int vectorFlags(const T* a, const T* b, int64_t n, int64_t p, KitMatrix va, KitMatrix vb) {
  const auto aligned = [](const T* base, int64_t offset) {
    return reinterpret_cast<uintptr_t>(base + offset) % 16 == 0;
  };
  int flags = 0;
  if (va.col == 1 && va.row % 4 == 0 && va.batch % 4 == 0 && n % 4 == 0 && aligned(a, va.offset)) flags |= kVectorA;
  if (vb.col == 1 && vb.row % 4 == 0 && vb.batch % 4 == 0 && p % 4 == 0 && aligned(b, vb.offset)) flags |= kVectorB;
  return flags;
}

// The big tile when both sides of out fill it, for float32 and float64. int32 (and bool)
// accumulate in float64 through conversions and would spill registers at 8×8 a thread
// (ptxas at sm_90: 255 registers and 56 bytes of spills); they keep the small tile.
template <class T>
inline bool bigTiles(int64_t m, int64_t p) {
  return std::is_floating_point<T>::value && m >= 128 && p >= 128;
}

// The launch for `count` stacked matrices (count ≤ 65535, CUDA's limit on grid.z): every
// tile of an m×p output along grid.x.
template <class T, int Tile>
static kit::Launch matmulLaunchOf(int64_t count, int64_t m, int64_t p) {
  using A = typename Accumulator<T>::type;
  const int64_t tiles = (m + Tile - 1) / Tile * ((p + Tile - 1) / Tile);
  return kit::Launch{dim3(kit::gridBlocks(tiles), 1, kit::gridBlocks(count)), dim3(kSide, kSide),
                     Shape<Tile>::template sharedBytes<A>(), true};
}

template <class T>
static kit::Launch matmulLaunch(int64_t count, int64_t m, int64_t p) {
  if constexpr (std::is_floating_point<T>::value) {
    if (bigTiles<T>(m, p)) return matmulLaunchOf<T, 128>(count, m, p);
  }
  return matmulLaunchOf<T, 64>(count, m, p);
}

// What MatmulLaunch reports: `cfg` in `info`, and whether CUDA would accept it.
static cudaError_t describeLaunch(const kit::Launch& cfg, KitLaunchInfo* info) {
  *info = KitLaunchInfo{{cfg.grid.x, cfg.grid.y, cfg.grid.z}, {cfg.block.x, cfg.block.y, cfg.block.z}, cfg.shared};
  return kit::launchError(cfg);
}

// Launches the kernel of the tile matmulLaunch chose (only floats are built with the big one).
template <class T>
static cudaError_t launchTiles(const kit::Launch& cfg, const T* a, const T* b, T* out, int64_t m, int64_t n, int64_t p,
                               KitMatrix va, KitMatrix vb, int64_t first, int vector) {
  if constexpr (std::is_floating_point<T>::value) {
    if (bigTiles<T>(m, p)) return kit::launch(MatmulKernel<T, 128>, cfg, a, b, out, m, n, p, va, vb, first, vector);
  }
  return kit::launch(MatmulKernel<T, 64>, cfg, a, b, out, m, n, p, va, vb, first, vector);
}

template <class T>
static cudaError_t matmulBatched(const void* av, const void* bv, void* outv, int64_t batch, int64_t m, int64_t n,
                                 int64_t p, KitMatrix va, KitMatrix vb) {
  const T* a = static_cast<const T*>(av);
  const T* b = static_cast<const T*>(bv);
  T* out = static_cast<T*>(outv);
  const int64_t kMaxZ = kit::kMaxGridYZ;
  const int vector = vectorFlags(a, b, n, p, va, vb);
  for (int64_t first = 0; first < batch; first += kMaxZ) {
    const int64_t count = batch - first < kMaxZ ? batch - first : kMaxZ;
    const kit::Launch cfg = matmulLaunch<T>(count, m, p);
    const cudaError_t err = launchTiles<T>(cfg, a, b, out, m, n, p, va, vb, first, vector);
    if (err != cudaSuccess) return err;
  }
  return cudaSuccess;
}

extern "C" {

cudaError_t Matmul(const void* a, const void* b, void* out, int dtype, int64_t m, int64_t n, int64_t p, KitMatrix va,
                   KitMatrix vb) {
  KIT_DISPATCH(dtype, T, return matmulBatched<T>(a, b, out, 1, m, n, p, va, vb));
}

cudaError_t MatmulBatched(const void* a, const void* b, void* out, int dtype, int64_t batch, int64_t m, int64_t n,
                          int64_t p, KitMatrix va, KitMatrix vb) {
  KIT_DISPATCH(dtype, T, return matmulBatched<T>(a, b, out, batch, m, n, p, va, vb));
}

cudaError_t MatmulLaunch(int dtype, int64_t count, int64_t m, int64_t p, KitLaunchInfo* info) {
  KIT_DISPATCH(dtype, T, return describeLaunch(matmulLaunch<T>(count, m, p), info));
}

}  // extern "C"
