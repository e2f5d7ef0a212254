// The plain C interface between the Node-API glue (binding.cc, ordinary C++) and the
// kernels (*.cu, compiled by nvcc). Every launcher returns a cudaError_t; every buffer is a
// raw device pointer plus a dtype code and an element count. The names follow the kernel
// table: kernel key `ewiseAdd` → launcher `EwiseAdd` → CUDA kernel `EwiseAddKernel`.
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef KIT_EMULATE
#include "emulate.h"
#else
#include <cuda_runtime_api.h>
#endif

// dtype codes, as ndarray/devices/cuda/buffer.ts sends them.
enum KitDType { KIT_FLOAT32 = 0, KIT_FLOAT64 = 1, KIT_INT32 = 2, KIT_BOOL = 3 };

#define KIT_MAX_DIMS 8

// A strided view, by value: element k (row-major over `shape`) lives at
// offset + Σ index_d(k) · strides[d]. `size` is the product of `shape`.
typedef struct {
  int32_t ndim;
  int64_t shape[KIT_MAX_DIMS];
  int64_t strides[KIT_MAX_DIMS];
  int64_t offset;
  int64_t size;
} KitView;

// The inputs of an element-wise kernel, read where they lie: element k of the output
// (row-major over `shape`, the output's shape) is element offset[i] + Σ index_d(k)·strides[i][d]
// of input i. A broadcast input has stride 0 along the broadcast axes. Axes that walk memory
// as one for every input arrive merged, so most calls have one or two.
typedef struct {
  int32_t ndim;
  int64_t shape[KIT_MAX_DIMS];
  int64_t strides[2][KIT_MAX_DIMS];
  int64_t offset[2];
  int64_t size;
} KitInputs;

// A reduction's input, read where it lies: out[o] combines the r elements
// offset + walk(kept, o) + walk(reduced, j), j = 0 … r−1, where walk(axes, k) is Σ index_d(k)·stride_d
// over those axes (row-major). Axes that walk memory as one arrive merged.
typedef struct {
  int32_t keptDims;
  int64_t keptShape[KIT_MAX_DIMS];
  int64_t keptStrides[KIT_MAX_DIMS];
  int32_t reducedDims;
  int64_t reducedShape[KIT_MAX_DIMS];
  int64_t reducedStrides[KIT_MAX_DIMS];
  int64_t offset;
  int64_t outer;  // the product of keptShape
  int64_t r;      // the product of reducedShape
} KitReduceView;

// A matmul operand read where it lies: element (t, i, j) of its batch of matrices is at
// offset + t·batch + i·row + j·col.
typedef struct {
  int64_t batch;
  int64_t row;
  int64_t col;
  int64_t offset;
} KitMatrix;

// What the device probe reports: how many devices, and the first one's name and capability.
typedef struct {
  int count;
  char name[256];
  int major;
  int minor;
  size_t totalMemory;
  int driverVersion;
  int runtimeVersion;
  int emulated;
} KitDeviceInfo;

// A kernel's launch configuration, as MatmulLaunch reports it for the tests.
typedef struct {
  unsigned grid[3];
  unsigned block[3];
  size_t sharedBytes;
} KitLaunchInfo;

// What the addon has done since it was loaded (allocator.cc counts; `stats()` in JS): the
// figures the tests and gpu:check read to show what an op costs besides its arithmetic.
typedef struct {
  uint64_t launches;      // kernels launched (kit::launch calls that reached the GPU)
  uint64_t mallocs;       // cudaMalloc calls
  uint64_t frees;         // cudaFree calls
  uint64_t reuses;        // blocks handed out again from the cache
  uint64_t releases;      // blocks given back
  uint64_t hostCopies;    // copies between host and device
  uint64_t stagedCopies;  // of those, the ones staged through pinned buffers
  uint64_t liveBytes;     // bytes in blocks handed out now (whole size classes)
  uint64_t cachedBytes;   // bytes in free blocks kept for reuse
  uint64_t peakBytes;     // the most liveBytes has been
} KitMemoryStats;

