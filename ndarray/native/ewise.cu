// Element-wise kernels: binary (`ewiseAdd`), scalar (`scalarAdd`), comparison (`ewiseLt`,
// writing bool) and unary (`ewiseExp`) ops, plus `ewiseWhere`.
//
// Inputs are read where they lie (KitInputs): a broadcast operand by its zero strides, a
// transposed or sliced one by its strides, so no operand is copied first. Each launch takes
// one of three paths, chosen on the host: every input contiguous with 32-bit positions (the
// position is the output index plus an offset), strided with 32-bit positions (a division
// per axis in 32 bits, several times cheaper than in 64), or 64-bit for arrays past 2³¹
// elements.
//
// Each op is one line below: a struct whose apply() computes in the array's own precision
// (Compute<T>: float for float32, so a float32 exp is a single-precision exp, not a
// double one at 1/64 of the rate on most GPUs; float64 for the other dtypes, so an int32
// sum wraps like an Int32Array store), and the kernels store through kit::convert. The
// macros then write, per op, the kernels and launchers of the naming chain: EwiseAdd →
// EwiseAddKernel, ScalarAdd → ScalarAddKernel.
#include "common.cuh"

using kit::isNan;
using kit::Thread;

template <class T>
struct Compute {
  using type = double;
};
template <>
struct Compute<float> {
  using type = float;
};

// The math functions in both precisions (the C names differ: expf, exp).
namespace fmath {
__host__ __device__ inline float exp(float x) { return ::expf(x); }
__host__ __device__ inline double exp(double x) { return ::exp(x); }
__host__ __device__ inline float log(float x) { return ::logf(x); }
__host__ __device__ inline double log(double x) { return ::log(x); }
__host__ __device__ inline float sqrt(float x) { return ::sqrtf(x); }
__host__ __device__ inline double sqrt(double x) { return ::sqrt(x); }
__host__ __device__ inline float tanh(float x) { return ::tanhf(x); }
__host__ __device__ inline double tanh(double x) { return ::tanh(x); }
__host__ __device__ inline float sin(float x) { return ::sinf(x); }
__host__ __device__ inline double sin(double x) { return ::sin(x); }
__host__ __device__ inline float cos(float x) { return ::cosf(x); }
__host__ __device__ inline double cos(double x) { return ::cos(x); }
__host__ __device__ inline float erf(float x) { return ::erff(x); }
__host__ __device__ inline double erf(double x) { return ::erf(x); }
__host__ __device__ inline float fabs(float x) { return ::fabsf(x); }
__host__ __device__ inline double fabs(double x) { return ::fabs(x); }
__host__ __device__ inline float pow(float x, float y) { return ::powf(x, y); }
__host__ __device__ inline double pow(double x, double y) { return ::pow(x, y); }
}  // namespace fmath

// Where element k of the output lives in each of the first N inputs.
template <int N, class I, bool Contiguous>
__host__ __device__ inline void positions(const KitInputs& v, I k, I (&pos)[N]) {
  for (int i = 0; i < N; ++i) pos[i] = static_cast<I>(v.offset[i]) + (Contiguous ? k : I(0));
  if constexpr (!Contiguous) {
    for (int d = v.ndim - 1; d >= 0; --d) {
      const I n = static_cast<I>(v.shape[d]);
      const I idx = k % n;
      k /= n;
      for (int i = 0; i < N; ++i) pos[i] += idx * static_cast<I>(v.strides[i][d]);
    }
  }
}

// out[k] = Op(a[at k], b[at k])
template <class Op, class T, class O, class I, bool Contiguous>
__host__ __device__ void EwiseBinaryBody(const Thread& t, const T* a, const T* b, O* out, const KitInputs& v) {
  using C = typename Compute<T>::type;
  const I k = static_cast<I>(t.globalX());
  if (k >= static_cast<I>(v.size)) return;
  I pos[2];
  positions<2, I, Contiguous>(v, k, pos);
  out[k] = kit::convert<O>(static_cast<double>(Op::apply(static_cast<C>(a[pos[0]]), static_cast<C>(b[pos[1]]))));
}

