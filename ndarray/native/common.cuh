// What every kernel family shares: the Thread a kernel body runs as, the launch helper,
// dtype dispatch, and the value conversions that make the CUDA kernels store exactly what
// the cpu device's typed arrays store.
//
// A kernel is written in two parts, so the same code runs on a GPU and in the emulation
// build (emulate.h):
//
//   template <class T> __host__ __device__ void FillBody(const Thread& t, T* out, T v, int64_t n) {
//     const int64_t i = t.globalX();
//     if (i < n) out[i] = v;
//   }
//   template <class T> __global__ void FillKernel(T* out, T v, int64_t n) { FillBody(KIT_THREAD, out, v, n); }
//
// The body is a function of its block and thread indices (`Thread`); the __global__
// wrapper only hands it the built-in variables. launch() runs the wrapper with <<<>>> on a
// GPU, or as a CPU loop over the same grid and block in the emulation build.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "launchers.h"

#ifdef KIT_EMULATE
// __func__ is the __global__ wrapper's name: the emulator names it when a launch goes wrong.
#define KIT_THREAD (::kit::emulatedThread(__func__))
#else
#include <cuda_runtime.h>
// Dynamic shared memory: each launch says how many bytes its block gets (Launch::shared).
extern __shared__ __align__(16) unsigned char kitShared[];
#define KIT_THREAD (::kit::Thread{blockIdx, threadIdx, blockDim, gridDim, kitShared})
#endif

namespace kit {

// Which thread a kernel body runs as, and its block's shared memory.
struct Thread {
  uint3 block;
  uint3 thread;
  dim3 blockDim;
  dim3 gridDim;
  unsigned char* shared;