#ifdef __cplusplus
extern "C" {
#endif

// ---- allocator.cc: the counters, and the cache
void KitCountLaunch(void);
void KitStats(KitMemoryStats* out);
// Returns every cached block to CUDA.
cudaError_t KitEmptyCache(void);

// ---- buffer.cu: memory and status
cudaError_t KitProbe(KitDeviceInfo* info);
const char* KitErrorName(cudaError_t error);
const char* KitErrorString(cudaError_t error);
// Copies the emulator's reason for the last failed launch into `out` (NUL-terminated, cut
// to `capacity`) and forgets it; returns its length, 0 on a GPU, which has no such reason.
size_t KitTakeErrorDetail(char* out, size_t capacity);
// Emulation only: cudaErrorIllegalAddress when a kernel wrote outside the buffer at `ptr`.
cudaError_t KitCheckGuards(const void* ptr);
// Waits for every launched kernel; returns the first asynchronous error.
cudaError_t KitSynchronize(void);
// A block of `bytes` from the caching allocator, not zero-filled (the JS side fills it when
// something reads it before a kernel has written all of it).
cudaError_t Alloc(void** out, size_t bytes);
cudaError_t FromTypedArray(void** out, const void* host, size_t bytes);
cudaError_t ToTypedArray(void* host, const void* device, size_t bytes);
cudaError_t Free(void* ptr);
cudaError_t Fill(void* out, int dtype, int64_t size, double value);

// ---- strided.cu: strided view ↔ compact buffer, casting between dtypes
cudaError_t Compact(const void* a, int aDtype, void* out, int outDtype, KitView view);
cudaError_t EwiseSetitem(const void* a, int aDtype, void* out, int outDtype, KitView view);
cudaError_t ScalarSetitem(double value, void* out, int outDtype, KitView view);

// ---- gather.cu: out (outer × count × inner, compact) takes rows indices[k] (int32, each in
// [0, n)) of the middle axis of compact a (outer × n × inner); a and out share `dtype`
cudaError_t Take(const void* a, const void* indices, void* out, int dtype, int64_t outer, int64_t n, int64_t count,
                 int64_t inner);

// ---- ewise.cu: element-wise ops of inputs of `dtype` read as KitInputs says, into a
// compact `out` of `dtype` (comparisons: bool)
#define KIT_BINARY_LAUNCHERS(Name)                                                          \
  cudaError_t Ewise##Name(const void* a, const void* b, void* out, int dtype, KitInputs v); \
  cudaError_t Scalar##Name(const void* a, double value, void* out, int dtype, KitInputs v);
KIT_BINARY_LAUNCHERS(Add)
KIT_BINARY_LAUNCHERS(Sub)
KIT_BINARY_LAUNCHERS(Mul)
KIT_BINARY_LAUNCHERS(Div)
KIT_BINARY_LAUNCHERS(Pow)
KIT_BINARY_LAUNCHERS(Maximum)
KIT_BINARY_LAUNCHERS(Minimum)
KIT_BINARY_LAUNCHERS(Eq)
KIT_BINARY_LAUNCHERS(Ne)
KIT_BINARY_LAUNCHERS(Lt)
KIT_BINARY_LAUNCHERS(Le)
KIT_BINARY_LAUNCHERS(Gt)
KIT_BINARY_LAUNCHERS(Ge)
#undef KIT_BINARY_LAUNCHERS

#define KIT_UNARY_LAUNCHER(Name) cudaError_t Ewise##Name(const void* a, void* out, int dtype, KitInputs v);
KIT_UNARY_LAUNCHER(Neg)
KIT_UNARY_LAUNCHER(Abs)
KIT_UNARY_LAUNCHER(Sign)
KIT_UNARY_LAUNCHER(Exp)
KIT_UNARY_LAUNCHER(Log)
KIT_UNARY_LAUNCHER(Sqrt)
KIT_UNARY_LAUNCHER(Tanh)
KIT_UNARY_LAUNCHER(Sin)
KIT_UNARY_LAUNCHER(Cos)
KIT_UNARY_LAUNCHER(Erf)
#undef KIT_UNARY_LAUNCHER

// where: every buffer compact, `size` elements
cudaError_t EwiseWhere(const void* cond, const void* a, const void* b, void* out, int dtype, int64_t size);

// ---- reduce.cu: out[o] reduces row o of the view (argmax/argmin write int32, the others `dtype`)
cudaError_t ReduceSum(const void* a, void* out, int dtype, KitReduceView v);
cudaError_t ReduceProd(const void* a, void* out, int dtype, KitReduceView v);
cudaError_t ReduceMax(const void* a, void* out, int dtype, KitReduceView v);
cudaError_t ReduceMin(const void* a, void* out, int dtype, KitReduceView v);
cudaError_t ReduceArgmax(const void* a, void* out, int dtype, KitReduceView v);
cudaError_t ReduceArgmin(const void* a, void* out, int dtype, KitReduceView v);

// ---- scan.cu: running sums of each of `outer` rows of `r` elements, into `out` of `dtype`
cudaError_t Cumsum(const void* a, void* out, int dtype, int64_t outer, int64_t r);

// ---- sort.cu: the stable ascending sort permutation of each row (NaN last), into int32 `out`
cudaError_t Argsort(const void* a, void* out, int dtype, int64_t outer, int64_t r);

// ---- matmul.cu: out (m×p, compact) = a (m×n) · b (n×p), `batch` stacked matrices, a and b read as va and vb say
cudaError_t Matmul(const void* a, const void* b, void* out, int dtype, int64_t m, int64_t n, int64_t p, KitMatrix va,
                   KitMatrix vb);
cudaError_t MatmulBatched(const void* a, const void* b, void* out, int dtype, int64_t batch, int64_t m, int64_t n,
                          int64_t p, KitMatrix va, KitMatrix vb);
// The configuration Matmul launches for `count` (at most 65535) stacked m×p outputs, and
// cudaErrorInvalidConfiguration when it breaks CUDA's limits.
cudaError_t MatmulLaunch(int dtype, int64_t count, int64_t m, int64_t p, KitLaunchInfo* info);

#ifdef KIT_EMULATE
// ---- divergent.cu (emulation build only): a kernel that meets its barriers as `mode` says
// (KitBarrierMode), writing 2 blocks × 64 int32 into `out`, so the tests can check the emulator.
typedef enum {
  KIT_BARRIER_UNIFORM = 0,     // every thread meets every barrier (runs)
  KIT_BARRIER_SKIPPED = 1,     // half the threads return before the barrier
  KIT_BARRIER_REPEATED = 2,    // a barrier in a loop some threads go round more often
  KIT_BARRIER_BRANCHES = 3,    // even and odd threads wait at barriers in the two arms of an if
  KIT_BARRIER_UNFLAGGED = 4,   // a uniform barrier in a kernel launched without `barriers`
} KitBarrierMode;
cudaError_t KitDivergentBarrier(int mode, void* out);

// ---- warps.cu (emulation build only): one block of 64 threads, out[x] = kit::shflDown(x², delta,
// width) (64 int32), every lane shuffling (KIT_SHUFFLE_FULL) or the odd lanes of the second
// warp skipping it (KIT_SHUFFLE_PARTIAL, which the emulator refuses).
typedef enum { KIT_SHUFFLE_FULL = 0, KIT_SHUFFLE_PARTIAL = 1 } KitShuffleMode;
cudaError_t KitWarpShuffle(int mode, unsigned delta, unsigned width, void* out);
#endif

#ifdef __cplusplus
}
#endif
