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
#define KIT_THREAD (::kit::Thread{::emu::blockIdx, ::emu::threadIdx, ::emu::blockDim, ::emu::gridDim, ::emu::sharedMemory})
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

// __syncthreads() for a kernel body: a barrier on the GPU, a fiber switch when emulated.
__host__ __device__ inline void syncThreads() {
#if defined(__CUDA_ARCH__)
  __syncthreads();
#elif defined(KIT_EMULATE)
  ::emu::barrier();
#endif
}

// A launch configuration. `barriers` says the kernel calls syncThreads() (the emulator then
// runs the block's threads as fibers; a GPU ignores it).
struct Launch {
  dim3 grid;
  dim3 block;
  size_t shared;
  bool barriers;
};

constexpr unsigned kThreads = 256;

// One thread per element: ceil(size / 256) blocks of 256 threads along x.
inline Launch oneDim(int64_t size) {
  const int64_t blocks = (size + kThreads - 1) / kThreads;
  return Launch{dim3(static_cast<unsigned>(blocks)), dim3(kThreads), 0, false};
}

// Launches `kernel` with `args`. An empty grid (a size-0 array) launches nothing. A grid
// too large for CUDA's limits comes back as cudaErrorInvalidConfiguration.
template <typename... P, typename... A>
cudaError_t launch(void (*kernel)(P...), const Launch& cfg, A... args) {
  if (cfg.grid.x == 0 || cfg.grid.y == 0 || cfg.grid.z == 0) return cudaSuccess;
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