// out[k] = Op(a[at k], s)
template <class Op, class T, class O, class I, bool Contiguous>
__host__ __device__ void ScalarBinaryBody(const Thread& t, const T* a, double s, O* out, const KitInputs& v) {
  using C = typename Compute<T>::type;
  const I k = static_cast<I>(t.globalX());
  if (k >= static_cast<I>(v.size)) return;
  I pos[1];
  positions<1, I, Contiguous>(v, k, pos);
  out[k] = kit::convert<O>(static_cast<double>(Op::apply(static_cast<C>(a[pos[0]]), static_cast<C>(s))));
}

// out[k] = Op(a[at k])
template <class Op, class T, class I, bool Contiguous>
__host__ __device__ void EwiseUnaryBody(const Thread& t, const T* a, T* out, const KitInputs& v) {
  using C = typename Compute<T>::type;
  const I k = static_cast<I>(t.globalX());
  if (k >= static_cast<I>(v.size)) return;
  I pos[1];
  positions<1, I, Contiguous>(v, k, pos);
  out[k] = kit::convert<T>(static_cast<double>(Op::apply(static_cast<C>(a[pos[0]]))));
}

// out[i] = cond[i] ? a[i] : b[i], all compact
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
template <class C>
__host__ __device__ inline C jsPow(C x, C y) {
  if (isNan(y)) return y;
  if ((x == C(1) || x == C(-1)) && !kit::isFinite(y)) return y - y;
  return fmath::pow(x, y);
}

// The three paths of the file comment, for a launch over `v`.
enum class Path { Contiguous32, Strided32, General64 };

// The largest position any input of `v` reaches (the views lie inside their buffers, so
// none is negative).
inline int64_t reach(const KitInputs& v, int inputs) {
  int64_t most = 0;
  for (int i = 0; i < inputs; ++i) {
    int64_t hi = v.offset[i];
    for (int d = 0; d < v.ndim; ++d)
      if (v.strides[i][d] > 0) hi += (v.shape[d] - 1) * v.strides[i][d];
    if (hi > most) most = hi;
  }
  return most;
}

inline Path pathOf(const KitInputs& v, int inputs) {
  const int64_t limit = 2147483647;
  if (v.size >= limit || reach(v, inputs) >= limit) return Path::General64;
  bool contiguous = v.ndim <= 1;
  for (int i = 0; i < inputs && contiguous; ++i) contiguous = v.ndim == 0 || v.strides[i][0] == 1;
  return contiguous ? Path::Contiguous32 : Path::Strided32;
}

// Launches Kernel<T, int32_t, true>, <T, int32_t, false> or <T, int64_t, false> as pathOf
// says; args are the kernel's arguments.
#define KIT_LAUNCH_PATHS(v, inputs, Kernel, T, ...)                                                       \
  switch (pathOf(v, inputs)) {                                                                            \
    case Path::Contiguous32: return kit::launch(Kernel<T, int32_t, true>, kit::oneDim(v.size), __VA_ARGS__); \
    case Path::Strided32: return kit::launch(Kernel<T, int32_t, false>, kit::oneDim(v.size), __VA_ARGS__);   \
    default: return kit::launch(Kernel<T, int64_t, false>, kit::oneDim(v.size), __VA_ARGS__);             \
  }

