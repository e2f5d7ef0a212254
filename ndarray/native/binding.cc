// The addon's export table: one line per kernel, in the order of KERNELS (ndarray/device.ts).
// Each line names the kernel key, the glue function for its family (glue.h) and its C
// launcher (*.cu). The addon also exports probe() (device count and name, or the CUDA error),
// synchronize() (cudaDeviceSynchronize, for KIT_CUDA_SYNC=1), matmulLaunch() (the matmul
// launch configuration, for the tests), stats() and emptyCache() (the caching allocator's
// counters and release, allocator.h) and, in the emulation build only, divergentBarrier()
// (a kernel that misuses barriers, for the emulator's tests) and warpShuffle() (warp shuffles,
// for the same).
#include "glue.h"

using namespace glue;

static const Entry kKernels[] = {
    {"alloc", AllocJs, reinterpret_cast<void*>(&Alloc)},
    {"fromTypedArray", FromTypedArrayJs, reinterpret_cast<void*>(&FromTypedArray)},
    {"toTypedArray", ToTypedArrayJs, reinterpret_cast<void*>(&ToTypedArray)},
    {"free", FreeJs, reinterpret_cast<void*>(&Free)},
    {"fill", FillJs, reinterpret_cast<void*>(&Fill)},
    {"compact", StridedJs, reinterpret_cast<void*>(&Compact)},
    {"ewiseSetitem", StridedJs, reinterpret_cast<void*>(&EwiseSetitem)},
    {"scalarSetitem", ScalarSetitemJs, reinterpret_cast<void*>(&ScalarSetitem)},
    {"take", TakeJs, reinterpret_cast<void*>(&Take)},
    {"ewiseAdd", EwiseBinaryJs, reinterpret_cast<void*>(&EwiseAdd)},
    {"ewiseSub", EwiseBinaryJs, reinterpret_cast<void*>(&EwiseSub)},
    {"ewiseMul", EwiseBinaryJs, reinterpret_cast<void*>(&EwiseMul)},
    {"ewiseDiv", EwiseBinaryJs, reinterpret_cast<void*>(&EwiseDiv)},
    {"ewisePow", EwiseBinaryJs, reinterpret_cast<void*>(&EwisePow)},
    {"ewiseMaximum", EwiseBinaryJs, reinterpret_cast<void*>(&EwiseMaximum)},
    {"ewiseMinimum", EwiseBinaryJs, reinterpret_cast<void*>(&EwiseMinimum)},
    {"ewiseEq", EwiseBinaryJs, reinterpret_cast<void*>(&EwiseEq)},
    {"ewiseNe", EwiseBinaryJs, reinterpret_cast<void*>(&EwiseNe)},
    {"ewiseLt", EwiseBinaryJs, reinterpret_cast<void*>(&EwiseLt)},
    {"ewiseLe", EwiseBinaryJs, reinterpret_cast<void*>(&EwiseLe)},
    {"ewiseGt", EwiseBinaryJs, reinterpret_cast<void*>(&EwiseGt)},
    {"ewiseGe", EwiseBinaryJs, reinterpret_cast<void*>(&EwiseGe)},
    {"scalarAdd", ScalarBinaryJs, reinterpret_cast<void*>(&ScalarAdd)},
    {"scalarSub", ScalarBinaryJs, reinterpret_cast<void*>(&ScalarSub)},
    {"scalarMul", ScalarBinaryJs, reinterpret_cast<void*>(&ScalarMul)},
    {"scalarDiv", ScalarBinaryJs, reinterpret_cast<void*>(&ScalarDiv)},
    {"scalarPow", ScalarBinaryJs, reinterpret_cast<void*>(&ScalarPow)},
    {"scalarMaximum", ScalarBinaryJs, reinterpret_cast<void*>(&ScalarMaximum)},
    {"scalarMinimum", ScalarBinaryJs, reinterpret_cast<void*>(&ScalarMinimum)},
    {"scalarEq", ScalarBinaryJs, reinterpret_cast<void*>(&ScalarEq)},
    {"scalarNe", ScalarBinaryJs, reinterpret_cast<void*>(&ScalarNe)},
    {"scalarLt", ScalarBinaryJs, reinterpret_cast<void*>(&ScalarLt)},
    {"scalarLe", ScalarBinaryJs, reinterpret_cast<void*>(&ScalarLe)},
    {"scalarGt", ScalarBinaryJs, reinterpret_cast<void*>(&ScalarGt)},
    {"scalarGe", ScalarBinaryJs, reinterpret_cast<void*>(&ScalarGe)},
    {"ewiseNeg", EwiseUnaryJs, reinterpret_cast<void*>(&EwiseNeg)},
    {"ewiseAbs", EwiseUnaryJs, reinterpret_cast<void*>(&EwiseAbs)},
    {"ewiseSign", EwiseUnaryJs, reinterpret_cast<void*>(&EwiseSign)},
    {"ewiseExp", EwiseUnaryJs, reinterpret_cast<void*>(&EwiseExp)},
    {"ewiseLog", EwiseUnaryJs, reinterpret_cast<void*>(&EwiseLog)},
    {"ewiseSqrt", EwiseUnaryJs, reinterpret_cast<void*>(&EwiseSqrt)},
    {"ewiseTanh", EwiseUnaryJs, reinterpret_cast<void*>(&EwiseTanh)},
    {"ewiseSin", EwiseUnaryJs, reinterpret_cast<void*>(&EwiseSin)},
    {"ewiseCos", EwiseUnaryJs, reinterpret_cast<void*>(&EwiseCos)},
    {"ewiseErf", EwiseUnaryJs, reinterpret_cast<void*>(&EwiseErf)},
    {"ewiseWhere", EwiseWhereJs, reinterpret_cast<void*>(&EwiseWhere)},
    {"reduceSum", ReduceJs, reinterpret_cast<void*>(&ReduceSum)},
    {"reduceProd", ReduceJs, reinterpret_cast<void*>(&ReduceProd)},
    {"reduceMax", ReduceJs, reinterpret_cast<void*>(&ReduceMax)},
    {"reduceMin", ReduceJs, reinterpret_cast<void*>(&ReduceMin)},
    {"reduceArgmax", ReduceJs, reinterpret_cast<void*>(&ReduceArgmax)},
    {"reduceArgmin", ReduceJs, reinterpret_cast<void*>(&ReduceArgmin)},
    {"cumsum", RowsJs, reinterpret_cast<void*>(&Cumsum)},
    {"argsort", RowsJs, reinterpret_cast<void*>(&Argsort)},
    {"matmul", MatmulJs, reinterpret_cast<void*>(&Matmul)},
    {"matmulBatched", MatmulBatchedJs, reinterpret_cast<void*>(&MatmulBatched)},
};

static Napi::Object Init(Napi::Env env, Napi::Object exports) { return exportTable(env, exports, kKernels); }

NODE_API_MODULE(NODE_GYP_MODULE_NAME, Init)
