// Strided kernels: copy between a strided view (shape, strides, offset; up to 8 axes) and a
// compact buffer, one thread per element of the view, casting between dtypes on the way.
#include "common.cuh"

using kit::Thread;

// Position in the strided buffer of the view's k-th element in row-major order.
__host__ __device__ inline int64_t stridedPosition(const KitView& v, int64_t k) {
  int64_t pos = v.offset;
  for (int d = v.ndim - 1; d >= 0; --d) {
    const int64_t i = k % v.shape[d];
    k /= v.shape[d];
    pos += i * v.strides[d];
  }
  return pos;
}

// out[k] = a[view position of k]: gathers the view into compact `out`.
template <class In, class Out>
__host__ __device__ void CompactBody(const Thread& t, const In* a, Out* out, KitView v) {
  const int64_t k = t.globalX();
  if (k < v.size) out[k] = kit::castValue<Out>(a[stridedPosition(v, k)]);
}
template <class In, class Out>
__global__ void CompactKernel(const In* a, Out* out, KitView v) { CompactBody(KIT_THREAD, a, out, v); }

// out[view position of k] = a[k]: scatters compact `a` into the view.
template <class In, class Out>
__host__ __device__ void EwiseSetitemBody(const Thread& t, const In* a, Out* out, KitView v) {
  const int64_t k = t.globalX();
  if (k < v.size) out[stridedPosition(v, k)] = kit::castValue<Out>(a[k]);
}
template <class In, class Out>
__global__ void EwiseSetitemKernel(const In* a, Out* out, KitView v) { EwiseSetitemBody(KIT_THREAD, a, out, v); }

// out[view position of k] = value.
template <class Out>
__host__ __device__ void ScalarSetitemBody(const Thread& t, Out value, Out* out, KitView v) {
  const int64_t k = t.globalX();
  if (k < v.size) out[stridedPosition(v, k)] = value;
}
template <class Out>
__global__ void ScalarSetitemKernel(Out value, Out* out, KitView v) { ScalarSetitemBody(KIT_THREAD, value, out, v); }

extern "C" {

cudaError_t Compact(const void* a, int aDtype, void* out, int outDtype, KitView view) {
  if (view.ndim < 0 || view.ndim > KIT_MAX_DIMS) return cudaErrorInvalidValue;
  KIT_DISPATCH(aDtype, In, KIT_DISPATCH(outDtype, Out,
    return kit::launch(CompactKernel<In, Out>, kit::oneDim(view.size), static_cast<const In*>(a),
                       static_cast<Out*>(out), view)));
}

cudaError_t EwiseSetitem(const void* a, int aDtype, void* out, int outDtype, KitView view) {
  if (view.ndim < 0 || view.ndim > KIT_MAX_DIMS) return cudaErrorInvalidValue;
  KIT_DISPATCH(aDtype, In, KIT_DISPATCH(outDtype, Out,
    return kit::launch(EwiseSetitemKernel<In, Out>, kit::oneDim(view.size), static_cast<const In*>(a),
                       static_cast<Out*>(out), view)));
}

cudaError_t ScalarSetitem(double value, void* out, int outDtype, KitView view) {
  if (view.ndim < 0 || view.ndim > KIT_MAX_DIMS) return cudaErrorInvalidValue;
  KIT_DISPATCH(outDtype, Out,
    return kit::launch(ScalarSetitemKernel<Out>, kit::oneDim(view.size), kit::castValue<Out>(value),
                       static_cast<Out*>(out), view));
}

}  // extern "C"
