// Strided kernels: copy between a strided view (shape, strides, offset; up to 8 axes) and a
// compact buffer, one thread per element of the view, casting between dtypes on the way.
// The position of an element costs a division and a remainder per axis: in 32 bits when
// the view's size and every position it reaches fit (several times cheaper on a GPU than
// 64-bit ones), in 64 bits otherwise.
#include "common.cuh"

using kit::Thread;

// Position in the strided buffer of the view's k-th element in row-major order.
template <class I>
__host__ __device__ inline I stridedPosition(const KitView& v, I k) {
  I pos = static_cast<I>(v.offset);
  for (int d = v.ndim - 1; d >= 0; --d) {
    const I n = static_cast<I>(v.shape[d]);
    const I i = k % n;
    k /= n;
    pos += i * static_cast<I>(v.strides[d]);
  }
  return pos;
}

// Whether every index of `v` (its elements and the positions they reach) fits in 32 bits.
inline bool fits32(const KitView& v) {
  const int64_t limit = 2147483647;
  int64_t lo = v.offset, hi = v.offset;
  for (int d = 0; d < v.ndim; ++d) {
    const int64_t reach = (v.shape[d] - 1) * v.strides[d];
    if (reach < 0) lo += reach;
    else hi += reach;
  }
  return v.size < limit && lo >= 0 && hi < limit;
}

// out[k] = a[view position of k]: gathers the view into compact `out`.
template <class In, class Out, class I>
__host__ __device__ void CompactBody(const Thread& t, const In* a, Out* out, KitView v) {
  const I k = static_cast<I>(t.globalX());
  if (k < static_cast<I>(v.size)) out[k] = kit::castValue<Out>(a[stridedPosition<I>(v, k)]);
}
template <class In, class Out, class I>
__global__ void CompactKernel(const In* a, Out* out, KitView v) { CompactBody<In, Out, I>(KIT_THREAD, a, out, v); }

// out[view position of k] = a[k]: scatters compact `a` into the view.
template <class In, class Out, class I>
__host__ __device__ void EwiseSetitemBody(const Thread& t, const In* a, Out* out, KitView v) {
  const I k = static_cast<I>(t.globalX());
  if (k < static_cast<I>(v.size)) out[stridedPosition<I>(v, k)] = kit::castValue<Out>(a[k]);
}
template <class In, class Out, class I>
__global__ void EwiseSetitemKernel(const In* a, Out* out, KitView v) { EwiseSetitemBody<In, Out, I>(KIT_THREAD, a, out, v); }

// out[view position of k] = value.
template <class Out, class I>
__host__ __device__ void ScalarSetitemBody(const Thread& t, Out value, Out* out, KitView v) {
  const I k = static_cast<I>(t.globalX());
  if (k < static_cast<I>(v.size)) out[stridedPosition<I>(v, k)] = value;
}
template <class Out, class I>
__global__ void ScalarSetitemKernel(Out value, Out* out, KitView v) { ScalarSetitemBody<Out, I>(KIT_THREAD, value, out, v); }

extern "C" {

cudaError_t Compact(const void* a, int aDtype, void* out, int outDtype, KitView view) {
  if (view.ndim < 0 || view.ndim > KIT_MAX_DIMS) return cudaErrorInvalidValue;
  const bool narrow = fits32(view);
  KIT_DISPATCH(aDtype, In, KIT_DISPATCH(outDtype, Out,
    return narrow ? kit::launch(CompactKernel<In, Out, int32_t>, kit::oneDim(view.size), static_cast<const In*>(a),
                                static_cast<Out*>(out), view)
                  : kit::launch(CompactKernel<In, Out, int64_t>, kit::oneDim(view.size), static_cast<const In*>(a),
                                static_cast<Out*>(out), view)));
}

cudaError_t EwiseSetitem(const void* a, int aDtype, void* out, int outDtype, KitView view) {
  if (view.ndim < 0 || view.ndim > KIT_MAX_DIMS) return cudaErrorInvalidValue;
  const bool narrow = fits32(view);
  KIT_DISPATCH(aDtype, In, KIT_DISPATCH(outDtype, Out,
    return narrow ? kit::launch(EwiseSetitemKernel<In, Out, int32_t>, kit::oneDim(view.size),
                                static_cast<const In*>(a), static_cast<Out*>(out), view)
                  : kit::launch(EwiseSetitemKernel<In, Out, int64_t>, kit::oneDim(view.size),
                                static_cast<const In*>(a), static_cast<Out*>(out), view)));
}

cudaError_t ScalarSetitem(double value, void* out, int outDtype, KitView view) {
  if (view.ndim < 0 || view.ndim > KIT_MAX_DIMS) return cudaErrorInvalidValue;
  const bool narrow = fits32(view);
  KIT_DISPATCH(outDtype, Out,
    return narrow ? kit::launch(ScalarSetitemKernel<Out, int32_t>, kit::oneDim(view.size), kit::castValue<Out>(value),
                                static_cast<Out*>(out), view)
                  : kit::launch(ScalarSetitemKernel<Out, int64_t>, kit::oneDim(view.size), kit::castValue<Out>(value),
                                static_cast<Out*>(out), view));
}

}  // extern "C"
