// Element-wise kernels over compact buffers: binary (`ewiseAdd`), scalar (`scalarAdd`),
// comparison (`ewiseLt`, writing bool) and unary (`ewiseExp`) ops, plus `ewiseWhere`.
//
// Each op is one line below: a struct whose apply() computes in float64, as the cpu device
// does, and the kernels store through kit::convert, so a float32 result is the float64 one
// rounded and an int32 result wraps like an Int32Array store. The macros then write, per op,
// the kernels and launchers of the naming chain: EwiseAdd → EwiseAddKernel, ScalarAdd →
// ScalarAddKernel.
#include "common.cuh"

using kit::isNan;
using kit::Thread;

// out[i] = Op(a[i], b[i])
template <class Op, class T, class O>
__host__ __device__ void EwiseBinaryBody(const Thread& t, const T* a, const T* b, O* out, int64_t n) {
  const int64_t i = t.globalX();
  if (i < n) out[i] = kit::convert<O>(Op::apply(static_cast<double>(a[i]), static_cast<double>(b[i])));
}

// out[i] = Op(a[i], s)
template <class Op, class T, class O>
__host__ __device__ void ScalarBinaryBody(const Thread& t, const T* a, double s, O* out, int64_t n) {
  const int64_t i = t.globalX();
  if (i < n) out[i] = kit::convert<O>(Op::apply(static_cast<double>(a[i]), s));
}

// out[i] = Op(a[i])
template <class Op, class T>
__host__ __device__ void EwiseUnaryBody(const Thread& t, const T* a, T* out, int64_t n) {
  const int64_t i = t.globalX();
  if (i < n) out[i] = kit::convert<T>(Op::apply(static_cast<double>(a[i])));
}

// out[i] = cond[i] ? a[i] : b[i]
template <class T>
__host__ __device__ void EwiseWhereBody(const Thread& t, const uint8_t* cond, const T* a, const T* b, T* out,
                                        int64_t n) {
  const int64_t i = t.globalX();
  if (i < n) out[i] = cond[i] != 0 ? a[i] : b[i];
}
template <class T>
__global__ void EwiseWhereKernel(const uint8_t* cond, const T* a, const T* b, T* out, int64_t n) {
  EwiseWhereBody(KIT_THREAD, cond, a, b, out, n);
}

// JS's Math.pow: NaN for a NaN exponent, and for (±1) ** (±Infinity), where C's pow says 1.
__host__ __device__ inline double jsPow(double x, double y) {
  if (isNan(y)) return y;
  if ((x == 1.0 || x == -1.0) && !kit::isFinite(y)) return y - y;
  return ::pow(x, y);
}

// Defines Name##Op, the ewise and scalar kernels and their launchers. `Out` is the output
// type for input type T: T for arithmetic, uint8_t (bool) for comparisons.
#define KIT_BINARY_OP(Name, Out, expr)                                                               \
  struct Name##Op {                                                                                  \
    __host__ __device__ static double apply(double x, double y) { return expr; }                     \
  };                                                                                                 \
  template <class T>                                                                                 \
  __global__ void Ewise##Name##Kernel(const T* a, const T* b, Out* out, int64_t n) {                 \
    EwiseBinaryBody<Name##Op>(KIT_THREAD, a, b, out, n);                                             \
  }                                                                                                  \
  template <class T>                                                                                 \
  __global__ void Scalar##Name##Kernel(const T* a, double s, Out* out, int64_t n) {                  \
    ScalarBinaryBody<Name##Op>(KIT_THREAD, a, s, out, n);                                            \
  }                                                                                                  \
  extern "C" cudaError_t Ewise##Name(const void* a, const void* b, void* out, int dtype, int64_t n) { \
    KIT_DISPATCH(dtype, T, return kit::launch(Ewise##Name##Kernel<T>, kit::oneDim(n),                \
                                              static_cast<const T*>(a), static_cast<const T*>(b),    \
                                              static_cast<Out*>(out), n));                           \
  }                                                                                                  \
  extern "C" cudaError_t Scalar##Name(const void* a, double s, void* out, int dtype, int64_t n) {    \
    KIT_DISPATCH(dtype, T, return kit::launch(Scalar##Name##Kernel<T>, kit::oneDim(n),               \
                                              static_cast<const T*>(a), s, static_cast<Out*>(out), n)); \
  }

#define KIT_UNARY_OP(Name, expr)                                                         \
  struct Name##Op {                                                                      \
    __host__ __device__ static double apply(double x) { return expr; }                   \
  };                                                                                     \
  template <class T>                                                                     \
  __global__ void Ewise##Name##Kernel(const T* a, T* out, int64_t n) {                   \
    EwiseUnaryBody<Name##Op>(KIT_THREAD, a, out, n);                                     \
  }                                                                                      \
  extern "C" cudaError_t Ewise##Name(const void* a, void* out, int dtype, int64_t n) {   \
    KIT_DISPATCH(dtype, T, return kit::launch(Ewise##Name##Kernel<T>, kit::oneDim(n),    \
                                              static_cast<const T*>(a), static_cast<T*>(out), n)); \
  }

// Arithmetic: out has the inputs' type (the `T` in the kernel template).
#define KIT_ARITH_OP(Name, expr) KIT_BINARY_OP(Name, T, expr)
#define KIT_COMPARE_OP(Name, expr) KIT_BINARY_OP(Name, uint8_t, (expr) ? 1.0 : 0.0)

KIT_ARITH_OP(Add, x + y)
KIT_ARITH_OP(Sub, x - y)
KIT_ARITH_OP(Mul, x * y)
KIT_ARITH_OP(Div, x / y)
KIT_ARITH_OP(Pow, jsPow(x, y))
KIT_ARITH_OP(Maximum, (x > y || isNan(x)) ? x : y)  // NaN wins, as numpy.maximum
KIT_ARITH_OP(Minimum, (x < y || isNan(x)) ? x : y)

KIT_COMPARE_OP(Eq, x == y)
KIT_COMPARE_OP(Ne, x != y)
KIT_COMPARE_OP(Lt, x < y)
KIT_COMPARE_OP(Le, x <= y)
KIT_COMPARE_OP(Gt, x > y)
KIT_COMPARE_OP(Ge, x >= y)

KIT_UNARY_OP(Neg, -x)
KIT_UNARY_OP(Abs, ::fabs(x))
KIT_UNARY_OP(Sign, x > 0 ? 1.0 : x < 0 ? -1.0 : x)  // keeps ±0 and NaN
KIT_UNARY_OP(Exp, ::exp(x))
KIT_UNARY_OP(Log, ::log(x))
KIT_UNARY_OP(Sqrt, ::sqrt(x))
KIT_UNARY_OP(Tanh, ::tanh(x))
KIT_UNARY_OP(Sin, ::sin(x))
KIT_UNARY_OP(Cos, ::cos(x))
KIT_UNARY_OP(Erf, ::erf(x))

extern "C" cudaError_t EwiseWhere(const void* cond, const void* a, const void* b, void* out, int dtype, int64_t n) {
  KIT_DISPATCH(dtype, T, return kit::launch(EwiseWhereKernel<T>, kit::oneDim(n), static_cast<const uint8_t*>(cond),
                                            static_cast<const T*>(a), static_cast<const T*>(b),
                                            static_cast<T*>(out), n));
}
