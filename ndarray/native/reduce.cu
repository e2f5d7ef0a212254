// Reductions over a view (KitReduceView): out[o] combines row o, the r elements of the
// reduced axes at output position o, read where they lie (a sum over axis 0 reads the
// array as it is; nothing is permuted into a copy first).
//
// Two shapes of launch, chosen on the host:
//
// - Columns: when the reduced axes do not run along memory but the outputs do (a sum over
//   axis 0, a mean over the batch), one thread per output walks its row in order, and
//   neighbouring threads read neighbouring elements, so every load is coalesced. No
//   barrier, no shared memory; the order of the additions is the cpu device's.
// - Rows: a block of one warp (rows up to 256 elements) or eight warps reduces a row, each
//   thread folding every blockDim-th element, then the warps reduce with shuffles
//   (__shfl_down_sync, five steps, no shared memory and no barrier) and their eight results
//   once more through shared memory. A few long rows (a full sum()) are split across many
//   blocks, so the whole GPU works on them: each block writes its partial State to a scratch
//   buffer and a second launch reduces each row's partials the same way.
//
// Sums and products accumulate in float64 whatever the dtype. Max/min and argmax/argmin keep
// (value, index) and prefer, on a tie, the lower index, and a NaN over any number: the result
// is the first NaN if there is one, else the first extreme value, exactly what the cpu
// device's sequential scan returns, whatever order the threads combine in.
#include "allocator.h"
#include "common.cuh"

using kit::isNan;
using kit::Thread;

struct SumOp {
  struct State {
    double sum;
  };
  __host__ __device__ static State identity() { return State{0.0}; }
  __host__ __device__ static State element(double v, int64_t) { return State{v}; }
  __host__ __device__ static State combine(State a, State b) { return State{a.sum + b.sum}; }
  __host__ __device__ static State shuffled(State s, unsigned delta) { return State{kit::shflDown(s.sum, delta)}; }
  template <class O>
  __host__ __device__ static O result(State s) {
    return kit::convert<O>(s.sum);
  }
};

struct ProdOp {
  struct State {
    double prod;
  };
  __host__ __device__ static State identity() { return State{1.0}; }
  __host__ __device__ static State element(double v, int64_t) { return State{v}; }
  __host__ __device__ static State combine(State a, State b) { return State{a.prod * b.prod}; }
  __host__ __device__ static State shuffled(State s, unsigned delta) { return State{kit::shflDown(s.prod, delta)}; }
  template <class O>
  __host__ __device__ static O result(State s) {
    return kit::convert<O>(s.prod);
  }
};

// Max/min with their index; `Greater` picks which extreme, `Index` whether to return it.
template <bool Greater, bool Index>
struct ExtremeOp {
  struct State {
    double value;
    int64_t index;  // -1: no element seen yet
  };
  __host__ __device__ static State identity() { return State{0.0, -1}; }
  __host__ __device__ static State element(double v, int64_t j) { return State{v, j}; }
  __host__ __device__ static State combine(State a, State b) {
    if (a.index < 0) return b;
    if (b.index < 0) return a;
    const bool an = isNan(a.value), bn = isNan(b.value);
    const State& first = a.index < b.index ? a : b;
    if (an || bn) return an && bn ? first : an ? a : b;
    if (Greater ? b.value > a.value : b.value < a.value) return b;
    if (Greater ? a.value > b.value : a.value < b.value) return a;
    return first;
  }
  __host__ __device__ static State shuffled(State s, unsigned delta) {
    return State{kit::shflDown(s.value, delta), kit::shflDown(s.index, delta)};
  }
  template <class O>
  __host__ __device__ static O result(State s) {
    return Index ? static_cast<O>(s.index) : kit::convert<O>(s.value);
  }
};

using MaxOp = ExtremeOp<true, false>;
using MinOp = ExtremeOp<false, false>;
using ArgmaxOp = ExtremeOp<true, true>;
using ArgminOp = ExtremeOp<false, true>;

// Σ index_d(k)·strides[d] over `dims` row-major axes.
__host__ __device__ inline int64_t walk(int dims, const int64_t* shape, const int64_t* strides, int64_t k) {
  if (dims == 1) return k * strides[0];
  int64_t pos = 0;
  for (int d = dims - 1; d >= 0; --d) {
    pos += (k % shape[d]) * strides[d];
    k /= shape[d];
  }
  return pos;
}

