// The stable ascending sort permutation of each row of a compact (outer × r) buffer:
// out[row, k] is the index of the k-th smallest element of the row; equal elements keep
// their index order and NaN sorts after every number (numpy's argsort(kind="stable")).
//
// One thread per element counts the elements of its row that sort before it: that count is
// its rank, so it writes out[row, rank] = its index. No thread waits for another and no
// scratch memory is needed; the work is r² per row, which suits the rows of this kit (up to
// a few thousand elements), not a row of millions.
#include "common.cuh"

using kit::isNan;
using kit::Thread;

// Whether element (u at index i) sorts before element (w at index j).
__host__ __device__ inline bool sortsBefore(double u, int64_t i, double w, int64_t j) {
  const bool un = isNan(u), wn = isNan(w);
  if (un != wn) return wn;
  if (!un && u != w) return u < w;
  return i < j;
}

template <class T>
__host__ __device__ void ArgsortBody(const Thread& t, const T* a, int32_t* out, int64_t size, int64_t r) {
  const int64_t k = t.globalX();
  if (k >= size) return;
  const int64_t base = k - k % r, j = k % r;
  const double value = static_cast<double>(a[k]);
  int64_t rank = 0;
  for (int64_t i = 0; i < r; i++) rank += sortsBefore(static_cast<double>(a[base + i]), i, value, j) ? 1 : 0;
  out[base + rank] = static_cast<int32_t>(j);
}

template <class T>
__global__ void ArgsortKernel(const T* a, int32_t* out, int64_t size, int64_t r) { ArgsortBody(KIT_THREAD, a, out, size, r); }

extern "C" {

cudaError_t Argsort(const void* a, void* out, int dtype, int64_t outer, int64_t r) {
  KIT_DISPATCH(dtype, T, return kit::launch(ArgsortKernel<T>, kit::oneDim(outer * r), static_cast<const T*>(a),
                                            static_cast<int32_t*>(out), outer * r, r));
}

}  // extern "C"
