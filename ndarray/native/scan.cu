// Running sums along the last axis of a compact (outer × r) buffer:
// out[row, j] = a[row, 0] + … + a[row, j].
//
// One thread per row adds its row in order, in float64 from the first element, exactly as
// the cpu device does, so both devices store the same values (a parallel scan would
// reorder the additions and round differently). Rows here are a sequence or a vocabulary
// long; the rows run in parallel.
#include "common.cuh"

using kit::Thread;

template <class T>
__host__ __device__ void CumsumBody(const Thread& t, const T* a, T* out, int64_t outer, int64_t r) {
  const int64_t row = t.globalX();
  if (row >= outer) return;
  double sum = 0.0;
  for (int64_t j = row * r; j < (row + 1) * r; j++) {
    sum += static_cast<double>(a[j]);
    out[j] = kit::convert<T>(sum);
  }
}

template <class T>
__global__ void CumsumKernel(const T* a, T* out, int64_t outer, int64_t r) { CumsumBody(KIT_THREAD, a, out, outer, r); }

extern "C" {

cudaError_t Cumsum(const void* a, void* out, int dtype, int64_t outer, int64_t r) {
  KIT_DISPATCH(dtype, T, return kit::launch(CumsumKernel<T>, kit::oneDim(outer), static_cast<const T*>(a),
                                            static_cast<T*>(out), outer, r));
}

}  // extern "C"
