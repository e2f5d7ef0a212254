// Node-API glue (ordinary C++, node-addon-api): unpacks JS arguments, calls one C launcher,
// and turns a cudaError_t into a JS error that names the kernel and the CUDA error
// ("alloc: cudaErrorMemoryAllocation (2): out of memory"). binding.cc lists the kernels.
//
// Buffers cross as BigInt device pointers; dtypes as the codes of KitDType; shapes and
// strides as arrays of numbers. Arguments are checked here, so a wrong call from JS is a
// TypeError, never a launch over a bad pointer.
#pragma once

#include <napi.h>

#include <cstdint>
#include <string>

#include "launchers.h"

namespace glue {

// One row of the export table: the kernel key, the function that unpacks its arguments,
// and its launcher (cast back to its own type by that function).
struct Entry {
  const char* name;
  Napi::Value (*call)(const Napi::CallbackInfo&, const Entry&);
  void* launcher;
};

template <class L>
L launcherOf(const Entry& e) {
  return reinterpret_cast<L>(e.launcher);
}

// Throws the JS error for a failed launcher: `code` "E_CUDA", `cudaError` the CUDA name.
inline void throwCuda(Napi::Env env, const char* op, cudaError_t err, const std::string& detail = "") {
  std::string msg = std::string(op) + ": " + KitErrorName(err) + " (" + std::to_string(static_cast<int>(err)) +
                    "): " + KitErrorString(err) + detail;
  Napi::Error e = Napi::Error::New(env, msg);
  e.Set("code", Napi::String::New(env, "E_CUDA"));
  e.Set("cudaError", Napi::String::New(env, KitErrorName(err)));
  e.ThrowAsJavaScriptException();
}

// Reads the arguments of one call; the first bad one throws a TypeError and makes ok() false.
class Args {
 public:
  Args(const Napi::CallbackInfo& info, const char* op) : info_(info), op_(op) {}

  bool ok() const { return ok_; }
  Napi::Env env() const { return info_.Env(); }

  void* ptr(size_t i) {
    if (!check(i, info_[i].IsBigInt(), "a device pointer (bigint)")) return nullptr;
    bool lossless = true;
    const uint64_t v = info_[i].As<Napi::BigInt>().Uint64Value(&lossless);
    if (!check(i, lossless, "a device pointer (bigint)")) return nullptr;
    return reinterpret_cast<void*>(static_cast<uintptr_t>(v));
  }

  double number(size_t i) {
    if (!check(i, info_[i].IsNumber(), "a number")) return 0;
    return info_[i].As<Napi::Number>().DoubleValue();
  }

  int64_t integer(size_t i) { return static_cast<int64_t>(number(i)); }

  int64_t count(size_t i) {
    const int64_t v = integer(i);
    check(i, v >= 0, "a non-negative integer");
    return v;
  }

  int dtype(size_t i) {
    const int64_t v = integer(i);
    check(i, v >= KIT_FLOAT32 && v <= KIT_BOOL, "a dtype code (0 float32, 1 float64, 2 int32, 3 bool)");
    return static_cast<int>(v);
  }

  // A typed array's bytes.
  void* bytes(size_t i, size_t* length) {
    *length = 0;
    if (!check(i, info_[i].IsTypedArray(), "a typed array")) return nullptr;
    Napi::TypedArray t = info_[i].As<Napi::TypedArray>();
    *length = t.ByteLength();
    return static_cast<uint8_t*>(t.ArrayBuffer().Data()) + t.ByteOffset();
  }

  // shape (array), strides (array), offset, size: a KitView of at most KIT_MAX_DIMS axes.
  KitView view(size_t i) {
    KitView v{};
    if (!check(i, info_[i].IsArray() && info_[i + 1].IsArray(), "shape and strides arrays")) return v;
    Napi::Array shape = info_[i].As<Napi::Array>(), strides = info_[i + 1].As<Napi::Array>();
    if (!check(i, shape.Length() == strides.Length() && shape.Length() <= KIT_MAX_DIMS,
               "shape and strides of equal length, at most 8")) {
      return v;
    }
    v.ndim = static_cast<int32_t>(shape.Length());
    for (uint32_t d = 0; d < shape.Length(); ++d) {
      Napi::Value s = shape.Get(d), st = strides.Get(d);
      if (!check(i, s.IsNumber() && st.IsNumber(), "shape and strides of numbers")) return v;
      v.shape[d] = static_cast<int64_t>(s.As<Napi::Number>().DoubleValue());
      v.strides[d] = static_cast<int64_t>(st.As<Napi::Number>().DoubleValue());
      if (!check(i, v.shape[d] > 0, "a shape of positive sizes")) return v;
    }
    v.offset = integer(i + 2);
    v.size = count(i + 3);
    return v;
  }