  // The usual flat index of a 1-D launch: block.x · blockDim.x + thread.x.
  __host__ __device__ int64_t globalX() const {
    return static_cast<int64_t>(block.x) * blockDim.x + thread.x;
  }
};

#ifdef KIT_EMULATE
// The Thread the emulator is running now, inside the kernel `kernel`.
inline Thread emulatedThread(const char* kernel) {
  ::emu::kernelName = kernel;
  return Thread{::emu::blockIdx, ::emu::threadIdx, ::emu::blockDim, ::emu::gridDim, ::emu::sharedMemory};
}

// __syncthreads() when emulated: a fiber switch. The default arguments are the caller's
// file and line, so the emulator can tell two different barriers apart and say where each is.
inline void syncThreads(const char* file = __builtin_FILE(), int line = __builtin_LINE()) {
  ::emu::barrier(::emu::Site{file, line});
}
#else
// __syncthreads() for a kernel body.
__host__ __device__ inline void syncThreads() {
#if defined(__CUDA_ARCH__)
  __syncthreads();
#endif
}
#endif

// __shfl_down_sync with the full-warp mask, for any value of at most 8 bytes: lane i gets
// lane i + delta's `v` when that lane is in its `width`-lane segment, else its own. Every lane
// of the warp must call it together, in a launch with `barriers` (the emulator runs the lanes
// as fibers and checks both; emulate.h).
#ifdef KIT_EMULATE
template <class T>
inline T shflDown(T v, unsigned delta, unsigned width = 32, const char* file = __builtin_FILE(), int line = __builtin_LINE()) {
  static_assert(sizeof(T) <= 8, "shflDown moves at most 8 bytes");
  uint64_t bits = 0;
  __builtin_memcpy(&bits, &v, sizeof v);
  bits = ::emu::shuffleDown(0xFFFFFFFFu, bits, delta, width, ::emu::Site{file, line});
  __builtin_memcpy(&v, &bits, sizeof v);
  return v;
}
#else
template <class T>
__host__ __device__ inline T shflDown(T v, unsigned delta, unsigned width = 32) {
  static_assert(sizeof(T) <= 8, "shflDown moves at most 8 bytes");
#if defined(__CUDA_ARCH__)
  unsigned long long bits = 0;
  memcpy(&bits, &v, sizeof v);
  bits = __shfl_down_sync(0xFFFFFFFFu, bits, delta, width);
  memcpy(&v, &bits, sizeof v);
#else
  (void)delta;
  (void)width;
#endif
  return v;
}
#endif

// A launch configuration. `barriers` says the kernel calls syncThreads() or shflDown() (the
// emulator then runs the block's threads as fibers; a GPU ignores it).
struct Launch {
  dim3 grid;
  dim3 block;
  size_t shared;
  bool barriers;
};

constexpr unsigned kThreads = 256;

// CUDA's limits on a launch (every compute capability the addon targets): grid.x up to
// 2³¹ − 1 blocks but grid.y and grid.z only up to 65535, which is why a kernel whose block
// count grows with an array's size puts it on x; at most 1024 threads a block, 64 along z;
// 48 KiB of dynamic shared memory without opting in.
constexpr int64_t kMaxGridX = 2147483647;
constexpr int64_t kMaxGridYZ = 65535;

// A block count as a grid dimension; a count past what a dim3 holds stays past every limit,
// so launchError() refuses it rather than the launch silently covering fewer blocks.
inline unsigned gridBlocks(int64_t blocks) {
  return blocks > 0xFFFFFFFFll ? 0xFFFFFFFFu : static_cast<unsigned>(blocks);
}

// cudaErrorInvalidConfiguration when `cfg` breaks one of CUDA's limits, else cudaSuccess.
inline cudaError_t launchError(const Launch& cfg) {
  const unsigned long long threads = 1ull * cfg.block.x * cfg.block.y * cfg.block.z;
  const bool ok = threads > 0 && threads <= 1024 && cfg.block.z <= 64 && cfg.grid.x <= kMaxGridX &&
                  cfg.grid.y <= kMaxGridYZ && cfg.grid.z <= kMaxGridYZ && cfg.shared <= 48 * 1024;
  return ok ? cudaSuccess : cudaErrorInvalidConfiguration;
}

// One thread per element: ceil(size / 256) blocks of 256 threads along x.
inline Launch oneDim(int64_t size) {
  return Launch{dim3(gridBlocks((size + kThreads - 1) / kThreads)), dim3(kThreads), 0, false};
}

// Launches `kernel` with `args`. An empty grid (a size-0 array) launches nothing; a launch
// past CUDA's limits is refused with cudaErrorInvalidConfiguration, as CUDA itself would.
template <typename... P, typename... A>
cudaError_t launch(void (*kernel)(P...), const Launch& cfg, A... args) {
  if (cfg.grid.x == 0 || cfg.grid.y == 0 || cfg.grid.z == 0) return cudaSuccess;
  const cudaError_t invalid = launchError(cfg);
  if (invalid != cudaSuccess) return invalid;
  KitCountLaunch();
#ifdef KIT_EMULATE
  auto call = [&]() { kernel(static_cast<P>(args)...); };
  using Call = decltype(call);
  return ::emu::run(cfg.grid, cfg.block, cfg.shared, cfg.barriers,
                    [](void* c) { (*static_cast<Call*>(c))(); }, &call);
#else
  kernel<<<cfg.grid, cfg.block, cfg.shared>>>(static_cast<P>(args)...);
  return cudaGetLastError();
#endif
}

// ---------------------------------------------------------------- values

__host__ __device__ inline bool isNan(double x) { return x != x; }
__host__ __device__ inline bool isFinite(double x) { return x - x == 0.0; }

// What a JS typed array stores when assigned the number `v` (ECMAScript ToInt32, ToUint8,
// and rounding to float32): the cpu device's kernels compute in float64 and store through
// a typed array, so storing through convert<T> gives the same elements.
template <class T>
__host__ __device__ inline T convert(double v);

template <>
__host__ __device__ inline float convert<float>(double v) {
  return static_cast<float>(v);
}
template <>
__host__ __device__ inline double convert<double>(double v) {
  return v;
}
template <>
__host__ __device__ inline int32_t convert<int32_t>(double v) {
  if (v > -2147483649.0 && v < 2147483648.0) return static_cast<int32_t>(v);  // truncates
  if (!isFinite(v)) return 0;
  double m = ::fmod(::trunc(v), 4294967296.0);
  if (m < 0) m += 4294967296.0;
  if (m >= 2147483648.0) m -= 4294967296.0;
  return static_cast<int32_t>(m);
}
template <>
__host__ __device__ inline uint8_t convert<uint8_t>(double v) {
  if (v >= 0 && v < 256.0) return static_cast<uint8_t>(v);
  if (!isFinite(v)) return 0;
  double m = ::fmod(::trunc(v), 256.0);
  if (m < 0) m += 256.0;
  return static_cast<uint8_t>(m);
}

template <class T>
struct IsBool {
  static constexpr bool value = false;
};
template <>
struct IsBool<uint8_t> {
  static constexpr bool value = true;
};

// Casting one element from In to Out, as compact/astype does: into bool, any non-zero
// value (NaN included) is 1; otherwise the typed-array store above.
template <class Out, class In>
__host__ __device__ inline Out castValue(In v) {
  if (IsBool<Out>::value && !IsBool<In>::value) return static_cast<Out>(v != 0 ? 1 : 0);
  return convert<Out>(static_cast<double>(v));
}

}  // namespace kit

// Runs the statement `body` with `T` bound to the C++ type of the kit dtype `code`
// (KitDType); an unknown code returns cudaErrorInvalidValue from the enclosing launcher.
#define KIT_DISPATCH(code, T, body)                         \
  switch (code) {                                           \
    case KIT_FLOAT32: {                                     \
      using T = float;                                      \
      body;                                                 \
    }                                                       \
    case KIT_FLOAT64: {                                     \
      using T = double;                                     \
      body;                                                 \
    }                                                       \
    case KIT_INT32: {                                       \
      using T = int32_t;                                    \
      body;                                                 \
    }                                                       \
    case KIT_BOOL: {                                        \
      using T = uint8_t;                                    \
      body;                                                 \
    }                                                       \
    default:                                                \
      return cudaErrorInvalidValue;                         \
  }