// Defines Name##Op, the ewise and scalar kernels and their launchers. `Out` is the output
// type for input type T: T for arithmetic, uint8_t (bool) for comparisons.
#define KIT_BINARY_OP(Name, Out, expr)                                                                   \
  struct Name##Op {                                                                                      \
    template <class C>                                                                                   \
    __host__ __device__ static C apply(C x, C y) {                                                       \
      return expr;                                                                                       \
    }                                                                                                    \
  };                                                                                                     \
  template <class T, class I, bool Contiguous>                                                           \
  __global__ void Ewise##Name##Kernel(const T* a, const T* b, Out* out, KitInputs v) {                   \
    EwiseBinaryBody<Name##Op, T, Out, I, Contiguous>(KIT_THREAD, a, b, out, v);                          \
  }                                                                                                      \
  template <class T, class I, bool Contiguous>                                                           \
  __global__ void Scalar##Name##Kernel(const T* a, double s, Out* out, KitInputs v) {                    \
    ScalarBinaryBody<Name##Op, T, Out, I, Contiguous>(KIT_THREAD, a, s, out, v);                         \
  }                                                                                                      \
  extern "C" cudaError_t Ewise##Name(const void* a, const void* b, void* out, int dtype, KitInputs v) {  \
    KIT_DISPATCH(dtype, T, KIT_LAUNCH_PATHS(v, 2, Ewise##Name##Kernel, T, static_cast<const T*>(a),      \
                                            static_cast<const T*>(b), static_cast<Out*>(out), v));       \
  }                                                                                                      \
  extern "C" cudaError_t Scalar##Name(const void* a, double s, void* out, int dtype, KitInputs v) {      \
    KIT_DISPATCH(dtype, T, KIT_LAUNCH_PATHS(v, 1, Scalar##Name##Kernel, T, static_cast<const T*>(a), s,  \
                                            static_cast<Out*>(out), v));                                 \
  }

#define KIT_UNARY_OP(Name, expr)                                                                  \
  struct Name##Op {                                                                               \
    template <class C>                                                                            \
    __host__ __device__ static C apply(C x) {                                                     \
      return expr;                                                                                \
    }                                                                                             \
  };                                                                                              \
  template <class T, class I, bool Contiguous>                                                    \
  __global__ void Ewise##Name##Kernel(const T* a, T* out, KitInputs v) {                          \
    EwiseUnaryBody<Name##Op, T, I, Contiguous>(KIT_THREAD, a, out, v);                            \
  }                                                                                               \
  extern "C" cudaError_t Ewise##Name(const void* a, void* out, int dtype, KitInputs v) {          \
    KIT_DISPATCH(dtype, T, KIT_LAUNCH_PATHS(v, 1, Ewise##Name##Kernel, T, static_cast<const T*>(a), \
                                            static_cast<T*>(out), v));                            \
  }

// Arithmetic: out has the inputs' type (the `T` in the kernel template).
#define KIT_ARITH_OP(Name, expr) KIT_BINARY_OP(Name, T, expr)
#define KIT_COMPARE_OP(Name, expr) KIT_BINARY_OP(Name, uint8_t, (expr) ? C(1) : C(0))

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
KIT_UNARY_OP(Abs, fmath::fabs(x))
KIT_UNARY_OP(Sign, x > C(0) ? C(1) : x < C(0) ? C(-1) : x)  // keeps ±0 and NaN
KIT_UNARY_OP(Exp, fmath::exp(x))
KIT_UNARY_OP(Log, fmath::log(x))
KIT_UNARY_OP(Sqrt, fmath::sqrt(x))
KIT_UNARY_OP(Tanh, fmath::tanh(x))
KIT_UNARY_OP(Sin, fmath::sin(x))
KIT_UNARY_OP(Cos, fmath::cos(x))
KIT_UNARY_OP(Erf, fmath::erf(x))

extern "C" cudaError_t EwiseWhere(const void* cond, const void* a, const void* b, void* out, int dtype, int64_t n) {
  KIT_DISPATCH(dtype, T, return kit::launch(EwiseWhereKernel<T>, kit::oneDim(n), static_cast<const uint8_t*>(cond),
                                            static_cast<const T*>(a), static_cast<const T*>(b),
                                            static_cast<T*>(out), n));
}
