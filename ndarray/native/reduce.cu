// Reductions over the last axis of a compact (outer × r) buffer: out[row] reduces
// a[row·r … (row+1)·r).
//
// One block per row. Each thread folds the elements j ≡ thread (mod blockDim) of its row,
// then the block combines the partial results in shared memory, halving the active
// threads at each step. Sums and products accumulate in float64 whatever the dtype. Max/min and
// argmax/argmin keep (value, index) and prefer, on a tie, the lower index, and a NaN over
// any number: the result is the first NaN if there is one, else the first extreme value,
// exactly what the cpu device's sequential scan returns.
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
  template <class O>
  __host__ __device__ static O result(State s) {
    return Index ? static_cast<O>(s.index) : kit::convert<O>(s.value);
  }
};

using MaxOp = ExtremeOp<true, false>;
using MinOp = ExtremeOp<false, false>;
using ArgmaxOp = ExtremeOp<true, true>;
using ArgminOp = ExtremeOp<false, true>;

// blockDim.x is a power of two; shared memory holds blockDim.x States.
template <class Op, class T, class O>
__host__ __device__ void ReduceBody(const Thread& t, const T* a, O* out, int64_t r) {
  using State = typename Op::State;
  State* partial = reinterpret_cast<State*>(t.shared);
  const int64_t row = t.block.x;
  const T* x = a + row * r;
  State s = Op::identity();
  for (int64_t j = t.thread.x; j < r; j += t.blockDim.x) s = Op::combine(s, Op::element(static_cast<double>(x[j]), j));
  partial[t.thread.x] = s;
  kit::syncThreads();
  for (unsigned half = t.blockDim.x / 2; half > 0; half /= 2) {
    if (t.thread.x < half) partial[t.thread.x] = Op::combine(partial[t.thread.x], partial[t.thread.x + half]);
    kit::syncThreads();
  }
  if (t.thread.x == 0) out[row] = Op::template result<O>(partial[0]);
}

template <class T>
__global__ void ReduceSumKernel(const T* a, T* out, int64_t r) { ReduceBody<SumOp>(KIT_THREAD, a, out, r); }
template <class T>
__global__ void ReduceProdKernel(const T* a, T* out, int64_t r) { ReduceBody<ProdOp>(KIT_THREAD, a, out, r); }
template <class T>
__global__ void ReduceMaxKernel(const T* a, T* out, int64_t r) { ReduceBody<MaxOp>(KIT_THREAD, a, out, r); }
template <class T>
__global__ void ReduceMinKernel(const T* a, T* out, int64_t r) { ReduceBody<MinOp>(KIT_THREAD, a, out, r); }
template <class T>
__global__ void ReduceArgmaxKernel(const T* a, int32_t* out, int64_t r) { ReduceBody<ArgmaxOp>(KIT_THREAD, a, out, r); }
template <class T>
__global__ void ReduceArgminKernel(const T* a, int32_t* out, int64_t r) { ReduceBody<ArgminOp>(KIT_THREAD, a, out, r); }

// One block per row, as many threads as the smallest power of two ≥ r (at most 256).
template <class Op>
static kit::Launch rowsLaunch(int64_t outer, int64_t r) {
  unsigned threads = 1;
  while (threads < kit::kThreads && threads < r) threads *= 2;
  return kit::Launch{dim3(kit::gridBlocks(outer)), dim3(threads), threads * sizeof(typename Op::State), true};
}

extern "C" {

cudaError_t ReduceSum(const void* a, void* out, int dtype, int64_t outer, int64_t r) {
  KIT_DISPATCH(dtype, T, return kit::launch(ReduceSumKernel<T>, rowsLaunch<SumOp>(outer, r),
                                            static_cast<const T*>(a), static_cast<T*>(out), r));
}
cudaError_t ReduceProd(const void* a, void* out, int dtype, int64_t outer, int64_t r) {
  KIT_DISPATCH(dtype, T, return kit::launch(ReduceProdKernel<T>, rowsLaunch<ProdOp>(outer, r),
                                            static_cast<const T*>(a), static_cast<T*>(out), r));
}
cudaError_t ReduceMax(const void* a, void* out, int dtype, int64_t outer, int64_t r) {
  KIT_DISPATCH(dtype, T, return kit::launch(ReduceMaxKernel<T>, rowsLaunch<MaxOp>(outer, r),
                                            static_cast<const T*>(a), static_cast<T*>(out), r));
}
cudaError_t ReduceMin(const void* a, void* out, int dtype, int64_t outer, int64_t r) {
  KIT_DISPATCH(dtype, T, return kit::launch(ReduceMinKernel<T>, rowsLaunch<MinOp>(outer, r),
                                            static_cast<const T*>(a), static_cast<T*>(out), r));
}
cudaError_t ReduceArgmax(const void* a, void* out, int dtype, int64_t outer, int64_t r) {
  KIT_DISPATCH(dtype, T, return kit::launch(ReduceArgmaxKernel<T>, rowsLaunch<ArgmaxOp>(outer, r),
                                            static_cast<const T*>(a), static_cast<int32_t*>(out), r));
}
cudaError_t ReduceArgmin(const void* a, void* out, int dtype, int64_t outer, int64_t r) {
  KIT_DISPATCH(dtype, T, return kit::launch(ReduceArgminKernel<T>, rowsLaunch<ArgminOp>(outer, r),
                                            static_cast<const T*>(a), static_cast<int32_t*>(out), r));
}

}  // extern "C"