  // shape (array), then for each of `inputCount` inputs its strides (array) and, when
  // `offsets`, its offset: a KitInputs.
  KitInputs inputs(size_t i, int inputCount, bool offsets = true) {
    KitInputs v{};
    v.size = 1;
    if (!check(i, info_[i].IsArray(), "a shape array")) return v;
    Napi::Array shape = info_[i].As<Napi::Array>();
    if (!check(i, shape.Length() <= KIT_MAX_DIMS, "a shape of at most 8 axes")) return v;
    v.ndim = static_cast<int32_t>(shape.Length());
    for (uint32_t d = 0; d < shape.Length(); ++d) {
      Napi::Value s = shape.Get(d);
      if (!check(i, s.IsNumber() && s.As<Napi::Number>().DoubleValue() >= 0, "a shape of non-negative sizes")) return v;
      v.shape[d] = static_cast<int64_t>(s.As<Napi::Number>().DoubleValue());
      v.size *= v.shape[d];
    }
    for (int k = 0; k < inputCount; ++k) {
      const size_t at = i + 1 + (offsets ? 2 : 1) * k;
      if (!check(at, info_[at].IsArray() && info_[at].As<Napi::Array>().Length() == shape.Length(),
                 "a strides array as long as the shape")) {
        return v;
      }
      Napi::Array strides = info_[at].As<Napi::Array>();
      for (uint32_t d = 0; d < strides.Length(); ++d) {
        Napi::Value st = strides.Get(d);
        if (!check(at, st.IsNumber(), "strides of numbers")) return v;
        v.strides[k][d] = static_cast<int64_t>(st.As<Napi::Number>().DoubleValue());
      }
      if (offsets) v.offset[k] = count(at + 1);
    }
    return v;
  }

  // [batch, row, col, offset]: a KitMatrix.
  KitMatrix matrix(size_t i) {
    KitMatrix v{};
    if (!check(i, info_[i].IsArray() && info_[i].As<Napi::Array>().Length() == 4, "a matrix view [batch, row, col, offset]")) {
      return v;
    }
    Napi::Array arr = info_[i].As<Napi::Array>();
    int64_t f[4];
    for (uint32_t k = 0; k < 4; ++k) {
      Napi::Value x = arr.Get(k);
      if (!check(i, x.IsNumber(), "a matrix view of numbers")) return v;
      f[k] = static_cast<int64_t>(x.As<Napi::Number>().DoubleValue());
    }
    if (!check(i, f[3] >= 0, "a matrix view with a non-negative offset")) return v;
    v = KitMatrix{f[0], f[1], f[2], f[3]};
    return v;
  }

 private:
  bool check(size_t i, bool good, const char* what) {
    if (good || !ok_) return good && ok_;
    ok_ = false;
    Napi::TypeError::New(env(), std::string(op_) + ": argument " + std::to_string(i) + " must be " + what)
        .ThrowAsJavaScriptException();
    return false;
  }

