// Gathering along an axis (NDArray.take): a compact (outer × n × inner) input, `count` int32
// indices into its middle axis, and a compact (outer × count × inner) output with
// out[o, k, j] = a[o, indices[k], j]. One launch for the whole result, one thread per output
// element, so an embedding lookup of a batch of tokens costs one kernel, not one per token.
// Consecutive threads walk `j`, so each gathered row is read and written in coalesced runs.
// The indices are in range: the NDArray class checks them on the host and wraps negative ones.
#include "common.cuh"

using kit::Thread;

template <class T, class I>
__host__ __device__ void TakeBody(const Thread& t, const T* a, const int32_t* indices, T* out, I n, I count, I inner, I size) {
  const I e = static_cast<I>(t.globalX());
  if (e >= size) return;
  const I j = e % inner;
  const I row = e / inner;
  const I k = row % count;
  const I o = row / count;
  out[e] = a[(o * n + static_cast<I>(indices[k])) * inner + j];
}

template <class T, class I>
__global__ void TakeKernel(const T* a, const int32_t* indices, T* out, I n, I count, I inner, I size) {
  TakeBody<T, I>(KIT_THREAD, a, indices, out, n, count, inner, size);
}

extern "C" {

cudaError_t Take(const void* a, const void* indices, void* out, int dtype, int64_t outer, int64_t n, int64_t count,
                 int64_t inner) {
  if (outer < 0 || n < 0 || count < 0 || inner < 0) return cudaErrorInvalidValue;
  const int64_t size = outer * count * inner;
  // 32-bit index arithmetic when every position of the input and the output fits.
  const bool narrow = outer * n * inner < 2147483647 && size < 2147483647;
  KIT_DISPATCH(dtype, T,
    return narrow ? kit::launch(TakeKernel<T, int32_t>, kit::oneDim(size), static_cast<const T*>(a),
                                static_cast<const int32_t*>(indices), static_cast<T*>(out), static_cast<int32_t>(n),
                                static_cast<int32_t>(count), static_cast<int32_t>(inner), static_cast<int32_t>(size))
                  : kit::launch(TakeKernel<T, int64_t>, kit::oneDim(size), static_cast<const T*>(a),
                                static_cast<const int32_t*>(indices), static_cast<T*>(out), n, count, inner, size));
}

}  // extern "C"
