// The emulation layer: what the .cu files need from CUDA, for a build with no GPU.
//
// The emulation addon (`npm run build:cuda -- --emulate`) compiles the very same .cu files
// with the host C++ compiler and -DKIT_EMULATE. This header stands in for the CUDA runtime:
// the execution-space keywords become nothing, dim3/uint3 are plain structs, device memory
// is host memory with guard bytes around it, and a kernel launch is a CPU loop over the
// launch's grid and block (see emulate.cc). Kernels that call syncThreads() run each thread
// of a block as a fiber, so a barrier really waits for every thread of the block, and a
// barrier that not every thread of the block meets is a failed launch rather than a hang.
#pragma once
#ifndef KIT_EMULATE
#error "emulate.h is only for the emulation build (-DKIT_EMULATE)"
#endif

#include <cstddef>
#include <cstdint>

#define __host__
#define __device__
#define __global__
#define __forceinline__ inline

struct uint3 {
  unsigned x, y, z;
};

// CUDA's 16-byte vector of four floats (vector_types.h), for vectorised loads.
struct alignas(16) float4 {
  float x, y, z, w;
};

struct dim3 {
  unsigned x, y, z;
  constexpr dim3(unsigned x_ = 1, unsigned y_ = 1, unsigned z_ = 1) : x(x_), y(y_), z(z_) {}
};

// The subset of cudaError_t the kit can meet; the codes are CUDA's own.
enum cudaError_t {
  cudaSuccess = 0,
  cudaErrorInvalidValue = 1,
  cudaErrorMemoryAllocation = 2,
  cudaErrorInvalidConfiguration = 9,
  cudaErrorIllegalAddress = 700,
  cudaErrorLaunchFailure = 719,
};

enum cudaMemcpyKind { cudaMemcpyHostToDevice = 1, cudaMemcpyDeviceToHost = 2 };

// Streams and events: the emulator runs everything at once, in order, so both are tokens.
typedef struct KitEmulatedStream* cudaStream_t;
typedef struct KitEmulatedEvent* cudaEvent_t;
constexpr unsigned cudaEventDisableTiming = 2;

struct cudaDeviceProp {
  char name[256];
  size_t totalGlobalMem;
  int major;
  int minor;
};

// The fake runtime (emulate.cc): the calls buffer.cu makes, with CUDA's names and meaning.
cudaError_t cudaMalloc(void** ptr, size_t bytes);
cudaError_t cudaFree(void* ptr);
cudaError_t cudaMemset(void* ptr, int value, size_t bytes);
cudaError_t cudaMemcpy(void* dst, const void* src, size_t bytes, cudaMemcpyKind kind);
cudaError_t cudaMemcpyAsync(void* dst, const void* src, size_t bytes, cudaMemcpyKind kind, cudaStream_t stream);
cudaError_t cudaMallocHost(void** ptr, size_t bytes);
cudaError_t cudaFreeHost(void* ptr);
cudaError_t cudaEventCreateWithFlags(cudaEvent_t* event, unsigned flags);
cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t stream);
cudaError_t cudaEventSynchronize(cudaEvent_t event);
cudaError_t cudaGetDeviceCount(int* count);
cudaError_t cudaGetDeviceProperties(cudaDeviceProp* prop, int device);
cudaError_t cudaDriverGetVersion(int* version);
cudaError_t cudaRuntimeGetVersion(int* version);
cudaError_t cudaDeviceSynchronize();
cudaError_t cudaGetLastError();
const char* cudaGetErrorName(cudaError_t error);
const char* cudaGetErrorString(cudaError_t error);

namespace emu {

// The built-in variables of the thread now running (set by run() before each call).
extern thread_local uint3 blockIdx;
extern thread_local uint3 threadIdx;
extern thread_local dim3 blockDim;
extern thread_local dim3 gridDim;
extern thread_local unsigned char* sharedMemory;
// The __global__ function now running (set by the kernel through KIT_THREAD), for messages.
extern thread_local const char* kernelName;

// Where a kernel body calls syncThreads(): two calls are the same barrier when they share it.
struct Site {
  const char* file;
  int line;
};

// Runs `body(arg)` once per thread of the grid, blocks in row-major (z, y, x) order. With
// `barriers`, the threads of a block are fibers and barrier() switches between them;
// without, they run one after another to completion. kit::launch() has already checked
// the configuration against CUDA's limits. Returns cudaErrorLaunchFailure, with the reason
// for takeFailure(), when the threads of a block do not meet at their barriers (some reach a
// syncThreads() that others skip, reach it more often, or wait at different ones), or when
// a kernel launched without `barriers` calls syncThreads().
cudaError_t run(dim3 grid, dim3 block, size_t sharedBytes, bool barriers, void (*body)(void*), void* arg);

// __syncthreads() at `site`: returns once every thread of the block has reached it.
void barrier(Site site);

// CUDA's warp size: lanes are numbered by the linear thread index (x fastest), 32 to a warp.
constexpr unsigned kWarpSize = 32;

// __shfl_down_sync(mask, v, delta, width) at `site`, on the 64 bits of `v`: returns the `bits`
// of lane (lane + delta) when that lane is in the same `width`-lane segment of the warp,
// else the caller's own, as CUDA documents it. Every lane of the warp must call it together
// (the emulator takes only the full-warp mask 0xffffffff, and a warp of 32 threads); it is a
// failed launch otherwise, or in a kernel launched without `barriers`.
uint64_t shuffleDown(unsigned mask, uint64_t bits, unsigned delta, unsigned width, Site site);

// Copies why the last launch failed (naming the kernel, the block and the threads; "" when
// it did not) into `out`, NUL-terminated and cut to `capacity`, and forgets it, so the
// reason never outlives the error it explains. Returns its full length.
size_t takeFailure(char* out, size_t capacity);

// cudaErrorIllegalAddress when a kernel wrote into the guard bytes around `ptr` (an
// allocation from cudaMalloc), else cudaSuccess.
cudaError_t checkGuards(const void* ptr);

// Hands out the first `bytes` of the cudaMalloc block at `ptr` (at most its size) as a
// buffer of its own, as the caching allocator does with a block of a larger size class: the
// bytes past `bytes` become guard bytes, and the data garbage (0xFF bytes: NaN in a float,
// -1 in an int32, 255 in a bool), so reading memory nobody wrote shows as a wrong value.
void setLength(void* ptr, size_t bytes);

}  // namespace emu