  const Napi::CallbackInfo& info_;
  const char* op_;
  bool ok_ = true;
};

// Finishes a kernel call: throws on a launcher error, or (emulation) on a write outside any
// of the buffers it touched. The emulator's reason for a failed launch (which kernel,
// block and threads) ends the message; it is taken on every call, so it never outlives its error.
template <class... P>
inline Napi::Value finish(Napi::Env env, const char* op, cudaError_t err, P... buffers) {
  char reason[1024];
  const bool explained = KitTakeErrorDetail(reason, sizeof reason) > 0;
  if (err == cudaSuccess) {
    const void* touched[] = {nullptr, static_cast<const void*>(buffers)...};
    for (const void* p : touched) {
      err = KitCheckGuards(p);
      if (err != cudaSuccess) break;
    }
  }
  if (err != cudaSuccess) throwCuda(env, op, err, explained ? std::string("; emulation: ") + reason : "");
  return env.Undefined();
}

// ---------------------------------------------------------------- one function per family

inline Napi::Value AllocJs(const Napi::CallbackInfo& info, const Entry& e) {
  Args a(info, e.name);
  const int64_t bytes = a.count(0);
  if (!a.ok()) return a.env().Undefined();
  void* p = nullptr;
  const cudaError_t err = launcherOf<decltype(&Alloc)>(e)(&p, static_cast<size_t>(bytes));
  if (err != cudaSuccess) {
    throwCuda(a.env(), e.name, err, " (asked for " + std::to_string(bytes) + " bytes; free arrays you no longer need with device.free(buffer) or buffer.dispose())");
    return a.env().Undefined();
  }
  Napi::MemoryManagement::AdjustExternalMemory(a.env(), bytes);
  return Napi::BigInt::New(a.env(), static_cast<uint64_t>(reinterpret_cast<uintptr_t>(p)));
}

inline Napi::Value FromTypedArrayJs(const Napi::CallbackInfo& info, const Entry& e) {
  Args a(info, e.name);
  size_t bytes = 0;
  const void* host = a.bytes(0, &bytes);
  if (!a.ok()) return a.env().Undefined();
  void* p = nullptr;
  const cudaError_t err = launcherOf<decltype(&FromTypedArray)>(e)(&p, host, bytes);
  if (err != cudaSuccess) {
    throwCuda(a.env(), e.name, err, " (asked for " + std::to_string(bytes) + " bytes)");
    return a.env().Undefined();
  }
  Napi::MemoryManagement::AdjustExternalMemory(a.env(), static_cast<int64_t>(bytes));
  return Napi::BigInt::New(a.env(), static_cast<uint64_t>(reinterpret_cast<uintptr_t>(p)));
}

// (device pointer, target typed array): copies the target's byte length from the device.
inline Napi::Value ToTypedArrayJs(const Napi::CallbackInfo& info, const Entry& e) {
  Args a(info, e.name);
  void* src = a.ptr(0);
  size_t bytes = 0;
  void* host = a.bytes(1, &bytes);
  if (!a.ok()) return a.env().Undefined();
  return finish(a.env(), e.name, launcherOf<decltype(&ToTypedArray)>(e)(host, src, bytes), src);
}

// (device pointer, bytes)
inline Napi::Value FreeJs(const Napi::CallbackInfo& info, const Entry& e) {
  Args a(info, e.name);
  void* p = a.ptr(0);
  const int64_t bytes = a.count(1);
  if (!a.ok()) return a.env().Undefined();
  const cudaError_t err = launcherOf<decltype(&Free)>(e)(p);
  Napi::MemoryManagement::AdjustExternalMemory(a.env(), -bytes);
  return finish(a.env(), e.name, err);
}

// (out, dtype, size, value)
inline Napi::Value FillJs(const Napi::CallbackInfo& info, const Entry& e) {
  Args a(info, e.name);
  void* out = a.ptr(0);
  const int dtype = a.dtype(1);
  const int64_t size = a.count(2);
  const double value = a.number(3);
  if (!a.ok()) return a.env().Undefined();
  return finish(a.env(), e.name, launcherOf<decltype(&Fill)>(e)(out, dtype, size, value), out);
}

// compact / ewiseSetitem: (a, aDtype, out, outDtype, shape, strides, offset, size)
inline Napi::Value StridedJs(const Napi::CallbackInfo& info, const Entry& e) {
  Args a(info, e.name);
  void* src = a.ptr(0);
  const int srcDtype = a.dtype(1);
  void* out = a.ptr(2);
  const int outDtype = a.dtype(3);
  const KitView view = a.view(4);
  if (!a.ok()) return a.env().Undefined();
  return finish(a.env(), e.name, launcherOf<decltype(&Compact)>(e)(src, srcDtype, out, outDtype, view), src, out);
}

// scalarSetitem: (value, out, outDtype, shape, strides, offset, size)
inline Napi::Value ScalarSetitemJs(const Napi::CallbackInfo& info, const Entry& e) {
  Args a(info, e.name);
  const double value = a.number(0);
  void* out = a.ptr(1);
  const int outDtype = a.dtype(2);
  const KitView view = a.view(3);
  if (!a.ok()) return a.env().Undefined();
  return finish(a.env(), e.name, launcherOf<decltype(&ScalarSetitem)>(e)(value, out, outDtype, view), out);
}

// take: (a, indices, out, dtype, outer, n, count, inner)
inline Napi::Value TakeJs(const Napi::CallbackInfo& info, const Entry& e) {
  Args a(info, e.name);
  void *x = a.ptr(0), *indices = a.ptr(1), *out = a.ptr(2);
  const int dtype = a.dtype(3);
  const int64_t outer = a.count(4), n = a.count(5), count = a.count(6), inner = a.count(7);
  if (!a.ok()) return a.env().Undefined();
  return finish(a.env(), e.name, launcherOf<decltype(&Take)>(e)(x, indices, out, dtype, outer, n, count, inner), x,
                indices, out);
}

// ewise binary and comparison: (a, b, out, dtype, shape, aStrides, aOffset, bStrides, bOffset)
inline Napi::Value EwiseBinaryJs(const Napi::CallbackInfo& info, const Entry& e) {
  Args a(info, e.name);
  void *x = a.ptr(0), *y = a.ptr(1), *out = a.ptr(2);
  const int dtype = a.dtype(3);
  const KitInputs v = a.inputs(4, 2);
  if (!a.ok()) return a.env().Undefined();
  return finish(a.env(), e.name, launcherOf<decltype(&EwiseAdd)>(e)(x, y, out, dtype, v), x, y, out);
}

// scalar binary and comparison: (a, value, out, dtype, shape, aStrides, aOffset)
inline Napi::Value ScalarBinaryJs(const Napi::CallbackInfo& info, const Entry& e) {
  Args a(info, e.name);
  void* x = a.ptr(0);
  const double value = a.number(1);
  void* out = a.ptr(2);
  const int dtype = a.dtype(3);
  const KitInputs v = a.inputs(4, 1);
  if (!a.ok()) return a.env().Undefined();
  return finish(a.env(), e.name, launcherOf<decltype(&ScalarAdd)>(e)(x, value, out, dtype, v), x, out);
}

// unary: (a, out, dtype, shape, aStrides, aOffset)
inline Napi::Value EwiseUnaryJs(const Napi::CallbackInfo& info, const Entry& e) {
  Args a(info, e.name);
  void *x = a.ptr(0), *out = a.ptr(1);
  const int dtype = a.dtype(2);
  const KitInputs v = a.inputs(3, 1);
  if (!a.ok()) return a.env().Undefined();
  return finish(a.env(), e.name, launcherOf<decltype(&EwiseNeg)>(e)(x, out, dtype, v), x, out);
}

// where: (cond, a, b, out, dtype, size)
inline Napi::Value EwiseWhereJs(const Napi::CallbackInfo& info, const Entry& e) {
  Args a(info, e.name);
  void *c = a.ptr(0), *x = a.ptr(1), *y = a.ptr(2), *out = a.ptr(3);
  const int dtype = a.dtype(4);
  const int64_t size = a.count(5);
  if (!a.ok()) return a.env().Undefined();
  return finish(a.env(), e.name, launcherOf<decltype(&EwiseWhere)>(e)(c, x, y, out, dtype, size), c, x, y, out);
}

// reductions: (a, out, dtype, keptShape, keptStrides, reducedShape, reducedStrides, offset)
inline Napi::Value ReduceJs(const Napi::CallbackInfo& info, const Entry& e) {
  Args a(info, e.name);
  void *x = a.ptr(0), *out = a.ptr(1);
  const int dtype = a.dtype(2);
  const KitInputs kept = a.inputs(3, 1, false), reduced = a.inputs(5, 1, false);
  const int64_t offset = a.count(7);
  if (!a.ok()) return a.env().Undefined();
  KitReduceView v{};
  v.keptDims = kept.ndim;
  v.reducedDims = reduced.ndim;
  for (int d = 0; d < kept.ndim; ++d) {
    v.keptShape[d] = kept.shape[d];
    v.keptStrides[d] = kept.strides[0][d];
  }
  for (int d = 0; d < reduced.ndim; ++d) {
    v.reducedShape[d] = reduced.shape[d];
    v.reducedStrides[d] = reduced.strides[0][d];
  }
  v.offset = offset;
  v.outer = kept.size;
  v.r = reduced.size;
  return finish(a.env(), e.name, launcherOf<decltype(&ReduceSum)>(e)(x, out, dtype, v), x, out);
}

// row kernels (cumsum, argsort): (a, out, dtype, outer, r)
inline Napi::Value RowsJs(const Napi::CallbackInfo& info, const Entry& e) {
  Args a(info, e.name);
  void *x = a.ptr(0), *out = a.ptr(1);
  const int dtype = a.dtype(2);
  const int64_t outer = a.count(3), r = a.count(4);
  if (!a.ok()) return a.env().Undefined();
  return finish(a.env(), e.name, launcherOf<decltype(&Cumsum)>(e)(x, out, dtype, outer, r), x, out);
}

// matmul: (a, b, out, dtype, m, n, p, aView, bView); matmulBatched: (a, b, out, dtype, batch, m, n, p, aView,
// bView). A view is [batch, row, col, offset] (KitMatrix).
inline Napi::Value MatmulJs(const Napi::CallbackInfo& info, const Entry& e) {
  Args a(info, e.name);
  void *x = a.ptr(0), *y = a.ptr(1), *out = a.ptr(2);
  const int dtype = a.dtype(3);
  const int64_t m = a.count(4), n = a.count(5), p = a.count(6);
  const KitMatrix va = a.matrix(7), vb = a.matrix(8);
  if (!a.ok()) return a.env().Undefined();
  return finish(a.env(), e.name, launcherOf<decltype(&Matmul)>(e)(x, y, out, dtype, m, n, p, va, vb), x, y, out);
}

inline Napi::Value MatmulBatchedJs(const Napi::CallbackInfo& info, const Entry& e) {
  Args a(info, e.name);
  void *x = a.ptr(0), *y = a.ptr(1), *out = a.ptr(2);
  const int dtype = a.dtype(3);
  const int64_t batch = a.count(4), m = a.count(5), n = a.count(6), p = a.count(7);
  const KitMatrix va = a.matrix(8), vb = a.matrix(9);
  if (!a.ok()) return a.env().Undefined();
  return finish(a.env(), e.name, launcherOf<decltype(&MatmulBatched)>(e)(x, y, out, dtype, batch, m, n, p, va, vb), x,
                y, out);
}

// matmulLaunch: (dtype, count, m, p) → { grid, block, sharedBytes, error }: the configuration
// Matmul launches and the name of what CUDA would say to it ("cudaSuccess" when it is valid).
inline Napi::Value MatmulLaunchJs(const Napi::CallbackInfo& info) {
  Args a(info, "matmulLaunch");
  const int dtype = a.dtype(0);
  const int64_t count = a.count(1), m = a.count(2), p = a.count(3);
  if (!a.ok()) return a.env().Undefined();
  KitLaunchInfo launch;
  const cudaError_t err = MatmulLaunch(dtype, count, m, p, &launch);
  Napi::Env env = a.env();
  const auto triple = [&](const unsigned (&v)[3]) {
    Napi::Array arr = Napi::Array::New(env, 3);
    for (uint32_t i = 0; i < 3; ++i) arr.Set(i, Napi::Number::New(env, v[i]));
    return arr;
  };
  Napi::Object o = Napi::Object::New(env);
  o.Set("grid", triple(launch.grid));
  o.Set("block", triple(launch.block));
  o.Set("sharedBytes", Napi::Number::New(env, static_cast<double>(launch.sharedBytes)));
  o.Set("error", Napi::String::New(env, KitErrorName(err)));
  return o;
}

#ifdef KIT_EMULATE
// divergentBarrier (emulation build only): (mode, out) runs divergent.cu's kernel.
inline Napi::Value DivergentBarrierJs(const Napi::CallbackInfo& info) {
  Args a(info, "divergentBarrier");
  const int64_t mode = a.integer(0);
  void* out = a.ptr(1);
  if (!a.ok()) return a.env().Undefined();
  return finish(a.env(), "divergentBarrier", KitDivergentBarrier(static_cast<int>(mode), out), out);
}

// warpShuffle (emulation build only): (mode, delta, width, out) runs warps.cu's kernel.
inline Napi::Value WarpShuffleJs(const Napi::CallbackInfo& info) {
  Args a(info, "warpShuffle");
  const int64_t mode = a.integer(0), delta = a.count(1), width = a.count(2);
  void* out = a.ptr(3);
  if (!a.ok()) return a.env().Undefined();
  return finish(a.env(), "warpShuffle",
                KitWarpShuffle(static_cast<int>(mode), static_cast<unsigned>(delta), static_cast<unsigned>(width), out), out);
}
#endif

// probe(): { error, errorName, errorString, count, name, major, minor, totalMemory, driverVersion, runtimeVersion, emulated }
inline Napi::Value ProbeJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  KitDeviceInfo d;
  const cudaError_t err = KitProbe(&d);
  Napi::Object o = Napi::Object::New(env);
  o.Set("error", Napi::Number::New(env, static_cast<int>(err)));
  o.Set("errorName", Napi::String::New(env, KitErrorName(err)));
  o.Set("errorString", Napi::String::New(env, KitErrorString(err)));
  o.Set("count", Napi::Number::New(env, d.count));
  o.Set("name", Napi::String::New(env, d.name));
  o.Set("major", Napi::Number::New(env, d.major));
  o.Set("minor", Napi::Number::New(env, d.minor));
  o.Set("totalMemory", Napi::Number::New(env, static_cast<double>(d.totalMemory)));
  o.Set("driverVersion", Napi::Number::New(env, d.driverVersion));
  o.Set("runtimeVersion", Napi::Number::New(env, d.runtimeVersion));
  o.Set("emulated", Napi::Boolean::New(env, d.emulated != 0));
  return o;
}