__host__ __device__ inline int64_t rowStart(const KitReduceView& v, int64_t row) {
  return v.offset + walk(v.keptDims, v.keptShape, v.keptStrides, row);
}

__host__ __device__ inline int64_t inRow(const KitReduceView& v, int64_t j) {
  return walk(v.reducedDims, v.reducedShape, v.reducedStrides, j);
}

constexpr unsigned kWarp = 32;

// The State of the 32 lanes of each warp combined, in lane 0.
template <class Op>
__host__ __device__ typename Op::State warpReduce(typename Op::State s) {
  for (unsigned delta = kWarp / 2; delta > 0; delta /= 2) s = Op::combine(s, Op::shuffled(s, delta));
  return s;
}

// The State of every thread of the block combined, in thread 0. blockDim.x is a multiple of
// 32, at most 32 warps; shared memory holds one State per warp. Every warp runs the second
// shuffle (only warp 0's result is used) so that each shuffle is met by whole warps.
template <class Op>
__host__ __device__ typename Op::State blockReduce(const Thread& t, typename Op::State s) {
  using State = typename Op::State;
  const unsigned warps = t.blockDim.x / kWarp;
  s = warpReduce<Op>(s);
  if (warps == 1) return s;
  State* perWarp = reinterpret_cast<State*>(t.shared);
  if (t.thread.x % kWarp == 0) perWarp[t.thread.x / kWarp] = s;
  kit::syncThreads();
  return warpReduce<Op>(t.thread.x < warps ? perWarp[t.thread.x] : Op::identity());
}

// Rows: block b reduces elements [split·chunk, (split+1)·chunk) of row b / splits. With one
// split it writes out[row]; with more, its State into partials[b].
template <class Op, class T, class O>
__host__ __device__ void ReduceRowsBody(const Thread& t, const T* a, O* out, typename Op::State* partials,
                                        KitReduceView v, int64_t splits, int64_t chunk) {
  const int64_t row = t.block.x / splits, split = t.block.x % splits;
  const int64_t first = split * chunk, last = first + chunk < v.r ? first + chunk : v.r;
  const T* x = a + rowStart(v, row);
  typename Op::State s = Op::identity();
  for (int64_t j = first + t.thread.x; j < last; j += t.blockDim.x) {
    s = Op::combine(s, Op::element(static_cast<double>(x[inRow(v, j)]), j));
  }
  s = blockReduce<Op>(t, s);
  if (t.thread.x != 0) return;
  if (partials != nullptr) partials[t.block.x] = s;
  else out[row] = Op::template result<O>(s);
}

// The second launch of a split reduction: out[row] combines partials[row·splits …].
template <class Op, class O>
__host__ __device__ void ReducePartialsBody(const Thread& t, const typename Op::State* partials, O* out,
                                            int64_t splits) {
  const int64_t row = t.block.x;
  typename Op::State s = Op::identity();
  for (int64_t j = t.thread.x; j < splits; j += t.blockDim.x) s = Op::combine(s, partials[row * splits + j]);
  s = blockReduce<Op>(t, s);
  if (t.thread.x == 0) out[row] = Op::template result<O>(s);
}

// Columns: thread o reduces row o alone, in order.
template <class Op, class T, class O>
__host__ __device__ void ReduceColumnsBody(const Thread& t, const T* a, O* out, KitReduceView v) {
  const int64_t row = t.globalX();
  if (row >= v.outer) return;
  const T* x = a + rowStart(v, row);
  typename Op::State s = Op::identity();
  for (int64_t j = 0; j < v.r; ++j) s = Op::combine(s, Op::element(static_cast<double>(x[inRow(v, j)]), j));
  out[row] = Op::template result<O>(s);
}

template <class Op, class T, class O>
__global__ void ReduceRowsKernel(const T* a, O* out, typename Op::State* partials, KitReduceView v, int64_t splits,
                                 int64_t chunk) {
  ReduceRowsBody<Op>(KIT_THREAD, a, out, partials, v, splits, chunk);
}
template <class Op, class O>
__global__ void ReducePartialsKernel(const typename Op::State* partials, O* out, int64_t splits) {
  ReducePartialsBody<Op>(KIT_THREAD, partials, out, splits);
}
template <class Op, class T, class O>
__global__ void ReduceColumnsKernel(const T* a, O* out, KitReduceView v) {
  ReduceColumnsBody<Op>(KIT_THREAD, a, out, v);
}

