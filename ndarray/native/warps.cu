// Emulation build only: a kernel that shuffles within warps the way KitShuffleMode says, so the
// tests can hold the emulator's __shfl_down_sync to CUDA's documented semantics and check
// that it refuses a shuffle not every lane of the warp meets.
#ifndef KIT_EMULATE
#error "warps.cu is only for the emulation build (-DKIT_EMULATE)"
#endif
#include "common.cuh"

using kit::Thread;

constexpr unsigned kBlock = 64;

// Lane value: the thread's index squared, so any lane's value names its lane. out[x] gets what
// the shuffle returns; in mode KIT_SHUFFLE_PARTIAL the odd lanes of the second warp skip it.
__host__ __device__ void WarpShuffleBody(const Thread& t, int mode, unsigned delta, unsigned width, int32_t* out) {
  const unsigned x = t.thread.x;
  const int32_t mine = static_cast<int32_t>(x * x);
  if (mode == KIT_SHUFFLE_PARTIAL && x >= 32 && x % 2 == 1) {
    out[x] = mine;
    return;
  }
  out[x] = kit::shflDown(mine, delta, width);
}
__global__ void WarpShuffleKernel(int mode, unsigned delta, unsigned width, int32_t* out) {
  WarpShuffleBody(KIT_THREAD, mode, delta, width, out);
}

extern "C" cudaError_t KitWarpShuffle(int mode, unsigned delta, unsigned width, void* out) {
  if (mode < KIT_SHUFFLE_FULL || mode > KIT_SHUFFLE_PARTIAL) return cudaErrorInvalidValue;
  const kit::Launch cfg{dim3(1), dim3(kBlock), 0, true};
  return kit::launch(WarpShuffleKernel, cfg, mode, delta, width, static_cast<int32_t*>(out));
}