// stats(): the counters of KitMemoryStats, as numbers (exact below 2⁵³).
inline Napi::Value StatsJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  KitMemoryStats st;
  KitStats(&st);
  Napi::Object o = Napi::Object::New(env);
  const auto set = [&](const char* key, uint64_t v) { o.Set(key, Napi::Number::New(env, static_cast<double>(v))); };
  set("launches", st.launches);
  set("mallocs", st.mallocs);
  set("frees", st.frees);
  set("reuses", st.reuses);
  set("releases", st.releases);
  set("hostCopies", st.hostCopies);
  set("stagedCopies", st.stagedCopies);
  set("liveBytes", st.liveBytes);
  set("cachedBytes", st.cachedBytes);
  set("peakBytes", st.peakBytes);
  return o;
}

inline Napi::Value EmptyCacheJs(const Napi::CallbackInfo& info) {
  return finish(info.Env(), "emptyCache", KitEmptyCache());
}

inline Napi::Value SynchronizeJs(const Napi::CallbackInfo& info) {
  return finish(info.Env(), "synchronize", KitSynchronize());
}

inline Napi::Value Dispatch(const Napi::CallbackInfo& info) {
  const Entry& e = *static_cast<const Entry*>(info.Data());
  return e.call(info, e);
}

template <size_t N>
Napi::Object exportTable(Napi::Env env, Napi::Object exports, const Entry (&table)[N]) {
  for (const Entry& e : table) {
    exports.Set(e.name, Napi::Function::New(env, Dispatch, e.name, const_cast<Entry*>(&e)));
  }
  exports.Set("probe", Napi::Function::New(env, ProbeJs, "probe"));
  exports.Set("synchronize", Napi::Function::New(env, SynchronizeJs, "synchronize"));
  exports.Set("stats", Napi::Function::New(env, StatsJs, "stats"));
  exports.Set("emptyCache", Napi::Function::New(env, EmptyCacheJs, "emptyCache"));
  exports.Set("matmulLaunch", Napi::Function::New(env, MatmulLaunchJs, "matmulLaunch"));
#ifdef KIT_EMULATE
  exports.Set("divergentBarrier", Napi::Function::New(env, DivergentBarrierJs, "divergentBarrier"));
  exports.Set("warpShuffle", Napi::Function::New(env, WarpShuffleJs, "warpShuffle"));
#endif
  return exports;
}

}  // namespace glue