// Enough blocks to fill a large GPU (132 SMs × 8 blocks) when the rows alone are too few.
constexpr int64_t kBusyBlocks = 1024;
// Below this many outputs, a thread per output leaves most of the GPU idle: rows instead.
constexpr int64_t kColumnOutputs = 256;

inline kit::Launch rowsLaunch(int64_t blocks, unsigned threads, size_t stateBytes) {
  return kit::Launch{dim3(kit::gridBlocks(blocks)), dim3(threads), threads / kWarp * stateBytes, true};
}

// Reduces `v` of `a` into `out` with Op, choosing columns, rows, or split rows.
template <class Op, class T, class O>
cudaError_t reduce(const void* av, void* outv, KitReduceView v) {
  using State = typename Op::State;
  const T* a = static_cast<const T*>(av);
  O* out = static_cast<O*>(outv);
  const bool rowsAlongMemory = v.reducedDims > 0 && v.reducedStrides[v.reducedDims - 1] == 1;
  const bool outputsAlongMemory = v.keptDims > 0 && v.keptStrides[v.keptDims - 1] == 1;
  if (!rowsAlongMemory && outputsAlongMemory && v.outer >= kColumnOutputs) {
    return kit::launch(ReduceColumnsKernel<Op, T, O>, kit::oneDim(v.outer), a, out, v);
  }
  const unsigned threads = v.r <= 256 ? kWarp : 8 * kWarp;
  int64_t splits = 1;
  if (v.outer < kBusyBlocks) {
    const int64_t byWork = (v.r + threads * 32 - 1) / (threads * 32);  // at least 32 elements a thread
    const int64_t byGpu = kBusyBlocks / v.outer;
    splits = byWork < byGpu ? byWork : byGpu;
    if (splits < 1) splits = 1;
  }
  const int64_t chunk = (v.r + splits - 1) / splits;
  if (splits > 1) splits = (v.r + chunk - 1) / chunk;
  if (splits == 1) {
    return kit::launch(ReduceRowsKernel<Op, T, O>, rowsLaunch(v.outer, threads, sizeof(State)), a, out,
                       static_cast<State*>(nullptr), v, int64_t{1}, chunk);
  }
  void* scratch = nullptr;
  cudaError_t err = kit::memory::acquire(&scratch, static_cast<size_t>(v.outer * splits) * sizeof(State));
  if (err != cudaSuccess) return err;
  State* partials = static_cast<State*>(scratch);
  err = kit::launch(ReduceRowsKernel<Op, T, O>, rowsLaunch(v.outer * splits, threads, sizeof(State)), a, out, partials, v,
                    splits, chunk);
  if (err == cudaSuccess) {
    const unsigned second = splits <= 256 ? kWarp : 8 * kWarp;
    err = kit::launch(ReducePartialsKernel<Op, O>, rowsLaunch(v.outer, second, sizeof(State)),
                      static_cast<const State*>(partials), out, splits);
  }
  // Given back at once: a later launch that reuses the block runs after these, in stream order.
  const cudaError_t released = kit::memory::release(scratch);
  return err != cudaSuccess ? err : released;
}

extern "C" {

cudaError_t ReduceSum(const void* a, void* out, int dtype, KitReduceView v) {
  KIT_DISPATCH(dtype, T, return (reduce<SumOp, T, T>(a, out, v)));
}
cudaError_t ReduceProd(const void* a, void* out, int dtype, KitReduceView v) {
  KIT_DISPATCH(dtype, T, return (reduce<ProdOp, T, T>(a, out, v)));
}
cudaError_t ReduceMax(const void* a, void* out, int dtype, KitReduceView v) {
  KIT_DISPATCH(dtype, T, return (reduce<MaxOp, T, T>(a, out, v)));
}
cudaError_t ReduceMin(const void* a, void* out, int dtype, KitReduceView v) {
  KIT_DISPATCH(dtype, T, return (reduce<MinOp, T, T>(a, out, v)));
}
cudaError_t ReduceArgmax(const void* a, void* out, int dtype, KitReduceView v) {
  KIT_DISPATCH(dtype, T, return (reduce<ArgmaxOp, T, int32_t>(a, out, v)));
}
cudaError_t ReduceArgmin(const void* a, void* out, int dtype, KitReduceView v) {
  KIT_DISPATCH(dtype, T, return (reduce<ArgminOp, T, int32_t>(a, out, v)));
}

}  // extern "C"
